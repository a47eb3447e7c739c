namespace SociaalPlein.Data.Export;

public sealed partial class ExportTable
{
    /// <summary>
    /// One row per visitor with a visit or a referral that matches the filters (each filter as in bezoeken and
    /// verwijzingen, withdrawn ones left out), with the number of those visits and referrals. Ordered by pseudonym:
    /// an order by anything stable (an id, a first visit) would let two exports' rows be lined up, and with them their
    /// per-export pseudonyms.
    /// </summary>
    public static readonly ExportTable Bezoekers = new()
    {
        Name = "bezoekers",
        Title = "Bezoekers",
        RowMeaning = "Eén rij per bezoeker met een bezoek of verwijzing in de periode.",
        FilterMeaning = "Een bezoeker staat erin met minstens één bezoek of verwijzing in de periode die bij de filters past " +
                        "(leefgebied en domein zoals bij bezoeken en verwijzingen); de aantallen tellen alleen die.",
        OrderMeaning = "Op pseudoniem (dus zonder betekenis).",
        RowsSql = $"""
            WITH bezoek AS (
                SELECT x.visitor_id, count(*)::int AS bezoeken, max(x.visited_on) AS laatste,
                       round(avg((SELECT count(*) FROM visit_leefgebied vl WHERE vl.visit_id = x.id)), 2) AS per_bezoek
                FROM visit x
                {VisitOrganisation}
                WHERE {VisitMatches}
                GROUP BY x.visitor_id),
            verwijzing AS (
                SELECT r.visitor_id, count(*)::int AS verwijzingen
                FROM referral r
                WHERE r.visitor_id IS NOT NULL
                  AND {ReferralMatches}
                GROUP BY r.visitor_id)
            SELECT 'P' || encode(substr(sha256(k.outer_pad || sha256(k.inner_pad || int4send(v.id))), 1, 8), 'hex') AS bezoeker,
                   n.name AS plein,
                   coalesce(date_part('year', @tot::date)::int - v.birth_year, -1) AS leeftijdsgroep,
                   v.gender AS geslacht,
                   w.name AS wijk,
                   v.postcode,
                   v.first_visit_on AS eerste_bezoek,
                   coalesce(b.bezoeken, 0) AS bezoeken,
                   b.laatste AS laatste_bezoek,
                   coalesce(f.verwijzingen, 0) AS verwijzingen,
                   b.per_bezoek AS leefgebieden_per_bezoek
            FROM bezoek b
            FULL JOIN verwijzing f ON f.visitor_id = b.visitor_id
            JOIN visitor v ON v.id = coalesce(b.visitor_id, f.visitor_id)
            JOIN plein n ON n.id = v.plein_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            LEFT JOIN unnest(@keyPleinen, @innerPads, @outerPads) k (plein_id, inner_pad, outer_pad) ON k.plein_id = v.plein_id
            ORDER BY 1
            """,
        // The visitors themselves are not read: every id here is a visitor's (by the visits' and referrals' foreign keys).
        CountSql = $"""
            SELECT count(*)
            FROM (SELECT x.visitor_id
                  FROM visit x
                  {VisitOrganisation}
                  WHERE {VisitMatches}
                  UNION
                  SELECT r.visitor_id
                  FROM referral r
                  WHERE r.visitor_id IS NOT NULL
                    AND {ReferralMatches}
                 ) actief
            """,
        Columns =
        [
            BezoekerColumn(""),
            new("plein", ColumnKind.Text, Plein, "Tekst."),
            AgeColumn("in het jaar waarin de periode eindigt"),
            .. Demographic,
            new("eerste_bezoek", ColumnKind.Date, "Datum van het eerste bezoek aan het plein (ook als dat vóór de periode was).", Datum),
            new("bezoeken", ColumnKind.Integer, "Aantal bezoeken in de periode die bij de filters passen.", Geheel),
            new("laatste_bezoek", ColumnKind.Date, "Datum van het laatste van die bezoeken.", "Datum (jjjj-mm-dd); leeg zonder bezoek."),
            new("verwijzingen", ColumnKind.Integer, "Aantal verwijzingen in de periode die bij de filters passen.", Geheel),
            new("leefgebieden_per_bezoek", ColumnKind.Decimal, "Gemiddeld aantal leefgebieden per bezoek in de periode: hoe breed de vragen zijn.",
                "Getal met twee decimalen; leeg zonder bezoek."),
        ],
    };
}
