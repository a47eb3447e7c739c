using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Registreren;

/// <summary>
/// The visit form as posted. Every field is a string (or a checkbox), so nothing the browser sends fails to bind with
/// an English message: <see cref="VisitForm"/> reads it and says in Dutch what is wrong, next to the field.
/// </summary>
public sealed class VisitInput
{
    public Guid RequestId { get; set; }
    public string? VisitorCode { get; set; }
    public string? VisitedOn { get; set; }
    public string? Kind { get; set; }
    public string? SpreekuurId { get; set; }
    public List<string> LeefgebiedIds { get; set; } = [];
    public string? HelpedBy { get; set; }
    public List<ReferralInput> Referrals { get; set; } = [];
    /// <summary>"Toch opslaan": the user confirmed a visit (or referral) that repeats a recent one.</summary>
    public bool RepeatConfirmed { get; set; }
    /// <summary>The visitor agrees to metingen now (asked only while no agreement is in force).</summary>
    public bool MetingInstemming { get; set; }
    /// <summary>The step per leefgebied: key the leefgebied's id, value "1" … "5", or empty for no meting.</summary>
    public Dictionary<string, string?> Metingen { get; set; } = [];
}

public sealed class ReferralInput
{
    public string? Naar { get; set; }
    public string? Van { get; set; }
    public string? Zorgvraag { get; set; }
    public string? Category { get; set; }
    public string? LeefgebiedId { get; set; }
    public bool ConsentShareContact { get; set; }
    public bool ConsentFeedback { get; set; }
    public bool Spoed { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }

    /// <summary>A block added and left empty: skipped rather than refused ("van" has a default, so it does not count).</summary>
    public bool IsBlank =>
        new[] { Naar, Zorgvraag, Category, LeefgebiedId, ContactName, ContactPhone }.All(string.IsNullOrWhiteSpace)
        && !ConsentShareContact && !ConsentFeedback && !Spoed;
}

/// <summary>What a checked visit form comes to: the drafts for VisitRegistration, and which form block each referral came from.</summary>
public sealed record ReadVisit(VisitDraft Visit, IReadOnlyList<ReferralDraft> Referrals, IReadOnlyList<int> BlockOfReferral, MetingDraft Metingen);

/// <summary>Reads the posted visit form into drafts, or puts a Dutch message next to each field that is wrong.</summary>
public static partial class VisitForm
{
    public const int ZorgvraagMax = ReferralFieldRules.ZorgvraagMax;
    public const string ZorgvraagHint = ReferralFieldRules.ZorgvraagHint;

    public static string Key(string field) => $"Input.{field}";
    public static string Key(int block, string field) => Key(block.ToString(CultureInfo.InvariantCulture), field);
    public static string Key(string block, string field) => $"Input.Referrals[{block}].{field}";
    public static string MetingKey(int leefgebiedId) => $"Input.Metingen[{leefgebiedId}]";

    /// <summary>The element id for a ModelState key, as the page and spreekuur.js write it: "Input.Referrals[1].Naar" → "input-referrals-1-naar".</summary>
    public static string IdFor(string key) => NotIdChars().Replace(key.ToLowerInvariant(), "-").Trim('-');

    /// <summary>The messages for one field, joined; null when it has none.</summary>
    public static string? Error(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>
    /// The form read for the visitor <paramref name="visitorId"/> of <paramref name="pleinId"/> (0 for a new visitor, stored
    /// with the visit); typed names are matched against <paramref name="names"/>, the desk's lists.
    /// </summary>
    public static ReadVisit? Read(VisitInput input, int pleinId, int visitorId, DeskNames names, ModelStateDictionary state)
    {
        var errors = state.ErrorCount;
        var date = Date(input.VisitedOn, state);
        if (input.Kind is not ("spreekuur" or "inloop")) state.AddModelError(Key("Kind"), "Kies spreekuur of inloop.");
        var spreekuur = OptionalId(input.SpreekuurId, Key("SpreekuurId"), "Kies een spreekuur uit de lijst.", state);
        var helpedBy = PositiveNumber(names.HelpedById(input.HelpedBy, Key("HelpedBy"), state));
        var leefgebieden = input.LeefgebiedIds.Select(PositiveNumber).ToList();
        if (leefgebieden.Count == 0 || leefgebieden.Any(l => l is null))
            state.AddModelError(Key("LeefgebiedIds"), "Kies minstens één leefgebied waar het bezoek over ging.");

        var referrals = new List<ReferralDraft>();
        var blocks = new List<int>();
        for (var i = 0; i < input.Referrals.Count; i++)
        {
            if (input.Referrals[i].IsBlank) continue;
            if (Referral(i, input.Referrals[i], names, state) is { } draft) { referrals.Add(draft); blocks.Add(i); }
        }
        var metingen = Metingen(input, state);
        if (state.ErrorCount > errors || date is null) return null;

        var visit = new VisitDraft(input.RequestId, pleinId, visitorId, date.Value, input.Kind!, spreekuur,
            leefgebieden.Select(l => l!.Value).Distinct().ToList(), helpedBy, input.RepeatConfirmed);
        return new ReadVisit(visit, referrals, blocks, metingen);
    }

    /// <summary>The chosen steps (an empty choice is no meting); whether they may be taken is the registration's to check.</summary>
    static MetingDraft Metingen(VisitInput input, ModelStateDictionary state)
    {
        var steps = new Dictionary<int, short>();
        foreach (var (key, value) in input.Metingen)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (PositiveNumber(key) is not int leefgebied) { state.AddModelError("", "Een meting hoort bij een leefgebied uit de lijst."); continue; }
            if (PositiveNumber(value) is int step and <= 5) steps[leefgebied] = (short)step;
            else state.AddModelError(MetingKey(leefgebied), "Kies een stap van 1 tot en met 5.");
        }
        return new MetingDraft(input.MetingInstemming, steps);
    }

    /// <summary>The ModelState key for a problem the database checks found; "" (the form as a whole) when no field fits.</summary>
    public static string KeyOf(EntryProblem p, IReadOnlyList<int> blockOfReferral) => (p.Referral, p.Field) switch
    {
        (_, Fields.Visitor) => Key("VisitorCode"),
        (_, Fields.Date) => Key("VisitedOn"),
        (null, Fields.Leefgebieden) => Key("LeefgebiedIds"),
        (null, Fields.Spreekuur) => Key("SpreekuurId"),
        (null, Fields.HelpedBy) => Key("HelpedBy"),
        (int i, Fields.To) => Key(blockOfReferral[i], "Naar"),
        (int i, Fields.From) => Key(blockOfReferral[i], "Van"),
        (int i, Fields.Leefgebied) => Key(blockOfReferral[i], "LeefgebiedId"),
        (int i, Fields.Contact) => Key(blockOfReferral[i], "ContactName"),
        (int i, Fields.ContactPhone) => Key(blockOfReferral[i], "ContactPhone"),
        (int i, Fields.Zorgvraag) => Key(blockOfReferral[i], "Zorgvraag"),
        (int i, Fields.Category) => Key(blockOfReferral[i], "Category"),
        (null, MetingRecording.AgreementField) => Key("MetingInstemming"),
        (null, var field) when MetingRecording.LeefgebiedOf(field) is int leefgebied => MetingKey(leefgebied),
        _ => "",
    };

    static ReferralDraft? Referral(int block, ReferralInput r, DeskNames names, ModelStateDictionary state)
    {
        var errors = state.ErrorCount;
        var to = PartyOf(r.Naar, Key(block, "Naar"), "Kies naar wie of welke organisatie je verwijst.", state);
        if (to == Party.Eigen) state.AddModelError(Key(block, "Naar"), "Kies naar wie of welke organisatie je verwijst.");
        Party? from = Party.TryParse(names.From(r.Van, Key(block, "Van"), state), out var van) ? van : null;
        var zorgvraag = ReferralFieldRules.Zorgvraag(r.Zorgvraag);
        if (ReferralFieldRules.ZorgvraagProblem(zorgvraag) is { } zorgvraagProblem) state.AddModelError(Key(block, "Zorgvraag"), zorgvraagProblem);
        var category = ReferralFieldRules.Category(r.Category);
        if (ReferralFieldRules.CategoryProblem(category) is { } categoryProblem) state.AddModelError(Key(block, "Category"), categoryProblem);
        var leefgebied = PositiveNumber(r.LeefgebiedId);
        if (leefgebied is null) state.AddModelError(Key(block, "LeefgebiedId"), "Kies het leefgebied van deze verwijzing.");
        var contact = Contact(block, r, state);
        if (state.ErrorCount > errors) return null;
        // The request id and the date come from the visit (VisitRegistration derives them).
        return new ReferralDraft(Guid.Empty, default, from!.Value, to!.Value, zorgvraag, category, leefgebied!.Value,
            r.ConsentShareContact, r.ConsentFeedback, r.Spoed, contact);
    }

    /// <summary>Name and phone only with the visitor's consent (design.md §4): never kept silently, never dropped silently.</summary>
    static ContactDraft? Contact(int block, ReferralInput r, ModelStateDictionary state)
    {
        var name = (r.ContactName ?? "").Trim();
        var phone = (r.ContactPhone ?? "").Trim();
        if (!r.ConsentShareContact)
        {
            if (name != "" || phone != "") state.AddModelError(Key(block, "ContactName"), ReferralFieldRules.ContactWithoutConsent);
            return null;
        }
        if (ReferralFieldRules.ContactNameProblem(name) is { } nameProblem) state.AddModelError(Key(block, "ContactName"), nameProblem);
        if (ReferralFieldRules.PhoneProblem(phone) is { } phoneProblem) state.AddModelError(Key(block, "ContactPhone"), phoneProblem);
        return new ContactDraft(name, phone);
    }

    static DateOnly? Date(string? text, ModelStateDictionary state)
    {
        if (FormDate.Parse(text) is DateOnly date) return date;
        state.AddModelError(Key("VisitedOn"), "Vul de datum van het bezoek in, bijvoorbeeld 23-11-2026.");
        return null;
    }

    static Party? PartyOf(string? value, string key, string message, ModelStateDictionary state)
    {
        if (Party.TryParse(value?.Trim(), out var party)) return party;
        state.AddModelError(key, message);
        return null;
    }

    static int? OptionalId(string? value, string key, string message, ModelStateDictionary state)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (PositiveNumber(value) is int id) return id;
        state.AddModelError(key, message);
        return null;
    }

    /// <summary>A positive whole number as a form sends it (an id, a year); null for anything else.</summary>
    public static int? PositiveNumber(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;


    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdChars();
}
