using System.Globalization;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Hsds;

namespace SociaalPlein.Web.Api.Hsds;

/// <summary>One query parameter the API answers: its name, its JSON Schema type and what it does here.</summary>
public sealed record HsdsParameter(string Name, string Type, string Description, string? Format = null);

/// <summary>
/// The query parameters of each path: HSDS's own (schema/openapi.json), with what each means for our data. The endpoints
/// refuse any other parameter and the served OpenAPI document is written from this same table, so the two cannot differ.
/// </summary>
public static partial class HsdsParameters
{
    public static readonly HsdsParameter Search = new("search", "string",
        "Zoekt zoals de gids: Nederlandse volledige tekst (woordstammen, zonder accenten, woordbegin) en tikfouten in namen. "
        + "Voor organisaties: de organisaties van de gevonden professionals. Voor taxonomieën en termen: elk woord is het begin van een woord in naam, code of omschrijving.");
    public static readonly HsdsParameter Page = new("page", "integer", $"Paginanummer, vanaf 1 (hoogstens {HsdsDirectory.MaxPage}).");
    public static readonly HsdsParameter PerPage = new("per_page", "integer",
        $"Aantal per pagina: standaard {HsdsDirectory.DefaultPerPage}, hoogstens {HsdsDirectory.MaxPerPage} "
        + $"(met minimal=true standaard en hoogstens {HsdsDirectory.MaxMinimalPerPage}).");
    public static readonly HsdsParameter Format = new("format", "string",
        "json (standaard): een pagina. ndjson: alle resultaten, één JSON-object per regel, zonder pagina's (page en per_page tellen dan niet).");
    public static readonly HsdsParameter TaxonomyTermId = new("taxonomy_term_id", "string",
        "Alleen diensten met deze term: een leefgebied, het domein van de organisatie of de capaciteit. Een onbekende term geeft niets.", "uuid");
    public static readonly HsdsParameter TaxonomyId = new("taxonomy_id", "string",
        "Alleen diensten met een term uit deze taxonomie (leefgebieden: wie er minstens één heeft; domeinen en capaciteit: elke dienst heeft er een).", "uuid");
    public static readonly HsdsParameter OrganizationId = new("organization_id", "string", "Alleen diensten van deze organisatie.", "uuid");
    public static readonly HsdsParameter ModifiedAfter = new("modified_after", "string",
        "Alleen diensten die op of na dit moment (ISO 8601 met tijdzone, of een datum: middernacht UTC) zijn gewijzigd, volgens de wijzigingsgeschiedenis van de gids.",
        "date-time");
    public static readonly HsdsParameter Minimal = new("minimal", "boolean",
        "true: per dienst alleen id, name, status en last_modified; bedoeld om alle diensten in één keer op te halen.");
    public static readonly HsdsParameter Full = new("full", "boolean", "true: volledig geneste objecten in plaats van alleen de eigen velden.");
    public static readonly HsdsParameter FullService = new("full_service", "boolean",
        "true: de diensten van een organisatie volledig; anders alleen hun id, name en status (alleen met full=true of bij één organisatie).");
    public static readonly HsdsParameter Postcode = new("postcode", "string",
        "Wordt gecontroleerd (een Nederlandse postcode, zoals 3118 GK of 3118) maar beperkt niets: de gids kent geen werkgebieden (service_area), "
        + "en HSDS filtert alleen waar die er zijn.");
    public static readonly HsdsParameter Proximity = new("proximity", "integer",
        "Wordt gecontroleerd (een geheel aantal meters) maar beperkt niets: de gids kent geen coördinaten, dus geen afstand tot het midden van een postcode.");
    public static readonly HsdsParameter TopOnly = new("top_only", "boolean", "true: alleen termen zonder bovenliggende term (alle onze termen zijn dat).");
    public static readonly HsdsParameter ParentId = new("parent_id", "string", "Alleen termen onder deze term (onze taxonomieën zijn plat: geeft niets).", "uuid");

    public static readonly IReadOnlyDictionary<string, HsdsParameter[]> ByPath = new Dictionary<string, HsdsParameter[]>
    {
        ["/"] = [],
        ["/openapi.json"] = [],
        ["/services"] = [Search, Page, PerPage, Format, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter, Minimal, Full],
        ["/services/{id}"] = [],
        ["/organizations"] = [Search, FullService, Full, Page, PerPage, Format],
        ["/organizations/{id}"] = [FullService],
        ["/service_at_locations"] = [Search, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter, Full, Page, PerPage, Format, Postcode, Proximity],
        ["/service_at_locations/{id}"] = [],
        ["/taxonomies"] = [Search, Page, PerPage, Format],
        ["/taxonomies/{id}"] = [],
        ["/taxonomy_terms"] = [Search, Page, PerPage, Format, TaxonomyId, TopOnly, ParentId],
        ["/taxonomy_terms/{id}"] = [],
    };

    /// <summary>A parameter that was not given right: which one and, in Dutch, what it must be.</summary>
    public sealed class BadParameter(string name, string detail) : Exception(detail)
    {
        public string Name { get; } = name;
    }

    /// <summary>The query string of one request to one path, checked as it is read.</summary>
    public sealed class Reader
    {
        readonly IQueryCollection _query;

        public Reader(IQueryCollection query, string path)
        {
            _query = query;
            var known = ByPath[path].Select(p => p.Name).ToHashSet();
            foreach (var (name, values) in query)
            {
                if (!known.Contains(name))
                    throw new BadParameter(name, known.Count == 0
                        ? $"Dit pad kent geen parameters; {name} is onbekend."
                        : $"Onbekende parameter {name}. Dit pad kent: {string.Join(", ", ByPath[path].Select(p => p.Name))}.");
                if (values.Count != 1) throw new BadParameter(name, $"Geef de parameter {name} één keer.");
            }
        }

        string? Raw(HsdsParameter p) => _query.TryGetValue(p.Name, out var v) ? v[0] : null;

        public string Text(HsdsParameter p) => Raw(p)?.Trim() ?? "";

        public int Number(HsdsParameter p, int min, int max, int fallback)
        {
            if (Raw(p) is not { } raw) return fallback;
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new BadParameter(p.Name, $"De parameter {p.Name} moet een geheel getal zijn van {min} tot en met {max}.");
        }

        public bool Flag(HsdsParameter p) => Raw(p) switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new BadParameter(p.Name, $"De parameter {p.Name} moet true of false zijn."),
        };

        public string? Uuid(HsdsParameter p) => Raw(p) is not { } raw ? null
            : Guid.TryParse(raw, out var id) ? id.ToString()
            : throw new BadParameter(p.Name, $"De parameter {p.Name} moet een UUID zijn, zoals de id's die deze API geeft.");

        public DateTimeOffset? Moment(HsdsParameter p)
        {
            if (Raw(p) is not { } raw) return null;
            if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // A moment needs its time zone: "10:00" alone would mean a different instant on every server.
            return IsoMoment().IsMatch(raw) && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment)
                ? moment
                : throw new BadParameter(p.Name, $"De parameter {p.Name} moet een datum (2026-03-16) of een moment met tijdzone (2026-03-16T10:00:00Z) zijn.");
        }

        public bool NdJson() => Raw(Format) switch
        {
            null or "json" => false,
            "ndjson" => true,
            _ => throw new BadParameter(Format.Name, "De parameter format moet json of ndjson zijn."),
        };

        public void Postcode()
        {
            if (Raw(HsdsParameters.Postcode) is { } raw && !DutchPostcode().IsMatch(raw.Trim()))
                throw new BadParameter(HsdsParameters.Postcode.Name, "De parameter postcode moet een Nederlandse postcode zijn, zoals 3118 GK of 3118.");
            Number(Proximity, 0, 1_000_000, 0);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoMoment();

    [GeneratedRegex(@"^[1-9][0-9]{3}( ?[A-Za-z]{2})?$")]
    private static partial Regex DutchPostcode();
}
