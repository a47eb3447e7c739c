using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Bezoekers;

/// <summary>
/// The right of access and erasure (AVG art. 15 and 17) for one visitor, beheerder only: a printable page with everything
/// stored about them, and "Persoonsgegevens wissen" behind a confirmation (tick the box and type the code). Both are
/// written to the audit log (visitor.access_report, visitor.erased). The beheerder sees every plein, so an unknown id is
/// simply not found.
/// </summary>
public sealed class InzageModel(VisitorRecord records, VisitorErasure erasure, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string AccessAction = "visitor.access_report";

    public VisitorRecordPage Record { get; private set; } = null!;
    public DateTime MadeAt => clock.GetUtcNow().UtcDateTime;

    [BindProperty] public bool Bevestig { get; set; }
    [BindProperty] public string? Code { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync(id, ct)) return NotFound();
        await AuditShownAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWissenAsync(int id, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Bevestig)
            ModelState.AddModelError(nameof(Bevestig), "Vink aan dat de bezoeker om het wissen heeft gevraagd.");
        if (!string.Equals(Code?.Trim(), Record.Visitor.Code, StringComparison.OrdinalIgnoreCase))
            ModelState.AddModelError(nameof(Code), $"Typ de code van deze bezoeker ({Record.Visitor.Code}) om te bevestigen.");
        if (!ModelState.IsValid)
        {
            // The refused confirmation shows the whole report again: as much a read as the GET.
            await AuditShownAsync(ct);
            return Page();
        }

        var result = await erasure.EraseAsync(id, PageAudit.Entry(this, VisitorErasure.AuditAction, allowed: true, "visitor"), ct);
        if (result is null) return NotFound();
        Message = $"De persoonsgegevens van {result.Code} zijn gewist. De geanonimiseerde gegevens blijven voor de cijfers.";
        return Redirect($"/beheer/bezoekers/{id}/inzage");
    }

    Task AuditShownAsync(CancellationToken ct) =>
        audit.WriteAsync(PageAudit.Entry(this, AccessAction, allowed: true, "visitor", Record.Visitor.Id.ToString(), Record.Visitor.Code,
            Record.Visitor.PleinId, new
            {
                contact_referrals = Record.Contacts.Select(c => c.ReferralId).ToArray(), visits = Record.Visits.Count, referrals = Record.Referrals.Count,
                status_events = Record.Events.Count,
            }), ct);

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var record = await records.LoadAsync(id, ct);
        if (record is null) return false;
        Record = record;
        return true;
    }

    public IEnumerable<RecordEvent> EventsOf(int referralId) => Record.Events.Where(e => e.ReferralId == referralId);
    public RecordContact? ContactOf(int referralId) => Record.Contacts.FirstOrDefault(c => c.ReferralId == referralId);
    public IEnumerable<RecordContactReader> ReadersOf(int referralId) => Record.ContactReaders.Where(c => c.ReferralId == referralId);

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
