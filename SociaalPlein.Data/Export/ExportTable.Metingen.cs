namespace SociaalPlein.Data.Export;

public sealed partial class ExportTable
{
    /// <summary>
    /// One row per meting: one step of self-reliance (1–5) on one leefgebied at one visit, with the visitor's pseudonym
    /// only, so that change over time can be studied per visitor (the demographics join from bezoekers, where the
    /// pseudonym is the same within one export). Only metingen the visitor has not had erased; a withdrawn visit's not
    /// at all. The domein is that of the visit's organisation, as in bezoeken.
    /// </summary>
    public static readonly ExportTable Metingen = new()
    {
        Name = "metingen",
        Title = "Metingen",
        RowMeaning = "Eén rij per meting: de stap zelfredzaamheid van één bezoeker op één leefgebied, bij één bezoek.",
        FilterMeaning = "Periode: de datum van de meting (die van het bezoek). Leefgebied: het leefgebied van de meting. " +
                        "Domein: de organisatie van het spreekuur of de inloop van dat bezoek hoort bij dat domein.",
        OrderMeaning = "Op plein, dan op datum van de meting, en op volgorde van registreren binnen een dag.",
        // The order is that of meting_plein_date (db/0060) up to the day, so only each day's metingen are sorted by id.
        RowsSql = $"""
            SELECT 'P' || encode(substr(sha256(k.outer_pad || sha256(k.inner_pad || int4send(v.id))), 1, 8), 'hex') AS bezoeker,
                   n.name AS plein,
                   m.measured_on AS datum,
                   to_char(m.measured_on, 'YYYY-"Q"Q') AS kwartaal,
                   l.code AS leefgebied,
                   m.step::int AS stap
            FROM meting m
            JOIN visit x ON x.id = m.visit_id
            {VisitOrganisation}
            JOIN plein n ON n.id = m.plein_id
            JOIN leefgebied l ON l.id = m.leefgebied_id
            JOIN visitor v ON v.id = m.visitor_id
            LEFT JOIN unnest(@keyPleinen, @innerPads, @outerPads) k (plein_id, inner_pad, outer_pad) ON k.plein_id = v.plein_id
            WHERE m.plein_id = ANY (@pleinen)
              AND m.measured_on BETWEEN @van AND @tot
              AND x.withdrawn_at IS NULL
              AND (@leefgebied::int IS NULL OR m.leefgebied_id = @leefgebied)
              AND (@domein::text IS NULL OR o.domein = @domein)
            ORDER BY m.plein_id, m.measured_on, m.id
            """,
        // The visit is looked at only for what the count needs: whether it was withdrawn, and its organisation when a
        // domein is chosen. The metingen of the withdrawn visits are counted apart and taken off (the few withdrawn
        // visits from visit_withdrawn, db/0091, then their metingen by meting_one_per_leefgebied): an anti-join on every
        // meting instead probed each of a region's quarter's 111,280 (30 ms against 22 ms, load average 11), and joining
        // every visit read all of them (a region's 3,000,000).
        CountSql = $"""
            SELECT (SELECT count(*) FROM meting m WHERE {MetingMatches})
                   - (SELECT count(*) FROM visit w JOIN meting m ON m.visit_id = w.id WHERE w.withdrawn_at IS NOT NULL AND {MetingMatches})
            """,
        Columns =
        [
            BezoekerColumn(""),
            new("plein", ColumnKind.Text, Plein, "Tekst."),
            new("datum", ColumnKind.Date, "Datum van de meting: die van het bezoek waarbij ze is vastgelegd.", Datum),
            new("kwartaal", ColumnKind.Text, Kwartaal, "jjjj-Qn."),
            new("leefgebied", ColumnKind.Text, "Het leefgebied van de meting.", "Code uit de lijst leefgebieden hieronder."),
            new("stap", ColumnKind.Integer, "Hoe zelfredzaam de bezoeker op dit leefgebied was, volgens de professional, met instemming van de bezoeker.",
                "1 (acute problemen), 2, 3, 4 of 5 (volledig zelfredzaam); de woorden per stap staan bij de metingen in het beheer."),
        ],
    };

    /// <summary>The metingen (<c>m</c>) that match the filters, whether or not their visit was withdrawn.</summary>
    const string MetingMatches = """
        m.plein_id = ANY (@pleinen)
          AND m.measured_on BETWEEN @van AND @tot
          AND (@leefgebied::int IS NULL OR m.leefgebied_id = @leefgebied)
          AND (@domein::text IS NULL OR @domein = (SELECT o.domein
                                                  FROM visit x
                                                  LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
                                                  LEFT JOIN professional hp ON hp.id = x.helped_by
                                                  JOIN organisation o ON o.id = coalesce(s.organisation_id, hp.organisation_id)
                                                  WHERE x.id = m.visit_id))
        """;
}
