namespace SociaalPlein.Data.Export;

public sealed partial class ExportTable
{
    /// <summary>
    /// One row per visit, its leefgebieden as codes in one column: counting rows counts visits, and the per-visit facts
    /// are not repeated. The organisation (o) is the one that held the spreekuur or inloop, else the helper's. A
    /// withdrawn visit was registered by mistake: it is in no export, and a withdrawn referral is not counted.
    /// </summary>
    public static readonly ExportTable Bezoeken = new()
    {
        Name = "bezoeken",
        Title = "Bezoeken",
        RowMeaning = "Eén rij per bezoek; de leefgebieden van het bezoek staan samen in één kolom.",
        FilterMeaning = "Periode: de datum van het bezoek. Leefgebied: het bezoek ging (ook) over dat leefgebied. " +
                        "Domein: de organisatie van het spreekuur of de inloop hoort bij dat domein.",
        OrderMeaning = "Op plein, dan op datum van het bezoek, en op volgorde van registreren binnen een dag.",
        // The order is that of visit_figures (db/0034) up to the day, so only each day's visits are sorted by id.
        RowsSql = $"""
            SELECT n.name AS plein,
                   x.visited_on AS datum,
                   to_char(x.visited_on, 'YYYY-"Q"Q') AS kwartaal,
                   x.kind AS soort,
                   o.name AS organisatie,
                   o.domein,
                   lg.codes AS leefgebieden,
                   lg.count AS aantal_leefgebieden,
                   (SELECT count(*)::int FROM referral r WHERE r.visitor_id = x.visitor_id AND r.visit_id = x.id AND r.withdrawn_at IS NULL)
                     AS verwijzingen,
                   'P' || encode(substr(sha256(k.outer_pad || sha256(k.inner_pad || int4send(v.id))), 1, 8), 'hex') AS bezoeker,
                   coalesce(date_part('year', x.visited_on)::int - v.birth_year, -1) AS leeftijdsgroep,
                   v.gender AS geslacht,
                   w.name AS wijk,
                   v.postcode
            FROM visit x
            {VisitOrganisation}
            JOIN plein n ON n.id = x.plein_id
            JOIN visitor v ON v.id = x.visitor_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            LEFT JOIN unnest(@keyPleinen, @innerPads, @outerPads) k (plein_id, inner_pad, outer_pad) ON k.plein_id = v.plein_id
            CROSS JOIN LATERAL (
                SELECT string_agg(g.code, ', ' ORDER BY g.sort_order, g.code) AS codes, count(*)::int AS count
                FROM visit_leefgebied vl JOIN leefgebied g ON g.id = vl.leefgebied_id
                WHERE vl.visit_id = x.id) lg
            WHERE {VisitMatches}
            ORDER BY x.plein_id, x.visited_on, x.id
            """,
        // Without a domein PostgreSQL leaves the organisation's joins out (each joins a primary key and gives nothing).
        CountSql = $"""
            SELECT count(*)
            FROM visit x
            {VisitOrganisation}
            WHERE {VisitMatches}
            """,
        Columns =
        [
            new("plein", ColumnKind.Text, Plein, "Tekst."),
            new("datum", ColumnKind.Date, "Datum van het bezoek.", Datum),
            new("kwartaal", ColumnKind.Text, Kwartaal, "jjjj-Qn."),
            new("soort", ColumnKind.Text, "Soort contact.", "spreekuur of inloop."),
            new("organisatie", ColumnKind.Text, "Organisatie die het spreekuur of de inloop hield (anders die van de professional die hielp).",
                "Naam van de organisatie; kan leeg zijn."),
            new("domein", ColumnKind.Text, "Domein van die organisatie.", Domein),
            new("leefgebieden", ColumnKind.Text, "De leefgebieden waar het bezoek over ging.",
                "Codes uit de lijst leefgebieden hieronder, gescheiden door komma en spatie (\", \"); leeg als er geen is vastgelegd."),
            new("aantal_leefgebieden", ColumnKind.Integer, "Hoeveel leefgebieden bij het bezoek zijn vastgelegd.", Geheel),
            new("verwijzingen", ColumnKind.Integer, "Aantal verwijzingen dat bij dit bezoek is geregistreerd.", Geheel),
            BezoekerColumn(""),
            AgeColumn("in het jaar van het bezoek"),
            .. Demographic,
        ],
    };
}
