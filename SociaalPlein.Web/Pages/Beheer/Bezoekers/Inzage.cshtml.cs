using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Bezoekers;

/// <summary>
/// The right of access and erasure (AVG art. 15 and 17) for one visitor, beheerder only: a printable page with everything
/// stored about them, and "Persoonsgegevens wissen" in two steps: tick the box and type the code, then confirm on a step
/// that names what will be erased. Both are
/// written to the audit log (visitor.access_report, visitor.erased). The beheerder sees every plein, so an unknown id is
/// simply not found.
/// </summary>
public sealed class InzageModel(VisitorRecord records, VisitorErasure erasure, AuditLog audit, TimeProvider clock) : PageModel
{
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

    /// <summary>The second step of an erasure, shown once the tick and the code are right (Confirmation.cs).</summary>
    public Confirmation? Confirm { get; private set; }

    /// <summary>
    /// The first POST checks the tick and the typed code and, when they are right, asks for the confirmation that names
    /// what will be erased; only the second POST from that step (carrying <see cref="Confirmation.Field"/>) erases.
    /// Either answer shows the whole report again, so each is audited as a read.
    /// </summary>
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
            await AuditShownAsync(ct, erasure: "refused");
            return Page();
        }
        if (!Confirmation.Given(Request))
        {
            Confirm = ErasureStep(id);
            await AuditShownAsync(ct, erasure: "confirmation_asked");
            return Page();
        }

        var result = await erasure.EraseAsync(id, PageAudit.Entry(this, VisitorErasure.AuditAction, allowed: true, "visitor"), ct);
        if (result is null) return NotFound();
        Message = $"De persoonsgegevens van {result.Code} zijn gewist. De geanonimiseerde gegevens blijven voor de cijfers.";
        return Redirect($"/beheer/bezoekers/{id}/inzage");
    }

    /// <summary>What the erasure will remove of this visitor, counted from the report the page shows.</summary>
    Confirmation ErasureStep(int id)
    {
        var code = Record.Visitor.Code;
        static string Of(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
        var erased = new List<string>();
        if (Record.Contacts.Count > 0)
            erased.Add($"naam en telefoonnummer bij {Of(Record.Contacts.Count, "verwijzing", "verwijzingen")}");
        if (Record.Referrals.Count > 0)
            erased.Add($"de zorgvraag en categorie van {Of(Record.Referrals.Count, "verwijzing", "verwijzingen")}");
        var notes = Record.Events.Count(e => e.Note is not null);
        if (notes > 0) erased.Add(Of(notes, "notitie", "notities") + " in de statusgeschiedenis");
        if (Record.Referrals.Any(r => r.StatusReason is not null) || Record.Events.Any(e => e.Reason is not null))
            erased.Add("de eigen woorden bij een reden (de gekozen reden blijft)");
        var what = erased.Count == 0 ? "er staat geen naam, telefoonnummer of vrije tekst meer" : string.Join(", ", erased);
        return new Confirmation($"Persoonsgegevens van bezoeker {code} wissen?",
            $"Van bezoeker {code} worden gewist: {what}. Blijven bewaard, zonder iets dat de bezoeker noemt: de code, geboortejaar, " +
            "geslacht, postcode-cijfers of wijk, de bezoeken, de metingen (stappen per leefgebied) en per verwijzing van wie naar wie, " +
            "het leefgebied, de data en de status. " +
            "Dit kan niet ongedaan worden gemaakt.",
            "Wissen", $"Persoonsgegevens van {code} definitief wissen", $"/beheer/bezoekers/{id}/inzage#wissen", "Terug, niets wissen")
        {
            Route = new() { ["id"] = id.ToString() },
            Fields = [new(nameof(Bevestig), "true"), new(nameof(Code), code)],
        };
    }

    // A POST of the erasure form shows the whole report again: as much a read as the GET, with what the POST came to.
    Task AuditShownAsync(CancellationToken ct, string? erasure = null) =>
        audit.WriteAsync(PageAudit.Entry(this, VisitorRecord.AccessAction, allowed: true, "visitor", Record.Visitor.Id.ToString(), Record.Visitor.Code,
            Record.Visitor.PleinId, new
            {
                contact_referrals = Record.Contacts.Select(c => c.ReferralId).ToArray(), visits = Record.Visits.Count, referrals = Record.Referrals.Count,
                metingen = Record.Metingen.Count,
                status_events = Record.Events.Count, erasure,
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
