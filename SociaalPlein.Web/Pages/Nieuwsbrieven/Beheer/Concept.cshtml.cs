using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven.Beheer;

/// <summary>
/// /nieuwsbrieven/beheer/{id}: one newsletter of a plein the account manages. A draft can be previewed, given a note
/// (plain text, at most 1,500 characters; saving it remakes the PDF), remade with today's figures, and sent; a sent
/// one shows each subscriber's delivery, with a retry for the ones that failed. Every send is audited.
/// </summary>
public sealed class ConceptModel(Newsletters newsletters, NewsletterGenerator generator, QueuedNewsletterSender sending,
    NewsletterDeliveries deliveries, AuditLog audit) : PageModel
{
    public const int NoteMaxLength = 1500;

    public NewsletterDraft Newsletter { get; private set; } = null!;
    public IReadOnlyList<DeliveryRow> Deliveries { get; private set; } = [];

    [BindProperty]
    public string? Notitie { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Notitie = Newsletter.Note;
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var note = Notitie?.Replace("\r\n", "\n").Trim();
        if (note is { Length: > NoteMaxLength })
            ModelState.AddModelError(nameof(Notitie), $"De notitie is {note.Length} tekens lang; hoogstens {NoteMaxLength} passen in de nieuwsbrief.");
        else if (note is not null && note.Any(c => char.IsControl(c) && c != '\n' && c != '\t'))
            ModelState.AddModelError(nameof(Notitie), "De notitie bevat tekens die niet afgedrukt kunnen worden. Typ de tekst opnieuw of plak hem als platte tekst.");
        if (!Newsletter.IsDraft) ModelState.AddModelError(nameof(Notitie), "Deze nieuwsbrief is al verstuurd; de notitie kan niet meer veranderen.");
        if (!ModelState.IsValid) return Page();

        await newsletters.SetNoteAsync(id, note, ct);
        await generator.GenerateAsync(Newsletter.PleinId, Newsletter.Quarter, ct);
        Message = "De notitie is bewaard en de nieuwsbrief is opnieuw gemaakt. Bekijk het resultaat voordat je verstuurt.";
        return Redirect($"/nieuwsbrieven/beheer/{id}");
    }

    public async Task<IActionResult> OnPostRemakeAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await generator.GenerateAsync(Newsletter.PleinId, Newsletter.Quarter, ct);
        Message = result.Generated ? "De nieuwsbrief is opnieuw gemaakt met de cijfers van nu." : "Deze nieuwsbrief is al verstuurd en blijft zoals hij is.";
        return Redirect($"/nieuwsbrieven/beheer/{id}");
    }

    /// <summary>The confirmation step of sending, shown on the first POST instead of sending.</summary>
    public Confirmation? Confirm { get; private set; }

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Confirmation.Given(Request) && Newsletter is { IsDraft: true, ActiveSubscribers: > 0 })
        {
            Notitie = Newsletter.Note;
            var recipients = $"{Newsletter.ActiveSubscribers} {(Newsletter.ActiveSubscribers == 1 ? "abonnee" : "abonnees")}";
            Confirm = new Confirmation($"Nieuwsbrief {Newsletter.Quarter} nu versturen naar {recipients}?",
                $"Iedere abonnee van {Newsletter.PleinName} krijgt de PDF één keer per e-mail. Daarna kan de nieuwsbrief niet meer " +
                "veranderen en niet worden teruggehaald.",
                "Send", $"Nieuwsbrief {Newsletter.Quarter} nu versturen naar {recipients}", $"/nieuwsbrieven/beheer/{id}", "Terug, nog niet versturen")
            { Route = new() { ["id"] = id.ToString() } };
            return Page();
        }
        var result = await sending.SendAsync(id, User.UserId(), ct);
        if (result.Outcome == SendOutcome.Sent)
            await audit.WriteAsync(PageAudit.Entry(this, QuarterlyNewsletterRun.SendAction, allowed: true, "newsletter", id.ToString(), pleinId: Newsletter.PleinId,
                detail: new { quarter = Newsletter.Quarter.Key, recipients = result.DeliveryIds.Count }), ct);
        Message = result.Outcome switch
        {
            SendOutcome.Sent => $"De nieuwsbrief gaat nu naar {result.DeliveryIds.Count} {(result.DeliveryIds.Count == 1 ? "abonnee" : "abonnees")}. Hieronder zie je per adres of hij is aangekomen.",
            SendOutcome.AlreadySent => "Deze nieuwsbrief was al verstuurd; niemand krijgt hem twee keer.",
            SendOutcome.NoPdf => "Maak de nieuwsbrief eerst, dan kun je hem versturen.",
            SendOutcome.NoSubscribers => "Er zijn nog geen abonnees. Voeg eerst abonnees toe.",
            _ => "Deze nieuwsbrief bestaat niet.",
        };
        return Redirect($"/nieuwsbrieven/beheer/{id}");
    }

    public async Task<IActionResult> OnPostRetryAsync(int id, long delivery, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (await deliveries.RetryAsync(delivery, Newsletter.PleinId, ct))
        {
            sending.Enqueue(delivery);
            Message = "We proberen dit adres opnieuw.";
        }
        return Redirect($"/nieuwsbrieven/beheer/{id}");
    }

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await newsletters.FindManagedAsync(id, User.UserId(), ct) is not { } found) return false;
        Newsletter = found;
        Deliveries = found.IsDraft ? [] : await newsletters.DeliveriesAsync(id, ct);
        return true;
    }
}
