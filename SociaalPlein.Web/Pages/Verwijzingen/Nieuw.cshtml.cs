using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Verwijzingen;

/// <summary>
/// A referral without a visit (<c>/verwijzingen/nieuw</c>), also opened from a gids profile with <c>?naar=</c>. The form
/// carries a request id, so a double click or a browser retry stores one referral; after storing, the browser is sent
/// to the referral itself (PRG).
/// </summary>
public sealed partial class NieuwModel(ReferralChoices choices, ReferralEntry entry, Visitors visitors, AuditLog audit, TimeProvider clock, IMemoryCache cache)
    : PageModel
{
    // A desk registers referral after referral: the form's options (the chosen plein's organisations and professionals)
    // are read once per account and plein and reused for half a minute. A just-deactivated receiver may still be
    // offered for that long; the entry refuses it with a message, since every submit is checked against the database.
    static readonly TimeSpan ChoicesFresh = TimeSpan.FromSeconds(30);

    Task<ReferralFormChoices> ChoicesAsync(int userId, int? pleinId, CancellationToken ct) =>
        cache.GetOrCreateAsync(("referral-choices", userId, pleinId), e =>
        {
            e.AbsoluteExpirationRelativeToNow = ChoicesFresh;
            return choices.LoadAsync(userId, pleinId, ct);
        })!;

    public const string Stored = "De verwijzing is verstuurd. De ontvanger krijgt een e-mail met een link (zonder gegevens van de bewoner).";
    public const string ZorgvraagHint = ReferralFieldRules.ZorgvraagHint;
    public const int MaxZorgvraag = ReferralFieldRules.ZorgvraagMax;

    [BindProperty] public ReferralInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "naar")] public string? Naar { get; set; }

    /// <summary>The plein chosen by address (<c>?plein=</c>): how the form shows another plein's lists, with or without JavaScript.</summary>
    [BindProperty(SupportsGet = true, Name = "plein")] public string? Plein { get; set; }

    public const string ChoosePleinFirst = "Kies eerst het plein: dan staan hier de organisaties en professionals van dat plein.";

    public ReferralFormChoices Choices { get; private set; } = new([], null, [], [], null);

    /// <summary>The account works at several pleinen and none is chosen yet: the lists of parties are empty until one is.</summary>
    public bool PleinToChoose => Choices.Pleinen.Count > 1 && Choices.PleinId is null;
    public string? Notice { get; private set; }

    /// <summary>The recent referral this submit repeats (nothing stored): the form asks for "Toch opslaan".</summary>
    public EarlierEntry? Repeats { get; private set; }

    [TempData] public string? Message { get; set; }

    public sealed class ReferralInput
    {
        public Guid RequestId { get; set; }
        public string? Date { get; set; }
        public int? PleinId { get; set; }
        /// <summary>The visitor's code (optional); named as the entry's field key so problems land next to it.</summary>
        public string? Visitor { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Zorgvraag { get; set; }
        public string? Category { get; set; }
        public int? LeefgebiedId { get; set; }
        public bool ConsentShareContact { get; set; }
        public bool ConsentFeedback { get; set; }
        public string? ContactName { get; set; }
        public string? ContactPhone { get; set; }
        public bool Spoed { get; set; }
        /// <summary>"Toch opslaan": the user confirmed a referral that repeats a recent one.</summary>
        public bool RepeatConfirmed { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Choices = await ChoicesAsync(userId, PleinNumber(Plein), ct);
        // One plein: its lists straight away. Several: the plein named by the address, or else the one to choose.
        var pleinId = Choices.PleinId ?? (Choices.Pleinen.Count == 1 ? Choices.Pleinen[0].Id : null);
        Input = new ReferralInput
        {
            RequestId = Guid.NewGuid(),
            Date = PleinTime.Today(clock).ToString("yyyy-MM-dd"),
            PleinId = pleinId,
        };
        var receiver = await ReceiverAsync(userId, ct);
        if (receiver is { Pleinen: var at } && Input.PleinId is null && at.Count > 0) Input.PleinId = at[0];
        if (Input.PleinId != Choices.PleinId) Choices = await ChoicesAsync(userId, Input.PleinId, ct);
        if (receiver is { Party: var to, Pleinen: var pleinen })
        {
            if (Choices.Find(to.ToString()) is { } found) Input.To = found.Value;
            else Notice = pleinen.Count == 0
                ? "Wie je koos staat niet bij de keuzes hieronder: hij of zij werkt niet bij jouw plein of staat niet meer actief in de gids."
                : "Wie je koos werkt niet bij dit plein: kies een ander plein of een andere ontvanger.";
        }
        if (Choices.OwnProfessionalId is int own && Choices.Find(Party.OfProfessional(own).ToString()) is { } self) Input.From = self.Value;
    }

    /// <summary>
    /// <c>?naar=professional-12</c> or <c>?naar=organisatie-4</c>, as the gids profiles link here, with the account's pleinen
    /// the receiver works at: with no plein chosen the form opens at the first of them.
    /// </summary>
    async Task<(Party Party, IReadOnlyList<int> Pleinen)?> ReceiverAsync(int userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(Naar)) return null;
        if (!Party.TryParse(Naar, out var party)) return (Party.Eigen, []);
        return (party, await choices.PleinenOfAsync(userId, party, ct));
    }

    /// <summary>
    /// "Toon de keuzes van dit plein" without JavaScript: the same form with the chosen plein's lists and everything typed
    /// kept; a sender or receiver not at that plein is cleared, since the lists cannot show it. Checks and stores nothing.
    /// </summary>
    public async Task<IActionResult> OnPostPleinAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.RequestId == Guid.Empty) Input.RequestId = Guid.NewGuid();
        Choices = await ChoicesAsync(User.UserId(), Input.PleinId, ct);
        if (Choices.PleinId is null && Choices.Pleinen.Count == 1) Choices = await ChoicesAsync(User.UserId(), Choices.Pleinen[0].Id, ct);
        Input.PleinId = Choices.PleinId;
        if (Input.From != Party.Eigen.ToString() && Choices.Find(Input.From) is null) Input.From = null;
        if (Choices.Find(Input.To) is null) Input.To = null;
        return Page();
    }

    static int? PleinNumber(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (Input.RequestId == Guid.Empty) Input.RequestId = Guid.NewGuid();
        var today = PleinTime.Today(clock);

        // The form's choices are read only to show the form again: whether the plein, sender and receiver may be
        // used is checked by the entry itself, in its transaction (a busy desk posts many forms a minute).
        var problems = new List<EntryProblem>();
        var draft = Read(today, problems);
        var visitorId = await VisitorIdAsync(userId, today, problems, ct);
        if (problems.Count > 0 || draft is null || !ModelState.IsValid)
            return await RefuseAsync(userId, problems, ct);

        var result = await entry.CreateAsync(userId, new ReferralContext(Input.PleinId!.Value, visitorId), draft, today, ct);
        if (result.Repeats is { } earlier)
        {
            Repeats = earlier;
            Choices = await ChoicesAsync(userId, Input.PleinId, ct);
            return Page();
        }
        if (!result.Stored) return await RefuseAsync(userId, result.Problems, ct);
        Message = Stored;
        return Redirect($"/verwijzingen/{result.Id}");
    }

    async Task<IActionResult> RefuseAsync(int userId, IReadOnlyList<EntryProblem> problems, CancellationToken ct)
    {
        Choices = await ChoicesAsync(userId, Input.PleinId, ct);
        ModelState.Refuse(nameof(Input), problems);
        return Page();
    }

    async Task<int?> VisitorIdAsync(int userId, DateOnly today, List<EntryProblem> problems, CancellationToken ct)
    {
        var code = VisitorCode.Normalise(Input.Visitor);
        if (code == "") return null;
        if (VisitorCode.Problem(code) is { } problem)
        {
            problems.Add(Problem(Fields.Visitor, problem));
            return null;
        }
        var visitor = await visitors.FindByCodeAsync(userId, code, today, ct);
        // The answer tells whether a code exists at the account's plein, so it is a lookup like the desk's, and logged.
        await audit.WriteAsync(PageAudit.Entry(this, Visitors.LookupAction, allowed: visitor is not null, "visitor", visitor?.Id.ToString(), code,
            visitor?.PleinId, new { answer = "verwijzing" }), ct);
        if (visitor is null) problems.Add(Problem(Fields.Visitor, "Er is geen bezoeker met deze code bij jouw plein."));
        return visitor?.Id;
    }

    /// <summary>The form's own checks (required fields, lengths, known choices); null when one makes a draft impossible.</summary>
    ReferralDraft? Read(DateOnly today, List<EntryProblem> problems)
    {
        var date = FormDate.Parse(Input.Date);
        if (string.IsNullOrWhiteSpace(Input.Date)) problems.Add(Problem(Fields.Date, "Vul de datum van de verwijzing in."));
        else if (date is null) problems.Add(Problem(Fields.Date, "Vul een datum in als 23-11-2026."));
        if (Input.PleinId is null) problems.Add(Problem(Fields.Plein, "Kies het plein."));

        Party from = default, to = default;
        if (string.IsNullOrEmpty(Input.From)) problems.Add(Problem(Fields.From, "Kies van wie de verwijzing komt."));
        else if (!Party.TryParse(Input.From, out from)) problems.Add(Problem(Fields.From, "Kies de verwijzer uit de lijst."));
        if (string.IsNullOrEmpty(Input.To)) problems.Add(Problem(Fields.To, "Kies naar wie of welke organisatie je verwijst."));
        else if (!Party.TryParse(Input.To, out to) || to.Kind == Party.EigenInitiatief)
            problems.Add(Problem(Fields.To, "Kies de ontvanger uit de lijst."));

        var zorgvraag = ReferralFieldRules.Zorgvraag(Input.Zorgvraag);
        if (ReferralFieldRules.ZorgvraagProblem(zorgvraag) is { } zorgvraagProblem) problems.Add(Problem(nameof(Input.Zorgvraag), zorgvraagProblem));
        var category = ReferralFieldRules.Category(Input.Category);
        if (ReferralFieldRules.CategoryProblem(category) is { } categoryProblem) problems.Add(Problem(nameof(Input.Category), categoryProblem));
        if (Input.LeefgebiedId is null) problems.Add(Problem(Fields.Leefgebied, "Kies het leefgebied waar de vraag over gaat."));

        var contact = ReadContact(problems);
        if (problems.Count > 0 || date is null || Input.LeefgebiedId is null) return null;
        return new ReferralDraft(Input.RequestId, date.Value, from, to, zorgvraag, category, Input.LeefgebiedId.Value,
            Input.ConsentShareContact, Input.ConsentFeedback, Input.Spoed, contact, Input.RepeatConfirmed);
    }

    // Name and phone are only stored with the visitor's consent; typed without it, they are not silently dropped.
    ContactDraft? ReadContact(List<EntryProblem> problems)
    {
        var name = (Input.ContactName ?? "").Trim();
        var phone = (Input.ContactPhone ?? "").Trim();
        if (!Input.ConsentShareContact)
        {
            if (name != "" || phone != "") problems.Add(Problem(Fields.Contact, ReferralFieldRules.ContactWithoutConsent));
            return null;
        }
        if (name == "") return null; // EntryFacts asks for the name (and for a visitor) in its own words
        if (ReferralFieldRules.ContactNameProblem(name) is { } nameProblem) problems.Add(Problem(Fields.Contact, nameProblem));
        if (ReferralFieldRules.PhoneProblem(phone) is { } phoneProblem) problems.Add(Problem(nameof(Input.ContactPhone), phoneProblem));
        return new ContactDraft(name, phone);
    }

    static EntryProblem Problem(string field, string message) => new(null, field, message);


}
