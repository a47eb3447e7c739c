using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Verwijzingen;

/// <summary>
/// One referral: everything about it, its status history, and the steps the signed-in account may take (the receiving
/// side forward, the sender a cancellation). What the account may not see is not found. Each time the contact details this
/// referral carried are shown, that is written to the audit log (design.md §4). Cancelling and withdrawing ("intrekken", by
/// whoever registered it, while still 'verzonden') each take a confirmation step (Confirmation).
/// </summary>
public sealed class DetailModel(ReferralDetails details, ReferralLoop loop, Withdrawals withdrawals, AuditLog audit, TimeProvider clock)
    : PageModel
{
    public const string Outdated = "Iemand anders heeft deze verwijzing intussen bijgewerkt. Bekijk de nieuwe status hieronder en kies opnieuw.";

    [BindProperty] public StatusInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public ReferralView View { get; private set; } = null!;
    public ReferralDetail Referral => View.Referral;
    public ReferralWithdrawal Withdrawal { get; private set; } = new(null, false);

    /// <summary>The confirmation step of a cancellation or withdrawal, shown instead of acting on the first POST.</summary>
    public Confirmation? Confirm { get; private set; }

    /// <summary>The steps the account may take: none on a withdrawn referral.</summary>
    public IReadOnlyList<string> Steps => Withdrawal.Done is null ? Referral.Steps : [];

    /// <summary>The step whose form was posted with problems: it opens again, with the input kept.</summary>
    public string? PostedStep { get; private set; }

    public sealed class StatusInput
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Outcome { get; set; }
        public string? Reason { get; set; }
        public string? ReasonText { get; set; }
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await ShowAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(int id, CancellationToken ct)
    {
        var change = new StatusChange(Input.From ?? "", Input.To ?? "", Input.Outcome, Input.Reason, Input.ReasonText, Input.Note);
        if (ReferralStatus.IsSendersStep(change.To) && !Confirmation.Given(Request))
        {
            if (!await ShowAsync(id, ct)) return NotFound();
            if (change.Problems() is { Count: > 0 } problems)
            {
                PostedStep = change.To;
                ModelState.Refuse(nameof(Input), problems);
            }
            else Confirm = CancelConfirmation(change);
            return Page();
        }
        var result = await loop.ChangeAsync(User.UserId(), id, change, HttpContext.Connection.RemoteIpAddress, ct);
        switch (result.Outcome)
        {
            case StatusChangeOutcome.Changed:
                Message = $"De verwijzing staat nu op '{ReferralStatus.Label(change.To)}'.";
                return Redirect($"/verwijzingen/{id}");
            case StatusChangeOutcome.NotFound or StatusChangeOutcome.NotAllowed:
                // Not this account's step to take: said the same way as a referral it cannot see (never 403).
                return NotFound();
        }
        if (!await ShowAsync(id, ct)) return NotFound();
        if (result.Outcome == StatusChangeOutcome.Outdated)
        {
            ModelState.Clear();
            ModelState.AddModelError("", Outdated);
            return Page();
        }
        PostedStep = change.To;
        ModelState.Refuse(nameof(Input), result.Problems);
        return Page();
    }

    /// <summary>Withdrawing: the first POST shows the confirmation with the reason to type, the second withdraws.</summary>
    public async Task<IActionResult> OnPostIntrekkenAsync(int id, string? reden, CancellationToken ct)
    {
        if (!await ShowAsync(id, ct)) return NotFound();
        if (!Withdrawal.MayWithdraw)
        {
            ModelState.AddModelError("", NotWithdrawable);
            return Page();
        }
        if (!Confirmation.Given(Request))
        {
            Confirm = WithdrawConfirmation(reden, null);
            return Page();
        }
        var result = await withdrawals.ReferralAsync(User.UserId(), id, reden, HttpContext.Connection.RemoteIpAddress, ct);
        switch (result.Outcome)
        {
            case WithdrawOutcome.Withdrawn:
                Message = "De verwijzing is ingetrokken. Ze telt nergens meer mee; de ontvanger krijgt geen melding meer.";
                return Redirect($"/verwijzingen/{id}");
            case WithdrawOutcome.Refused:
                Confirm = WithdrawConfirmation(reden, result.Problem);
                return Page();
        }
        if (!await ShowAsync(id, ct)) return NotFound();
        ModelState.AddModelError("", NotWithdrawable);
        return Page();
    }

    public const string NotWithdrawable =
        "Deze verwijzing kun je niet (meer) intrekken: alleen wie haar registreerde kan dat, zolang de ontvanger er nog niets mee deed.";

    Confirmation CancelConfirmation(StatusChange change) => new(
        $"Verwijzing naar {Referral.To} annuleren?",
        $"{Referral.To} ziet dat je de verwijzing hebt geannuleerd en kan er daarna niets meer mee. Annuleren kan niet ongedaan worden gemaakt.",
        "Status", "Verwijzing annuleren", $"/verwijzingen/{Referral.Id}", "Terug, niet annuleren")
    {
        Route = new() { ["id"] = Referral.Id.ToString() },
        Fields = [new("Input.From", change.From), new("Input.To", change.To), new("Input.Note", Input.Note ?? "")],
    };

    Confirmation WithdrawConfirmation(string? reason, string? problem) => new(
        $"Verwijzing naar {Referral.To} intrekken?",
        "Intrekken is voor een verwijzing die per vergissing of dubbel is geregistreerd. Ze blijft hier zichtbaar als ingetrokken, " +
        "met jouw naam en de reden, maar telt nergens meer mee: niet in de lijsten, het dashboard, de nieuwsbrief of de export. " +
        "Een melding die nog niet is verstuurd, gaat niet meer weg.",
        "Intrekken", "Verwijzing intrekken", $"/verwijzingen/{Referral.Id}", "Terug, niet intrekken")
    {
        Route = new() { ["id"] = Referral.Id.ToString() },
        Reason = new ConfirmationReason("reden", "Waarom trek je de verwijzing in?", "Kort, zonder gegevens over de bewoner.",
            reason, problem, Withdrawals.MaxReasonLength),
    };

    async Task<bool> ShowAsync(int id, CancellationToken ct)
    {
        var view = await details.LoadAsync(User.UserId(), id, clock.GetUtcNow(), ct);
        if (view is null) return false;
        View = view;
        Withdrawal = await withdrawals.OfReferralAsync(User.UserId(), id, ct);
        // The zorgvraag is about a person, even when only their code is known: every view is in the log.
        await audit.WriteAsync(PageAudit.Entry(this, ReferralDetails.ViewAction, allowed: true, "referral", id.ToString(), view.Referral.VisitorCode,
            view.Referral.PleinId), ct);
        if (view.Contact is not null) await AuditContactViewAsync(ct);
        return true;
    }

    // NEN 7513: who saw whose contact details, when, from where; the visitor only by code.
    Task AuditContactViewAsync(CancellationToken ct) => audit.WriteAsync(PageAudit.Entry(this,
        ReferralDetails.ContactViewAction, allowed: true, "referral", Referral.Id.ToString(), Referral.VisitorCode, Referral.PleinId), ct);

    /// <summary>The first message for a field of the posted step's form, or null.</summary>
    public string? ErrorFor(string step, string field) =>
        step == PostedStep && ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0
            ? entry.Errors[0].ErrorMessage : null;

    /// <summary>What the posted step's form had in a field, to show it again; empty for the other forms.</summary>
    public string Kept(string step, string? value) => step == PostedStep ? value ?? "" : "";
}
