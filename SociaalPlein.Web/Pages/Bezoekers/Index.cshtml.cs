using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Bezoekers;

/// <summary>
/// The visitor card at /bezoekers/{code}: demographics, visits and referrals over time, and the contact details each
/// referral carried, for that referral's sides (and the projectleider and beheerder) only. A visitor the account may not see is not found (404). Every view, refused ones
/// included, is written to the audit log before anything is shown.
/// </summary>
public sealed class IndexModel(VisitorCard cards, VisitorMetingen metingen, AuditLog audit, TimeProvider clock) : PageModel
{
    public VisitorCardPage Card { get; private set; } = null!;
    public CardMetingen Metingen { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public CardWithdrawals Withdrawn { get; private set; } = new(new Dictionary<int, Withdrawal>(), new Dictionary<int, Withdrawal>(), new HashSet<int>());

    /// <summary>The confirmation step of withdrawing a visit, shown on the first POST instead of acting.</summary>
    public Confirmation? Confirm { get; private set; }
    [TempData] public string? Message { get; set; }

    /// <summary>Why the account opens the whole history ("break the glass"); kept for the projectleider's review.</summary>
    [BindProperty]
    public string? Reden { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, [FromServices] Withdrawals withdrawals, CancellationToken ct) =>
        await ShowAsync(code, withdrawals, ct) ?? Page();

    /// <summary>Withdrawing a visit this account registered: the first POST asks for the reason, the second withdraws.</summary>
    public async Task<IActionResult> OnPostIntrekkenAsync(string code, int bezoek, string? reden, [FromServices] Withdrawals withdrawals,
        CancellationToken ct)
    {
        if (await ShowAsync(code, withdrawals, ct) is { } notFound) return notFound;
        if (Card.Visits.FirstOrDefault(x => x.Id == bezoek) is not { } visit || !Withdrawn.WithdrawableVisits.Contains(bezoek))
        {
            ModelState.AddModelError("", "Dit bezoek kun je niet (meer) intrekken: alleen wie het registreerde kan dat.");
            return Page();
        }
        string? problem = null;
        if (Confirmation.Given(Request))
        {
            var result = await withdrawals.VisitAsync(User.UserId(), bezoek, reden, HttpContext.Connection.RemoteIpAddress, ct);
            if (result.Outcome == WithdrawOutcome.Withdrawn)
            {
                Message = result.Referrals switch
                {
                    0 => "Het bezoek is ingetrokken en telt nergens meer mee.",
                    1 => "Het bezoek is ingetrokken, met de verwijzing die erbij hoorde. Ze tellen nergens meer mee.",
                    var n => $"Het bezoek is ingetrokken, met de {n} verwijzingen die erbij hoorden. Ze tellen nergens meer mee.",
                };
                return Redirect($"/bezoekers/{Card.Visitor.Code}");
            }
            problem = result.Problem ?? "Dit bezoek kun je niet (meer) intrekken.";
        }
        Confirm = new Confirmation($"Bezoek van {PleinTime.DateText(visit.VisitedOn)} ({BezoekerFormat.Kind(visit.Kind).ToLowerInvariant()}) intrekken?",
            $"Intrekken is voor een bezoek van {Card.Visitor.Code} dat per vergissing of dubbel is geregistreerd. Het blijft op deze kaart " +
            "zichtbaar als ingetrokken, met jouw naam en de reden, maar telt nergens meer mee: niet bij de veelbezoekers, het dashboard, " +
            "de nieuwsbrief of de export. Verwijzingen van dit bezoek die de ontvanger nog niet oppakte, worden ook ingetrokken.",
            "Intrekken", "Bezoek intrekken", $"/bezoekers/{Card.Visitor.Code}", "Terug naar de kaart, niets intrekken")
        {
            Route = new() { ["code"] = Card.Visitor.Code },
            Fields = [new("bezoek", bezoek.ToString())],
            Reason = new ConfirmationReason("reden", "Waarom trek je het bezoek in?", "Kort, zonder gegevens over de bewoner.",
                reden, problem, SociaalPlein.Data.Verwijzingen.Withdrawals.MaxReasonLength),
        };
        return Page();
    }

    /// <summary>
    /// The visitor withdraws their agreement to metingen, and may ask to erase the earlier ones (<paramref name="wissen"/>):
    /// the first POST names what will happen on a confirmation step, the second does it (VisitorMetingen.WithdrawAsync,
    /// audited as meting.agreement_withdrawn in the same transaction).
    /// </summary>
    public async Task<IActionResult> OnPostInstemmingAsync(string code, bool wissen, [FromServices] Withdrawals withdrawals, CancellationToken ct)
    {
        if (await ShowAsync(code, withdrawals, ct) is { } notFound) return notFound;
        if (!Metingen.AgreementInForce && !wissen)
        {
            ModelState.AddModelError("", "De instemming is al ingetrokken; er is niets meer in te trekken.");
            return Page();
        }
        if (Confirmation.Given(Request))
        {
            var done = await metingen.WithdrawAsync(User.UserId(), code, wissen,
                PageAudit.Entry(this, VisitorMetingen.WithdrawAction, allowed: true, "visitor"), ct);
            if (done is null) return NotFound();
            Message = (done.Withdrew, done.Erased) switch
            {
                (true, 0) => "De instemming is ingetrokken. Er worden geen nieuwe metingen meer vastgelegd.",
                (true, var n) => $"De instemming is ingetrokken en {MetingenText(n)} gewist.",
                (false, var n) => $"{MetingenText(n)} gewist.",
            };
            Message = char.ToUpperInvariant(Message[0]) + Message[1..];
            return Redirect($"/bezoekers/{Card.Visitor.Code}");
        }
        Confirm = AgreementStep(wissen);
        return Page();
    }

    static string MetingenText(int n) => n == 1 ? "1 meting is" : $"{n} metingen zijn";

    /// <summary>What withdrawing (and erasing) will do, with the metingen on the card that will be erased named.</summary>
    Confirmation AgreementStep(bool erase)
    {
        var code = Card.Visitor.Code;
        var shown = string.Join(", ", Metingen.PerLeefgebied.Select(g => $"{g.Key} ({g.Count()})"));
        var text = (Metingen.AgreementInForce ? $"{code} stemt dan niet meer in met metingen: er worden geen nieuwe vastgelegd. " : "") +
            (erase
                ? "Alle eerdere metingen van deze bezoeker worden gewist, ook die van collega's die jij niet ziet" +
                  (shown.Length > 0 ? $" (op deze kaart: {shown})" : "") + ". Dat kan niet ongedaan worden. " +
                  "Cijfers die al zijn gepubliceerd, zoals eerdere nieuwsbrieven, blijven zoals ze waren: daarin staat niemand met naam of code."
                : "De eerdere metingen blijven bewaard en tellen mee in de cijfers.");
        return new Confirmation(erase ? $"Instemming intrekken en metingen van {code} wissen?" : $"Instemming van {code} intrekken?", text,
            "Instemming", erase ? "Intrekken en wissen" : "Instemming intrekken", $"/bezoekers/{code}", "Terug naar de kaart, niets wijzigen")
        {
            Route = new() { ["code"] = code },
            Fields = [new("wissen", erase ? "true" : "false")],
        };
    }

    /// <summary>
    /// Opens the rest of the visitor's history with a reason: stored (visitor_history_opening) and audited as
    /// visitor.history_opened before anything more is shown; then the card again, now with the whole history.
    /// </summary>
    public async Task<IActionResult> OnPostOpenenAsync(string code, [FromServices] Withdrawals withdrawals, CancellationToken ct)
    {
        var reason = (Reden ?? "").Trim();
        if (reason.Length < 10)
            ModelState.AddModelError(nameof(Reden), "Schrijf in een paar woorden waarom je de hele geschiedenis nodig hebt (minstens 10 tekens).");
        else if (reason.Length > 300)
            ModelState.AddModelError(nameof(Reden), "Houd de reden kort: hoogstens 300 tekens.");
        if (!ModelState.IsValid) return await ShowAsync(code, withdrawals, ct) ?? Page();

        var opened = await cards.OpenHistoryAsync(User.UserId(), code, reason, ct);
        await audit.WriteAsync(PageAudit.Entry(this, VisitorCard.HistoryOpenedAction, allowed: opened is not null, "visitor", opened?.VisitorId.ToString(),
            code.Trim().ToUpperInvariant(), pleinId: opened?.PleinId, detail: opened is null ? null : new { opening = opened.Id, minutes = VisitorCard.OpenMinutes }), ct);
        if (opened is null) return NotFound();
        return RedirectToPage(new { code = code.Trim().ToUpperInvariant() });
    }

    /// <summary>Loads and audits the card; a result only when there is none to show (404).</summary>
    async Task<IActionResult?> ShowAsync(string code, Withdrawals withdrawals, CancellationToken ct)
    {
        // Personal data: never kept by a browser or proxy cache.
        Response.Headers.CacheControl = "no-store";
        Today = PleinTime.Today(clock);
        var card = await cards.LoadAsync(User.UserId(), code, Today, ct);
        var measured = card is null ? null : await metingen.LoadAsync(User.UserId(), card.Visitor.Code, ct);
        await audit.WriteAsync(PageAudit.Entry(this, VisitorCard.ViewAction, allowed: card is not null, "visitor", card?.Visitor.Id.ToString(), code.Trim().ToUpperInvariant(),
            pleinId: card?.Visitor.PleinId, detail: card is null ? null : new
            {
                contact_referrals = card.Contacts.Select(c => c.ReferralId).ToArray(),
                history = card.Visitor.HistoryOpen ? "whole" : "own",
                visits = card.Visits.Count,
                referrals = card.Referrals.Count,
                metingen = measured!.Metingen.Count,
            }), ct);
        if (card is null) return NotFound();
        Card = card;
        Metingen = measured!;
        Withdrawn = await withdrawals.OnCardAsync(User.UserId(), card.Visitor.Id, ct);
        return null;
    }

    /// <summary>A card row's classes: a colleague's entry (shown after opening the history) and a withdrawn one.</summary>
    public static string? RowClass(bool own, bool withdrawn) =>
        (own, withdrawn) switch { (true, false) => null, (true, true) => "withdrawn", (false, false) => "by-colleague", _ => "by-colleague withdrawn" };
}
