using System.Globalization;
using System.Text;

namespace SociaalPlein.Data.Hsds;

/// <summary>
/// Our three taxonomies. Leefgebieden are the beheerder's (from the database, by their stable code); domeinen and
/// capaciteit are fixed by the schema's CHECKs (db/0002), so they live here. A term's id is a name-based UUID of its
/// taxonomy and code, so it survives a rename.
/// </summary>
public static class HsdsTaxonomies
{
    public const string LeefgebiedKey = "leefgebied";
    public const string DomeinKey = "domein";
    public const string CapaciteitKey = "capaciteit";

    public static readonly HsdsTaxonomy Leefgebied = new(HsdsIds.For("taxonomy", LeefgebiedKey), "Sociaal Plein leefgebieden",
        "De leefgebieden waarop een vraag van een bewoner kan spelen (financiën, huisvesting, …), door de beheerder bijgehouden; de code van een term verandert nooit.",
        "1");
    public static readonly HsdsTaxonomy Domein = new(HsdsIds.For("taxonomy", DomeinKey), "Sociaal Plein domeinen",
        "Het domein van een organisatie: medisch, sociaal, welzijn of overig.", "1");
    public static readonly HsdsTaxonomy Capaciteit = new(HsdsIds.For("taxonomy", CapaciteitKey), "Sociaal Plein capaciteit",
        "Of een professional nieuwe bewoners kan aannemen: ruimte, wachtlijst of vol.", "1");

    public static readonly IReadOnlyList<HsdsTaxonomy> All = [Leefgebied, Domein, Capaciteit];

    static readonly (string Code, string Name, string Description)[] Domeinen =
    [
        ("medisch", "Medisch", "Huisartsen, praktijkondersteuners, fysiotherapie, wijkverpleging."),
        ("sociaal", "Sociaal", "Wijkteam, maatschappelijk werk, schuldhulpverlening."),
        ("welzijn", "Welzijn", "Welzijnswerk, Welzijn op Recept, buurtwerk."),
        ("overig", "Overig", "Organisaties buiten de drie domeinen."),
    ];

    static readonly (string Code, string Name, string Description)[] Capaciteiten =
    [
        ("ruimte", "Ruimte", "Kan nieuwe bewoners aannemen."),
        ("wachtlijst", "Wachtlijst", "Neemt nieuwe bewoners aan na een wachttijd."),
        ("vol", "Vol", "Neemt nu geen nieuwe bewoners aan."),
    ];

    public static HsdsTaxonomyTerm Term(HsdsTaxonomy taxonomy, string key, string code, string name, string description) =>
        new(TermId(key, code), code, name, description, taxonomy.Name, taxonomy.Id, "nl");

    // Leefgebied terms keep the ids the gids API gave them before there were other taxonomies.
    public static string TermId(string key, string code) => HsdsIds.For(key, code);

    /// <summary>Every term, in taxonomy order: the active leefgebieden as given, then the domeinen, then capaciteit.</summary>
    public static HsdsTerms Terms(IEnumerable<(string Code, string Name, string Description)> leefgebieden) =>
        new([
            .. leefgebieden.Select(l => (LeefgebiedKey, Term(Leefgebied, LeefgebiedKey, l.Code, l.Name, l.Description))),
            .. Domeinen.Select(d => (DomeinKey, Term(Domein, DomeinKey, d.Code, d.Name, d.Description))),
            .. Capaciteiten.Select(c => (CapaciteitKey, Term(Capaciteit, CapaciteitKey, c.Code, c.Name, c.Description))),
        ]);

    public static string? KeyOf(string taxonomyId) =>
        taxonomyId == Leefgebied.Id ? LeefgebiedKey : taxonomyId == Domein.Id ? DomeinKey : taxonomyId == Capaciteit.Id ? CapaciteitKey : null;

    /// <summary>
    /// The taxonomies' own <c>search</c>: every word of the text starts a word of the name, code or description,
    /// accents and case folded ("financ" finds Financiën).
    /// </summary>
    public static bool Matches(string search, params string[] fields)
    {
        var words = Words(search);
        if (words.Count == 0) return true;
        var haystack = Words(string.Join(' ', fields));
        return words.All(w => haystack.Any(h => h.StartsWith(w, StringComparison.Ordinal)));
    }

    static List<string> Words(string text) =>
        new string(Fold(text).Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    static string Fold(string text) => new string(text.ToLowerInvariant().Normalize(NormalizationForm.FormD)
        .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
}

/// <summary>The terms of all taxonomies, found by id or by taxonomy and code.</summary>
public sealed class HsdsTerms((string Key, HsdsTaxonomyTerm Term)[] terms)
{
    readonly Dictionary<string, (string Key, HsdsTaxonomyTerm Term)> _byId = terms.ToDictionary(t => t.Term.Id);
    readonly Dictionary<(string, string), HsdsTaxonomyTerm> _byCode = terms.ToDictionary(t => (t.Key, t.Term.Code), t => t.Term);

    public IReadOnlyList<HsdsTaxonomyTerm> All { get; } = terms.Select(t => t.Term).ToList();

    public (string Key, HsdsTaxonomyTerm Term)? ById(string id) => _byId.TryGetValue(id, out var t) ? t : null;

    public HsdsTaxonomyTerm? ByCode(string key, string code) => _byCode.GetValueOrDefault((key, code));
}
