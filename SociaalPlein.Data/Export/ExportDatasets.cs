using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Export;

/// <summary>
/// The three datasets of <c>/export</c>. Visitors appear only as a pseudonym (<see cref="Pseudonyms"/>);
/// no names, phone numbers, e-mail addresses or visitor codes, and no professional by name: senders and receivers are
/// organisations. No internal ids either: an id in two exports would link their per-export pseudonyms.
/// </summary>
public static class ExportDatasets
{
    const string Kwartaal = "Kwartaal van de datum, bijvoorbeeld 2026-Q1.";
    const string Domein = "medisch, sociaal, welzijn of overig.";
    const string Plein = "Naam van het Sociaal Plein.";
    const string Wijk = "Wijk van de bezoeker, leeg als die niet bekend is (dan staat vaak de postcode er).";
    const string Postcode = "Vier cijfers van de postcode van de bezoeker (nooit de letters), leeg als onbekend.";
    const string Geslacht = "man, vrouw, anders of onbekend.";

    static ExportColumn BezoekerColumn(string whose) =>
        new("bezoeker", ColumnKind.Text, Pseudonyms.Sql("v"),
            $"Pseudoniem van de bezoeker{whose}. Binnen één export staat dezelfde bezoeker steeds onder hetzelfde pseudoniem; " +
            "in een volgende export is het anders, tenzij 'vaste pseudoniemen' gekozen is.",
            "P gevolgd door 16 tekens (0-9, a-f); leeg als er geen bezoeker bij hoort.");

    static ExportColumn AgeColumn(string ageSql, string when) =>
        new("leeftijdsgroep", ColumnKind.AgeBand, ageSql, $"Leeftijdsgroep van de bezoeker {when} (alleen het geboortejaar is bekend).",
            string.Join(", ", SociaalPlein.Data.Bezoekers.Demographics.AllAgeBands) + ".");

    /// <summary>The visitor's (alias v, wijk w) gender, wijk and postcode: the minimal demographics of design.md §4.</summary>
    static readonly ExportColumn[] Demographic =
    [
        new("geslacht", ColumnKind.Text, "v.gender", "Geslacht van de bezoeker.", Geslacht),
        new("wijk", ColumnKind.Text, "w.name", Wijk, "Naam van de wijk."),
        new("postcode", ColumnKind.Text, "v.postcode", Postcode, "Vier cijfers."),
    ];

    /// <summary>The age in the year of <paramref name="date"/>: -1 for a visitor without a birth year, NULL without a visitor.</summary>
    static string Age(string date) =>
        $"CASE WHEN v.id IS NULL THEN NULL ELSE coalesce(date_part('year', {date})::int - v.birth_year, -1) END";

    public static readonly ExportDataset Verwijzingen = new()
    {
        Name = "verwijzingen",
        Title = "Verwijzingen",
        RowMeaning = "Eén rij per verwijzing.",
        FilterMeaning = "Periode: de datum van de verwijzing. Leefgebied: het leefgebied van de verwijzing. " +
                        "Domein: de verwijzer of de ontvanger hoort bij dat domein.",
        OrderMeaning = "Op datum van de verwijzing, en op volgorde van registreren binnen een dag.",
        // The organisations are joined for the columns only (the domein filter looks them up itself), so a count reads
        // the referrals alone, from the referral_figures index (db/0033).
        Core = "referral r",
        Joins = $"""
            JOIN organisation naar ON naar.id = r.to_organisation_id
            LEFT JOIN organisation van ON van.id = r.from_organisation_id
            JOIN plein n ON n.id = r.plein_id
            JOIN leefgebied l ON l.id = r.leefgebied_id
            LEFT JOIN visitor v ON v.id = r.visitor_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            {Pseudonyms.KeyJoin("v")}
            """,
        OrderBy = "r.referred_on, r.id",
        // A withdrawn referral was registered by mistake: it is not in any export (nor in the bezoekers built from it).
        Conditions = f => Filters("r.plein_id", "r.referred_on", f,
            leefgebied: "r.leefgebied_id = @leefgebied",
            domein: "EXISTS (SELECT 1 FROM organisation o WHERE o.id IN (r.to_organisation_id, r.from_organisation_id) AND o.domein = @domein)").Append("r.withdrawn_at IS NULL"),
        Columns =
        [
            new("plein", ColumnKind.Text, "n.name", Plein, "Tekst."),
            new("datum", ColumnKind.Date, "r.referred_on", "Datum van de verwijzing.", "Datum (jjjj-mm-dd)."),
            new("kwartaal", ColumnKind.Text, """to_char(r.referred_on, 'YYYY-"Q"Q')""", Kwartaal, "jjjj-Qn."),
            new("leefgebied", ColumnKind.Text, "l.code", "Het leefgebied waar de verwijzing over gaat.", "Code uit de lijst leefgebieden hieronder."),
            // The database keeps its English check values (db/0004); the file speaks the codebook's Dutch.
            new("van_soort", ColumnKind.Text, "CASE r.from_kind WHEN 'organisation' THEN 'organisatie' ELSE r.from_kind END", "Wie verwees.",
                "professional (een professional namens de organisatie), organisatie (de organisatie zelf) of eigen_initiatief (de bezoeker zelf)."),
            new("van_organisatie", ColumnKind.Text, "van.name", "Organisatie die verwees; leeg bij eigen initiatief.", "Naam van de organisatie."),
            new("van_domein", ColumnKind.Text, "van.domein", "Domein van de organisatie die verwees.", Domein),
            new("naar_organisatie", ColumnKind.Text, "naar.name", "Organisatie waarnaar verwezen is.", "Naam van de organisatie."),
            new("naar_domein", ColumnKind.Text, "naar.domein", "Domein van de organisatie waarnaar verwezen is.", Domein),
            new("naar_professional", ColumnKind.Flag, "r.to_professional_id IS NOT NULL",
                "Verwezen naar een bepaalde professional (1) of naar de organisatie (0).", "1 = ja, 0 = nee."),
            new("via_bezoek", ColumnKind.Flag, "r.visit_id IS NOT NULL", "De verwijzing is geregistreerd bij een bezoek aan het plein.", "1 = ja, 0 = nee."),
            new("spoed", ColumnKind.Flag, "r.spoed", "De verwijzing is als spoed gemarkeerd.", "1 = ja, 0 = nee."),
            new("toestemming_contact", ColumnKind.Flag, "r.consent_share_contact",
                "De bezoeker gaf toestemming om contactgegevens te delen met de ontvanger.", "1 = ja, 0 = nee."),
            new("toestemming_terugkoppeling", ColumnKind.Flag, "r.consent_feedback",
                "De bezoeker gaf toestemming voor terugkoppeling aan de verwijzer.", "1 = ja, 0 = nee."),
            new("status", ColumnKind.Text, "r.status", "Huidige status van de verwijzing (gesloten lus).",
                "verzonden, geaccepteerd, contact_gelegd, afgerond, afgewezen, niet_bereikt of geannuleerd."),
            new("status_datum", ColumnKind.Date, "(r.status_changed_at AT TIME ZONE 'Europe/Amsterdam')::date",
                "Datum waarop de verwijzing haar huidige status kreeg.", "Datum (jjjj-mm-dd)."),
            new("uitkomst", ColumnKind.Text, "r.outcome", "Uitkomst van een afgeronde verwijzing; leeg als die niet afgerond is.",
                string.Join(", ", ReferralStatus.Outcomes.SkipLast(1).Select(o => o.Code)) + $" of {ReferralStatus.Outcomes[^1].Code}."),
            new("reden", ColumnKind.ReasonCode, "r.status_reason", "Gekozen reden bij afgewezen of niet bereikt (zonder toelichting).",
                string.Join(", ", ReferralStatus.Reasons.SkipLast(1).Select(r => $"{r.Code} ({r.Label.ToLowerInvariant()})"))
                + $" of {ReferralStatus.OtherReason} (een andere reden, in eigen woorden); leeg bij andere statussen."),
            new("dagen_tot_contact", ColumnKind.Integer, """
                ((SELECT min(e.changed_at) FROM referral_status_event e WHERE e.referral_id = r.id AND e.status = 'contact_gelegd')
                  AT TIME ZONE 'Europe/Amsterdam')::date - r.referred_on
                """,
                "Dagen van de verwijzing tot de ontvanger contact legde met de bezoeker.",
                "Geheel getal (0 = dezelfde dag); leeg als er (nog) geen contact is gelegd."),
            BezoekerColumn(" om wie het gaat"),
            AgeColumn(Age("r.referred_on"), "in het jaar van de verwijzing"),
            .. Demographic,
            new("zorgvraag_categorie", ColumnKind.Text, "r.zorgvraag_category",
                "Categorie van de zorgvraag, zoals de verwijzer die intypte.", "Vrije tekst (hooguit 60 tekens); kan leeg zijn.", FreeText: true),
            new("zorgvraag", ColumnKind.Text, "r.zorgvraag", "De zorgvraag in de woorden van de verwijzer.", "Vrije tekst (hooguit 500 tekens).",
                FreeText: true),
            new("reden_toelichting", ColumnKind.Text, "r.status_reason", "De reden bij afgewezen of niet bereikt, met de getypte toelichting.",
                "Vrije tekst (hooguit 200 tekens).", FreeText: true),
        ],
    };

    public static readonly ExportDataset Bezoeken = new()
    {
        Name = "bezoeken",
        Title = "Bezoeken",
        RowMeaning = "Eén rij per bezoek; de leefgebieden van het bezoek staan samen in één kolom.",
        FilterMeaning = "Periode: de datum van het bezoek. Leefgebied: het bezoek ging (ook) over dat leefgebied. " +
                        "Domein: de organisatie van het spreekuur of de inloop hoort bij dat domein.",
        OrderMeaning = "Op datum van het bezoek, en op volgorde van registreren binnen een dag.",
        Core = """
            visit x
            LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
            LEFT JOIN professional hp ON hp.id = x.helped_by
            LEFT JOIN organisation o ON o.id = coalesce(s.organisation_id, hp.organisation_id)
            """,
        Joins = $"""
            JOIN plein n ON n.id = x.plein_id
            JOIN visitor v ON v.id = x.visitor_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            {Pseudonyms.KeyJoin("v")}
            CROSS JOIN LATERAL (
                SELECT string_agg(g.code, ', ' ORDER BY g.sort_order, g.code) AS codes, count(*)::int AS count
                FROM visit_leefgebied vl JOIN leefgebied g ON g.id = vl.leefgebied_id
                WHERE vl.visit_id = x.id) lg
            """,
        OrderBy = "x.visited_on, x.id",
        Conditions = f => Filters("x.plein_id", "x.visited_on", f,
            leefgebied: "EXISTS (SELECT 1 FROM visit_leefgebied vl WHERE vl.visit_id = x.id AND vl.leefgebied_id = @leefgebied)",
            domein: "o.domein = @domein").Append("x.withdrawn_at IS NULL"),
        Columns =
        [
            new("plein", ColumnKind.Text, "n.name", Plein, "Tekst."),
            new("datum", ColumnKind.Date, "x.visited_on", "Datum van het bezoek.", "Datum (jjjj-mm-dd)."),
            new("kwartaal", ColumnKind.Text, """to_char(x.visited_on, 'YYYY-"Q"Q')""", Kwartaal, "jjjj-Qn."),
            new("soort", ColumnKind.Text, "x.kind", "Soort contact.", "spreekuur of inloop."),
            new("organisatie", ColumnKind.Text, "o.name",
                "Organisatie die het spreekuur of de inloop hield (anders die van de professional die hielp).", "Naam van de organisatie; kan leeg zijn."),
            new("domein", ColumnKind.Text, "o.domein", "Domein van die organisatie.", Domein),
            new("leefgebieden", ColumnKind.Text, "lg.codes", "De leefgebieden waar het bezoek over ging.",
                "Codes uit de lijst leefgebieden hieronder, gescheiden door komma en spatie (\", \"); leeg als er geen is vastgelegd."),
            new("aantal_leefgebieden", ColumnKind.Integer, "lg.count", "Hoeveel leefgebieden bij het bezoek zijn vastgelegd.", "Geheel getal."),
            new("verwijzingen", ColumnKind.Integer,
                "(SELECT count(*)::int FROM referral r WHERE r.visitor_id = x.visitor_id AND r.visit_id = x.id AND r.withdrawn_at IS NULL)",
                "Aantal verwijzingen dat bij dit bezoek is geregistreerd.", "Geheel getal."),
            BezoekerColumn(""),
            AgeColumn(Age("x.visited_on"), "in het jaar van het bezoek"),
            .. Demographic,
        ],
    };

    // Bezoekers are built from the other two: a visitor is in the export when they have a visit or a referral that
    // matches the filters (ExportStatement composes the CTEs).
    public static readonly ExportDataset Bezoekers = new()
    {
        Name = "bezoekers",
        Title = "Bezoekers",
        RowMeaning = "Eén rij per bezoeker met een bezoek of verwijzing in de periode.",
        FilterMeaning = "Een bezoeker staat erin met minstens één bezoek of verwijzing in de periode die bij de filters past " +
                        "(leefgebied en domein zoals bij bezoeken en verwijzingen); de aantallen tellen alleen die.",
        OrderMeaning = "Op pseudoniem (dus zonder betekenis).",
        // The visitor is joined for the columns only: every id in actief is a visitor's (by the visits' and referrals'
        // foreign keys), so the count is actief's alone and reads no visitor row.
        Core = "actief a",
        Joins = $"""
            JOIN visitor v ON v.id = a.visitor_id
            JOIN plein n ON n.id = v.plein_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            LEFT JOIN bezoek b ON b.visitor_id = v.id
            LEFT JOIN verwijzing f ON f.visitor_id = v.id
            {Pseudonyms.KeyJoin("v")}
            """,
        OrderBy = "1",
        Conditions = _ => [],
        Columns =
        [
            BezoekerColumn(""),
            new("plein", ColumnKind.Text, "n.name", Plein, "Tekst."),
            AgeColumn(Age("@tot::date"), "in het jaar waarin de periode eindigt"),
            .. Demographic,
            new("eerste_bezoek", ColumnKind.Date, "v.first_visit_on", "Datum van het eerste bezoek aan het plein (ook als dat vóór de periode was).",
                "Datum (jjjj-mm-dd)."),
            new("bezoeken", ColumnKind.Integer, "coalesce(b.bezoeken, 0)", "Aantal bezoeken in de periode die bij de filters passen.", "Geheel getal."),
            new("laatste_bezoek", ColumnKind.Date, "b.laatste", "Datum van het laatste van die bezoeken.", "Datum (jjjj-mm-dd); leeg zonder bezoek."),
            new("verwijzingen", ColumnKind.Integer, "coalesce(f.verwijzingen, 0)", "Aantal verwijzingen in de periode die bij de filters passen.",
                "Geheel getal."),
            new("leefgebieden_per_bezoek", ColumnKind.Decimal, "b.per_bezoek",
                "Gemiddeld aantal leefgebieden per bezoek in de periode: hoe breed de vragen zijn.", "Getal met twee decimalen; leeg zonder bezoek."),
        ],
    };

    /// <summary>The bezoekers dataset's CTEs: matching visits and referrals per visitor, and the visitors with either.</summary>
    internal static string BezoekersCtes(ExportFilter f) => $"""
        bezoek AS (
            SELECT x.visitor_id, count(*)::int AS bezoeken, max(x.visited_on) AS laatste,
                   round(avg((SELECT count(*) FROM visit_leefgebied vl WHERE vl.visit_id = x.id)), 2) AS per_bezoek
            FROM {Bezoeken.Core}
            WHERE {string.Join(" AND ", Bezoeken.Conditions(f))}
            GROUP BY x.visitor_id),
        verwijzing AS (
            SELECT r.visitor_id, count(*)::int AS verwijzingen
            FROM {Verwijzingen.Core}
            WHERE r.visitor_id IS NOT NULL AND {string.Join(" AND ", Verwijzingen.Conditions(f))}
            GROUP BY r.visitor_id),
        actief AS (
            SELECT visitor_id FROM bezoek UNION SELECT visitor_id FROM verwijzing)
        """;

    // Only the filters in use become conditions, so each is a plain predicate the planner can use an index for.
    static IEnumerable<string> Filters(string plein, string date, ExportFilter f, string leefgebied, string domein)
    {
        yield return $"{plein} = ANY (@pleinen)";
        yield return $"{date} BETWEEN @van AND @tot";
        if (f.LeefgebiedId is not null) yield return leefgebied;
        if (f.Domein is not null) yield return domein;
    }
}
