using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Web.Pages.Verwijzingen;

/// <summary>What the referral pages share: how a status, a date and a problem are shown.</summary>
public static class VerwijzingText
{
    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", Dutch);

    /// <summary>A stored timestamp (UTC) in Amsterdam time.</summary>
    public static string When(DateTime utc) =>
        PleinTime.Local(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d MMM yyyy HH:mm", Dutch);

    /// <summary>The status as a reader says it, with the outcome when it is known to them: "Afgerond: geholpen".</summary>
    public static string Status(string status, string? outcome) =>
        outcome is null ? ReferralStatus.Label(status) : $"{ReferralStatus.Label(status)}: {ReferralStatus.OutcomeLabel(outcome).ToLowerInvariant()}";

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>
    /// Puts each problem next to its field (<c>{prefix}.{Field}</c>). A value the model binder could not read at all
    /// (an id that is no number: only a tampered form sends one) first gets a Dutch message instead of its own.
    /// </summary>
    public static void Refuse(this ModelStateDictionary state, string prefix, IEnumerable<EntryProblem> problems)
    {
        foreach (var (key, entry) in state.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            state.AddModelError(key, "Deze waarde klopt niet. Kies of vul haar opnieuw in.");
        }
        foreach (var p in problems) state.AddModelError($"{prefix}.{p.Field}", p.Message);
    }
}
