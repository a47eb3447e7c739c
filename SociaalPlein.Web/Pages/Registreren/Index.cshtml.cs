using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Registreren;

/// <summary>
/// The spreekuur desk: find the visitor or enter a new one (step 1), then register the visit with its referrals in one
/// submit (step 2). A new visitor is only checked in step 1 and travels with the visit form: they are created together
/// with their first visit, in its transaction, or not at all. Each form carries a request id made on GET, so a double
/// click stores once. Works without JavaScript;
/// "Nog een verwijzing" and "Weghalen" are then submits that show the form again with all input kept.
/// </summary>
public sealed partial class IndexModel(Visitors visitors, VisitRegistration registration, SpreekuurDesk desk, MetingScale scale,
    AuditLog audit, TimeProvider clock) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public DeskChoices Choices { get; private set; } = new([], [], null);
    public VisitorSummary? Visitor { get; private set; }
    /// <summary>The visit form's metingen part: the visitor's agreement, the plein's health switch, the steps' words.</summary>
    public DeskMeting? Meting { get; private set; }
    /// <summary>The "Geholpen door" and "Van" suggestions of the visit form's plein; null before the form can be shown.</summary>
    public DeskNames? Names { get; private set; }
    /// <summary>A new visitor checked in step 1, not stored yet: the visit form carries them and stores them with the visit.</summary>
    public NewVisitor? Pending { get; private set; }
    public VisitInput Input { get; } = new();
    public NewVisitorInput Nieuw { get; } = new();
    public string? Zoek { get; private set; }
    public IReadOnlyList<VisitorSummary>? Found { get; private set; }
    public string? SearchNotice { get; private set; }

    /// <summary>The recent visit or referral this submit repeats (nothing stored): the form asks for "Toch opslaan".</summary>
    public SociaalPlein.Data.Verwijzingen.EarlierEntry? Repeats { get; private set; }

    /// <summary>The one element that takes the focus when the page opens: the next thing the desk types into.</summary>
    public string Focus { get; private set; } = "zoek";

    public const string FirstResult = "resultaat";
    public static string ReferralBlockFocus(int index) => $"verwijzing-{index}";
    public bool Focuses(string? target) => Focus == target;

    public DateOnly Today => PleinTime.Today(clock);
    int UserId => User.UserId();

    public async Task OnGetAsync(string? bezoeker, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(bezoeker))
        {
            Visitor = await visitors.FindByCodeAsync(UserId, bezoeker, Today, ct);
            if (Visitor is null) (Zoek, SearchNotice) = (bezoeker, NotFound(bezoeker));
            else await AuditLookupAsync(ct);
        }
        await LoadAsync(ct);
        if (Visitor is null || Choices.Visit is not { } choices) return;
        Fresh(Visitor, choices);
        Focus = "leefgebieden";
    }

    public async Task<IActionResult> OnPostZoekenAsync(string? zoek, CancellationToken ct)
    {
        Zoek = zoek?.Trim() ?? "";
        if (LooksLikeCode().IsMatch(Zoek))
        {
            // A code with a wrong character is told at once, before anything is looked up.
            if (VisitorCode.Problem(Zoek) is { } problem) SearchNotice = problem;
            else if (await visitors.FindByCodeAsync(UserId, Zoek, Today, ct) is { } visitor) return RedirectToPage(new { bezoeker = visitor.Code });
            else SearchNotice = NotFound(Zoek);
        }
        else if (Zoek.Length > 120)
            SearchNotice = "Typ een korter zoekwoord: een code, een naam of een telefoonnummer.";
        else if (Zoek.Length < 2)
            SearchNotice = "Typ de code (zoals B-K7QM-4XRA), of minstens twee letters van de naam of zes cijfers van het telefoonnummer.";
        else
        {
            Found = await visitors.FindByContactAsync(UserId, Zoek, Today, ct);
            if (Found.Count == 0) SearchNotice = "Niemand gevonden met deze naam of dit telefoonnummer. Zoek op code, of maak een nieuwe bezoeker aan.";
            else await AuditSearchAsync(Found, ct);
        }
        await LoadAsync(ct);
        Focus = Found is { Count: > 0 } ? FirstResult : "zoek";
        return Page();
    }

    public async Task<IActionResult> OnPostNieuweBezoekerAsync(CancellationToken ct)
    {
        await TryUpdateModelAsync(Nieuw, "Nieuw");
        await LoadAsync(ct, VisitForm.PositiveNumber(Nieuw.PleinId));
        if (Choices.Pleinen.Count == 0) return Page();
        Focus = "fouten";
        if (NewVisitorForm.Read(Nieuw, Choices, Today, ModelState) is not { } visitor) return Page();
        // Nothing is stored yet: the visit form takes the new visitor along (Back or reload only shows this step again).
        Pending = visitor;
        if (visitor.PleinId != Choices.Visit?.Plein.Id) await LoadAsync(ct);
        if (Choices.Visit is not { } choices) return Page();
        Fresh(null, choices);
        Focus = "leefgebieden";
        return Page();
    }

    /// <summary>
    /// Shows the wijken of the plein chosen for a new visitor, with what was typed kept: without JavaScript the wijk list
    /// cannot follow the plein by itself. Checks and stores nothing.
    /// </summary>
    public async Task<IActionResult> OnPostNieuwPleinAsync(CancellationToken ct)
    {
        await TryUpdateModelAsync(Nieuw, "Nieuw");
        ModelState.Clear();
        await LoadAsync(ct);
        if (!Choices.Pleinen.Any(p => p.Id.ToString() == Nieuw.PleinId)) Nieuw.PleinId = Choices.Pleinen.FirstOrDefault()?.Id.ToString();
        if (!Choices.Wijken.Any(w => w.Id.ToString() == Nieuw.WijkId && w.PleinId.ToString() == Nieuw.PleinId)) Nieuw.WijkId = null;
        Focus = "wijk";
        return Page();
    }

    /// <summary>Stores the visit and its referrals together, or shows each problem next to its field with all input kept.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await BindVisitAsync(ct)) return Page();
        Focus = "fouten";
        if (VisitForm.Read(Input, Visitor?.PleinId ?? Pending!.PleinId, Visitor?.Id ?? 0, Names!, ModelState) is not { } form)
            return Page();
        var (result, code) = Pending is { } pending
            ? await registration.RegisterWithNewVisitorAsync(UserId, pending, form.Visit, form.Referrals, form.Metingen, Today, ct)
            : (await registration.RegisterAsync(UserId, form.Visit, form.Referrals, form.Metingen, Today, ct), Visitor!.Code);
        if (result.Repeats is { } earlier)
        {
            (Repeats, Focus) = (earlier, "herhaling");
            return Page();
        }
        if (!result.Stored)
        {
            foreach (var problem in result.Problems) ModelState.AddModelError(VisitForm.KeyOf(problem, form.BlockOfReferral), problem.Message);
            return Page();
        }
        Message = result.WasDuplicate
            ? $"Bezoek van {code} was al opgeslagen; er is niets dubbel bewaard."
            : Stored(code!, form.Referrals.Count) + MetingenStored(form.Metingen.Steps.Count) + (Pending is null ? "" : NewVisitorStored(code!));
        return RedirectToPage();
    }

    /// <summary>"Nog een verwijzing" without JavaScript: the same form with one more (empty) referral block.</summary>
    public async Task<IActionResult> OnPostVerwijzingAsync(CancellationToken ct)
    {
        if (!await BindVisitAsync(ct)) return Page();
        ModelState.Clear();
        Input.Referrals.Add(NewReferral(Choices.Visit!));
        Focus = ReferralBlockFocus(Input.Referrals.Count - 1);
        return Page();
    }

    public async Task<IActionResult> OnPostWeghalenAsync(string? index, CancellationToken ct)
    {
        if (!await BindVisitAsync(ct)) return Page();
        // The blocks after the removed one move up a place: the form is shown from the model, not from ModelState.
        ModelState.Clear();
        // Read by hand: a malformed index would bind as 0 and remove the first block instead of none.
        if (int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            && i < Input.Referrals.Count)
            Input.Referrals.RemoveAt(i);
        Focus = "toevoegen";
        return Page();
    }

    /// <summary>Where an error in the summary links to; none for the form as a whole, the find field for a visitor not found.</summary>
    public static string? AnchorFor(string key) => key switch
    {
        "" => null,
        _ when key == VisitForm.Key("VisitorCode") => "zoek",
        _ => VisitForm.IdFor(key),
    };

    /// <summary>
    /// A message in the error summary, with the referral it is about ("Verwijzing 2: …"): with two referrals the same
    /// message would otherwise stand twice without saying where.
    /// </summary>
    public static string SummaryText(string key, string message) =>
        ReferralKey().Match(key) is { Success: true } m ? $"Verwijzing {int.Parse(m.Groups[1].Value) + 1}: {message}" : message;

    [System.Text.RegularExpressions.GeneratedRegex(@"^Input\.Referrals\[(\d+)\]\.")]
    private static partial System.Text.RegularExpressions.Regex ReferralKey();

    public static string Stored(string code, int referrals) => referrals switch
    {
        0 => $"Bezoek van {code} opgeslagen.",
        1 => $"Bezoek van {code} opgeslagen, met 1 verwijzing.",
        _ => $"Bezoek van {code} opgeslagen, met {referrals} verwijzingen.",
    };

    public static string MetingenStored(int steps) => steps switch
    {
        0 => "",
        1 => " De meting is vastgelegd.",
        _ => $" De {steps} metingen zijn vastgelegd.",
    };

    /// <summary>Where the new visitor lives, in the words of the visitor line: the wijk's name from the desk's lists.</summary>
    public string PendingWhere() => Pending is { } p
        ? VisitorText.Where(p.Postcode, Choices.Wijken.FirstOrDefault(w => w.Id == p.WijkId)?.Name)
        : "";

    /// <summary>The code a new visitor carries from now on: the desk writes it on the visitor's card.</summary>
    public static string NewVisitorStored(string code) => $" Nieuwe bezoeker: geef de code {code} mee op de bezoekerskaart.";

    public ReferralInput NewReferral(VisitChoices choices) =>
        new() { Van = choices.Own is { } own ? Party.OfProfessional(own.Id).ToString() : null };

    void Fresh(VisitorSummary? visitor, VisitChoices choices)
    {
        var current = choices.Current();
        Input.RequestId = Guid.NewGuid();
        Input.VisitorCode = visitor?.Code;
        Input.VisitedOn = Today.ToString("yyyy-MM-dd");
        Input.Kind = current?.Kind ?? "spreekuur";
        Input.SpreekuurId = current?.Id.ToString();
        Input.HelpedBy = choices.Own?.Id.ToString();
    }

    async Task<bool> BindVisitAsync(CancellationToken ct)
    {
        await TryUpdateModelAsync(Input, "Input");
        if (Input.RequestId == Guid.Empty) Input.RequestId = Guid.NewGuid();
        if (!string.IsNullOrWhiteSpace(Input.VisitorCode))
            Visitor = await visitors.FindByCodeAsync(UserId, Input.VisitorCode, Today, ct);
        var pending = Visitor is null && Request.Form.ContainsKey("Nieuw.RequestId");
        if (pending) await TryUpdateModelAsync(Nieuw, "Nieuw");
        // A POST that reads the visitor may answer with the visitor's card again (a refused form, a referral block
        // added or removed): logged like the GET.
        if (Visitor is not null) await AuditLookupAsync(ct);
        await LoadAsync(ct, pending ? VisitForm.PositiveNumber(Nieuw.PleinId) : null);
        // The new visitor the visit form carries is checked again as in step 1: the hidden fields come from the browser.
        if (pending && Choices.Pleinen.Count > 0) Pending = NewVisitorForm.Read(Nieuw, Choices, Today, ModelState);
        if ((Visitor is not null || Pending is not null) && Choices.Visit is not null) return true;
        if (Choices.Pleinen.Count > 0)
            ModelState.AddModelError(VisitForm.Key("VisitorCode"), "Deze bezoeker is niet gevonden bij jouw plein. Zoek de bezoeker opnieuw.");
        (Visitor, Focus) = (null, "fouten");
        return false;
    }

    // The desk shows any visitor of its plein by code (the card they carry): each time is in the log.
    Task AuditLookupAsync(CancellationToken ct) =>
        audit.WriteAsync(PageAudit.Entry(this, Visitors.LookupAction, allowed: true, "visitor", Visitor!.Id.ToString(), Visitor.Code,
            Visitor.PleinId, detail: Request.Method == "GET" ? null : new { answer = "post" }), ct);

    async Task LoadAsync(CancellationToken ct, int? pendingPlein = null)
    {
        Choices = await desk.LoadAsync(UserId, Visitor?.PleinId ?? Pending?.PleinId ?? pendingPlein, PleinTime.Local(clock.GetUtcNow()), ct);
        var visit = Choices.Visit;
        Names = visit is null ? null : new DeskNames(visit);
        Meting = visit is null ? null : await scale.ForDeskAsync(visit.Plein.Id, Visitor?.Id, ct);
        if (Nieuw.RequestId == Guid.Empty) Nieuw.RequestId = Guid.NewGuid();
        Nieuw.PleinId ??= Choices.Pleinen.FirstOrDefault()?.Id.ToString();
    }

    /// <summary>One entry per visitor whose contact details matched: "who looked for B-…" is answered by the subject. Never the search text.</summary>
    async Task AuditSearchAsync(IReadOnlyList<VisitorSummary> found, CancellationToken ct)
    {
        foreach (var v in found)
            await audit.WriteAsync(PageAudit.Entry(this, Visitors.SearchAction, allowed: true, "visitor", v.Id.ToString(), v.Code, v.PleinId,
                new { results = found.Count }), ct);
    }

    static string NotFound(string code) => $"Geen bezoeker met code {code.Trim().ToUpperInvariant()} bij jouw plein. Controleer de code, of maak een nieuwe bezoeker aan.";

    // "B-" and then code characters: meant as a code, so checked as one rather than searched as a name.
    [GeneratedRegex(@"^[Bb]-[0-9A-Za-z]{4}-?[0-9A-Za-z]{4,6}$")]
    private static partial Regex LooksLikeCode();
}

/// <summary>One referral block of the visit form; <see cref="Index"/> is "__i__" in the template spreekuur.js copies.</summary>
public sealed record ReferralBlock(string Index, ReferralInput Input, VisitChoices Choices, DeskNames Names, bool Focus = false)
{
    public const string TemplateIndex = "__i__";
    public string Number => int.TryParse(Index, out var i) ? (i + 1).ToString() : "";
}

/// <summary>A visitor as one line: code (a link in a result list), age band, gender, where from, and the veelbezoeker badge.</summary>
public sealed record VisitorLine(VisitorSummary Visitor, DateOnly Today, bool AsLink = false, bool Focus = false);
