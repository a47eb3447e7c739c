using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>
/// The gids: search colleagues by words and facets. Every search is a GET whose whole state is in the query
/// string, so a search can be bookmarked and shared. Bad input never fails the page: it is named and ignored.
/// </summary>
public sealed class IndexModel(GidsSearch search, GidsFacetOptions options, TimeProvider clock) : PageModel
{
    public const int MaxPage = 500;
    public static readonly IReadOnlyList<string> Domeinen = SociaalPlein.Data.Nieuwsbrief.Domeinen.Codes;
    public static readonly string[] Capacities = ["ruimte", "wachtlijst", "vol"];
    public static readonly string[] OpenMoments = ["vandaag", "nu"];

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "leefgebied")] public List<string> Leefgebied { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "domein")] public string? Domein { get; set; }
    [BindProperty(SupportsGet = true, Name = "organisatie")] public int? Organisatie { get; set; }
    [BindProperty(SupportsGet = true, Name = "taal")] public string? Taal { get; set; }
    [BindProperty(SupportsGet = true, Name = "wijk")] public int? Wijk { get; set; }
    [BindProperty(SupportsGet = true, Name = "plein")] public int? Plein { get; set; }
    [BindProperty(SupportsGet = true, Name = "spreekuur")] public bool Spreekuur { get; set; }
    [BindProperty(SupportsGet = true, Name = "open")] public string? Open { get; set; }
    [BindProperty(SupportsGet = true, Name = "capaciteit")] public string? Capaciteit { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int Pagina { get; set; } = 1;

    public GidsPage Result { get; private set; } = new([], 0, [], []);
    public GidsOptions Options { get; private set; } = GidsOptions.Empty;
    public List<string> Notices { get; } = [];
    DateTimeOffset _now;
    /// <summary>How many filters narrow the search: on a phone the folded filters say so ("Filters (2)").</summary>
    public int ActiveFilters => Leefgebied.Count + new object?[] { Domein, Organisatie, Taal, Wijk, Plein, Open, Capaciteit }.Count(v => v is not null)
        + (Spreekuur ? 1 : 0);

    /// <summary>The names of the user's own pleinen, whose colleagues rank first.</summary>
    public string OwnPleinen => string.Join(" en ", Options.Pleinen.Where(p => User.PleinIds().Contains(int.Parse(p.Key))).Select(p => p.Label));

    public int PageCount => Math.Max(1, (Result.Total + GidsQuery.PageSize - 1) / GidsQuery.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Options = await options.LoadAsync(Organisatie, ct);
        NoticeBindingErrors();
        var query = CleanQuery();
        _now = clock.GetUtcNow();
        var localNow = PleinTime.Local(clock.GetUtcNow());
        var moment = new GidsMoment(DateOnly.FromDateTime(localNow), TimeOnly.FromDateTime(localNow));
        Result = await search.RunAsync(query, moment, ct);
        if (Result.Total > 0 && Pagina > PageCount)
        {
            Notices.Add($"Pagina {Pagina} bestaat niet; je ziet de laatste pagina.");
            Pagina = PageCount;
            Result = await search.RunAsync(query with { Page = Pagina }, moment, ct);
        }
    }

    // Values that do not even parse (pagina=abc, organisatie=-x) are dropped with a word of explanation.
    void NoticeBindingErrors()
    {
        foreach (var (key, entry) in ModelState)
            if (entry.Errors.Count > 0)
                Notices.Add($"De waarde bij '{key}' is niet geldig en is genegeerd.");
        ModelState.Clear();
    }

    GidsQuery CleanQuery()
    {
        var text = (Q ?? "").Trim();
        if (text.Length > GidsQuery.MaxTextLength)
        {
            Notices.Add($"Je zoekvraag is ingekort tot {GidsQuery.MaxTextLength} tekens.");
            text = text[..GidsQuery.MaxTextLength];
            Q = text;
        }
        var unknown = Leefgebied.Where(code => Options.Leefgebieden.All(l => l.Key != code)).ToList();
        if (unknown.Count > 0) Notices.Add($"Onbekend leefgebied genegeerd: {string.Join(", ", unknown)}.");
        Leefgebied = Leefgebied.Except(unknown).Distinct().ToList();
        Domein = Known(Domein, Domeinen, "domein");
        Capaciteit = Known(Capaciteit, Capacities, "ruimte voor verwijzingen");
        Open = Known(Open, OpenMoments, "spreekuur op het plein");
        Taal = Known(Taal, Options.Languages.Select(l => l.Key).ToList(), "taal");
        Organisatie = KnownId(Organisatie, Options.Organisations, "organisatie");
        Wijk = KnownId(Wijk, Options.Wijken, "wijk");
        Plein = KnownId(Plein, Options.Pleinen, "plein");
        if (Pagina < 1 || Pagina > MaxPage)
        {
            Notices.Add("Dat paginanummer bestaat niet; je ziet de eerste pagina.");
            Pagina = 1;
        }
        return new GidsQuery(text, Leefgebied, Domein, Organisatie, Taal, Wijk, Plein, Spreekuur, Open, Capaciteit, Pagina, User.PleinIds());
    }

    string? Known(string? value, IReadOnlyCollection<string> allowed, string what)
    {
        if (string.IsNullOrEmpty(value) || allowed.Contains(value)) return string.IsNullOrEmpty(value) ? null : value;
        Notices.Add(Unknown(what));
        return null;
    }

    static string Unknown(string filter) => $"Het filter '{filter}' had een onbekende waarde en is genegeerd.";

    int? KnownId(int? id, IReadOnlyList<FacetOption> allowed, string what)
    {
        if (id is null || allowed.Any(o => o.Key == id.ToString())) return id;
        Notices.Add(Unknown(what));
        return null;
    }

    /// <summary>The current search with some parameters changed, for facet links and paging.</summary>
    public string Link(Action<Dictionary<string, List<string>>> change)
    {
        var state = new Dictionary<string, List<string>>
        {
            ["q"] = string.IsNullOrEmpty(Q) ? [] : [Q],
            ["leefgebied"] = [.. Leefgebied],
            ["domein"] = Domein is null ? [] : [Domein],
            ["organisatie"] = Organisatie is null ? [] : [Organisatie.Value.ToString()],
            ["taal"] = Taal is null ? [] : [Taal],
            ["wijk"] = Wijk is null ? [] : [Wijk.Value.ToString()],
            ["plein"] = Plein is null ? [] : [Plein.Value.ToString()],
            ["spreekuur"] = Spreekuur ? ["true"] : [],
            ["open"] = Open is null ? [] : [Open],
            ["capaciteit"] = Capaciteit is null ? [] : [Capaciteit],
            ["pagina"] = [],
        };
        change(state);
        var pairs = state.SelectMany(kv => kv.Value.Select(v => $"{kv.Key}={Uri.EscapeDataString(v)}"));
        return "/gids" + (pairs.Any() ? "?" + string.Join("&", pairs) : "");
    }

    public static string CapacityText(string capacity, int? weeks) => capacity switch
    {
        "ruimte" => "Neemt nieuwe verwijzingen aan",
        "wachtlijst" => weeks is int w ? $"Wachtlijst van ongeveer {w} {(w == 1 ? "week" : "weken")}" : "Wachtlijst",
        _ => "Vol: neemt nu geen verwijzingen aan",
    };

    /// <summary>Entries not confirmed for a year may no longer be right; the card says so.</summary>
    public bool PossiblyOutdated(DateTime verifiedAt) => StaleEntries.IsPossiblyOutdated(verifiedAt, _now);
}
