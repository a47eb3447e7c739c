using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Export;

public sealed partial class ExportTable
{
    /// <summary>
    /// One row per referral. Visitors appear only as a pseudonym; no names, phone numbers, e-mail addresses or visitor
    /// codes, and no professional by name: senders and receivers are organisations. No internal ids either: an id in
    /// two exports would link their per-export pseudonyms. A withdrawn referral was registered by mistake: it is in no
    /// export (nor in the bezoekers built from it).
    /// </summary>
    public static readonly ExportTable Verwijzingen = new()
    {
        Name = "verwijzingen",
        Title = "Verwijzingen",
        RowMeaning = "Eén rij per verwijzing.",
        FilterMeaning = "Periode: de datum van de verwijzing. Leefgebied: het leefgebied van de verwijzing. " +
                        "Domein: de verwijzer of de ontvanger hoort bij dat domein.",
        OrderMeaning = "Op plein, dan op datum van de verwijzing, en op volgorde van registreren binnen een dag.",
        // The order is that of referral_export (db/0095), so the first row is written without sorting the selection.
        // The database keeps its English from_kind (db/0004); the file speaks the codebook's Dutch. The age is -1 for a
        // visitor without a birth year, NULL without a visitor (and so is the pseudonym: sha256 of NULL).
        RowsSql = $"""
            SELECT n.name AS plein,
                   r.referred_on AS datum,
                   to_char(r.referred_on, 'YYYY-"Q"Q') AS kwartaal,
                   l.code AS leefgebied,
                   CASE r.from_kind WHEN 'organisation' THEN 'organisatie' ELSE r.from_kind END AS van_soort,
                   van.name AS van_organisatie,
                   van.domein AS van_domein,
                   naar.name AS naar_organisatie,
                   naar.domein AS naar_domein,
                   r.to_professional_id IS NOT NULL AS naar_professional,
                   r.visit_id IS NOT NULL AS via_bezoek,
                   r.spoed,
                   r.consent_share_contact AS toestemming_contact,
                   r.consent_feedback AS toestemming_terugkoppeling,
                   r.status,
                   (r.status_changed_at AT TIME ZONE 'Europe/Amsterdam')::date AS status_datum,
                   r.outcome AS uitkomst,
                   r.status_reason AS reden,
                   ((SELECT min(e.changed_at) FROM referral_status_event e WHERE e.referral_id = r.id AND e.status = 'contact_gelegd')
                     AT TIME ZONE 'Europe/Amsterdam')::date - r.referred_on AS dagen_tot_contact,
                   'P' || encode(substr(sha256(k.outer_pad || sha256(k.inner_pad || int4send(v.id))), 1, 8), 'hex') AS bezoeker,
                   CASE WHEN v.id IS NOT NULL THEN coalesce(date_part('year', r.referred_on)::int - v.birth_year, -1) END AS leeftijdsgroep,
                   v.gender AS geslacht,
                   w.name AS wijk,
                   v.postcode,
                   CASE WHEN @vrijeTekst THEN r.zorgvraag_category END AS zorgvraag_categorie,
                   CASE WHEN @vrijeTekst THEN r.zorgvraag END AS zorgvraag,
                   CASE WHEN @vrijeTekst THEN r.status_reason END AS reden_toelichting
            FROM referral r
            JOIN organisation naar ON naar.id = r.to_organisation_id
            LEFT JOIN organisation van ON van.id = r.from_organisation_id
            JOIN plein n ON n.id = r.plein_id
            JOIN leefgebied l ON l.id = r.leefgebied_id
            LEFT JOIN visitor v ON v.id = r.visitor_id
            LEFT JOIN wijk w ON w.id = v.wijk_id
            LEFT JOIN unnest(@keyPleinen, @innerPads, @outerPads) k (plein_id, inner_pad, outer_pad) ON k.plein_id = v.plein_id
            WHERE {ReferralMatches}
            ORDER BY r.plein_id, r.referred_on, r.id
            """,
        // The referrals alone, from the referral_figures index (db/0033); the domein looks its organisations up itself.
        CountSql = $"""
            SELECT count(*)
            FROM referral r
            WHERE {ReferralMatches}
            """,
        Columns =
        [
            new("plein", ColumnKind.Text, Plein, "Tekst."),
            new("datum", ColumnKind.Date, "Datum van de verwijzing.", Datum),
            new("kwartaal", ColumnKind.Text, Kwartaal, "jjjj-Qn."),
            new("leefgebied", ColumnKind.Text, "Het leefgebied waar de verwijzing over gaat.", "Code uit de lijst leefgebieden hieronder."),
            new("van_soort", ColumnKind.Text, "Wie verwees.",
                "professional (een professional namens de organisatie), organisatie (de organisatie zelf) of eigen_initiatief (de bezoeker zelf)."),
            new("van_organisatie", ColumnKind.Text, "Organisatie die verwees; leeg bij eigen initiatief.", "Naam van de organisatie."),
            new("van_domein", ColumnKind.Text, "Domein van de organisatie die verwees.", Domein),
            new("naar_organisatie", ColumnKind.Text, "Organisatie waarnaar verwezen is.", "Naam van de organisatie."),
            new("naar_domein", ColumnKind.Text, "Domein van de organisatie waarnaar verwezen is.", Domein),
            new("naar_professional", ColumnKind.Flag, "Verwezen naar een bepaalde professional (1) of naar de organisatie (0).", JaNee),
            new("via_bezoek", ColumnKind.Flag, "De verwijzing is geregistreerd bij een bezoek aan het plein.", JaNee),
            new("spoed", ColumnKind.Flag, "De verwijzing is als spoed gemarkeerd.", JaNee),
            new("toestemming_contact", ColumnKind.Flag, "De bezoeker gaf toestemming om contactgegevens te delen met de ontvanger.", JaNee),
            new("toestemming_terugkoppeling", ColumnKind.Flag, "De bezoeker gaf toestemming voor terugkoppeling aan de verwijzer.", JaNee),
            new("status", ColumnKind.Text, "Huidige status van de verwijzing (gesloten lus).",
                "verzonden, geaccepteerd, contact_gelegd, afgerond, afgewezen, niet_bereikt of geannuleerd."),
            new("status_datum", ColumnKind.Date, "Datum waarop de verwijzing haar huidige status kreeg.", Datum),
            new("uitkomst", ColumnKind.Text, "Uitkomst van een afgeronde verwijzing; leeg als die niet afgerond is.",
                string.Join(", ", ReferralStatus.Outcomes.SkipLast(1).Select(o => o.Code)) + $" of {ReferralStatus.Outcomes[^1].Code}."),
            new("reden", ColumnKind.ReasonCode, "Gekozen reden bij afgewezen of niet bereikt (zonder toelichting).",
                string.Join(", ", ReferralStatus.Reasons.SkipLast(1).Select(r => $"{r.Code} ({r.Label.ToLowerInvariant()})"))
                + $" of {ReferralStatus.OtherReason} (een andere reden, in eigen woorden); leeg bij andere statussen."),
            new("dagen_tot_contact", ColumnKind.Integer, "Dagen van de verwijzing tot de ontvanger contact legde met de bezoeker.",
                "Geheel getal (0 = dezelfde dag); leeg als er (nog) geen contact is gelegd."),
            BezoekerColumn(" om wie het gaat"),
            AgeColumn("in het jaar van de verwijzing"),
            .. Demographic,
            new("zorgvraag_categorie", ColumnKind.Text, "Categorie van de zorgvraag, zoals de verwijzer die intypte.",
                "Vrije tekst (hooguit 60 tekens); kan leeg zijn.", FreeText: true),
            new("zorgvraag", ColumnKind.Text, "De zorgvraag in de woorden van de verwijzer.", "Vrije tekst (hooguit 500 tekens).", FreeText: true),
            new("reden_toelichting", ColumnKind.Text, "De reden bij afgewezen of niet bereikt, met de getypte toelichting.",
                "Vrije tekst (hooguit 200 tekens).", FreeText: true),
        ],
    };
}
