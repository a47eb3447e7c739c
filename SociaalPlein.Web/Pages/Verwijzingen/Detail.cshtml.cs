using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Verwijzingen;

/// <summary>
/// One referral: everything about it, its status history, and the steps the signed-in account may take (the receiving
/// side forward, the sender a cancellation). What the account may not see is not found. Each time the visitor's contact
/// details are shown, that is written to the audit log (design.md §4).
/// </summary>
public sealed class DetailModel(ReferralDetails details, ReferralLoop loop, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string Outdated = "Iemand anders heeft deze verwijzing intussen bijgewerkt. Bekijk de nieuwe status hieronder en kies opnieuw.";

    [BindProperty] public StatusInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public ReferralView View { get; private set; } = null!;
    public ReferralDetail Referral => View.Referral;

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

    async Task<bool> ShowAsync(int id, CancellationToken ct)
    {
        var view = await details.LoadAsync(User.UserId(), id, clock.GetUtcNow(), ct);
        if (view is null) return false;
        View = view;
        // The zorgvraag is about a person, even when only their code is known: every view is in the log.
        await audit.WriteAsync(PageAudit.Entry(this, "referral.view", allowed: true, "referral", id.ToString(), view.Referral.VisitorCode,
            view.Referral.PleinId), ct);
        if (view.Contact is not null) await AuditContactViewAsync(ct);
        return true;
    }

    // NEN 7513: who saw whose contact details, when, from where; the visitor only by code.
    Task AuditContactViewAsync(CancellationToken ct) => audit.WriteAsync(PageAudit.Entry(this,
        "visitor_contact.view", allowed: true, "referral", Referral.Id.ToString(), Referral.VisitorCode, Referral.PleinId), ct);

    /// <summary>The first message for a field of the posted step's form, or null.</summary>
    public string? ErrorFor(string step, string field) =>
        step == PostedStep && ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0
            ? entry.Errors[0].ErrorMessage : null;

    /// <summary>What the posted step's form had in a field, to show it again; empty for the other forms.</summary>
    public string Kept(string step, string? value) => step == PostedStep ? value ?? "" : "";
}
