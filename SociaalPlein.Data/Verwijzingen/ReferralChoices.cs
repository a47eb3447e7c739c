using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

public sealed record PleinOption(int Id, string Name);

public sealed record LeefgebiedOption(int Id, string Name);

/// <summary>
/// A side a referral can come from or go to: an organisation (no <see cref="ProfessionalId"/>) or one of its
/// professionals, with the account's pleinen it works at. <see cref="Value"/> is the <see cref="Party"/> text the
/// form posts and the gids links carry.
/// </summary>
public sealed record PartyOption
{
    // Properties rather than a positional record: Dapper fills an int[] (the pleinen) only through a setter.
    public int OrganisationId { get; init; }
    public string Organisation { get; init; } = "";
    public int? ProfessionalId { get; init; }
    public string Label { get; init; } = "";
    public int[] PleinIds { get; init; } = [];

    public string Value => (ProfessionalId is int p ? Party.OfProfessional(p) : Party.OfOrganisation(OrganisationId)).ToString();
}

/// <summary>
/// What the referral form offers: the account's open pleinen, the active organisations and professionals of those
/// pleinen (organisation first, then its people, by name), the active leefgebieden, and the account's own entry
/// in the gids (the usual sender).
/// </summary>
public sealed record ReferralFormChoices(
    IReadOnlyList<PleinOption> Pleinen, IReadOnlyList<PartyOption> Parties, IReadOnlyList<LeefgebiedOption> Leefgebieden, int? OwnProfessionalId)
{
    public PartyOption? Find(string? value) => Parties.FirstOrDefault(p => p.Value == value);
}

public sealed class ReferralChoices(NpgsqlDataSource db)
{
    public async Task<ReferralFormChoices> LoadAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.id, n.name FROM plein n CROSS JOIN me WHERE n.active AND {NeedToKnow.WorksAt} ORDER BY n.name;

            WITH {NeedToKnow.Me},
            pleinen AS (SELECT n.id FROM plein n CROSS JOIN me WHERE n.active AND {NeedToKnow.WorksAt}),
            -- From the account's pleinen to their members, so the cost follows the plein, not the whole region.
            organisations AS (
                SELECT op.organisation_id, array_agg(op.plein_id ORDER BY op.plein_id) AS plein_ids
                FROM organisation_plein op WHERE op.plein_id IN (SELECT id FROM pleinen) GROUP BY op.organisation_id),
            professionals AS (
                SELECT pp.professional_id, array_agg(pp.plein_id ORDER BY pp.plein_id) AS plein_ids
                FROM professional_plein pp WHERE pp.plein_id IN (SELECT id FROM pleinen) GROUP BY pp.professional_id),
            parties AS (
                SELECT o.id AS organisation_id, o.name AS organisation, NULL::int AS professional_id, o.name AS label, x.plein_ids
                FROM organisations x JOIN organisation o ON o.id = x.organisation_id WHERE o.active
                UNION ALL
                SELECT o.id, o.name, p.id, p.name || ' — ' || p.function, x.plein_ids
                FROM professionals x JOIN professional p ON p.id = x.professional_id JOIN organisation o ON o.id = p.organisation_id
                WHERE p.active AND o.active)
            SELECT * FROM parties ORDER BY organisation, organisation_id, professional_id IS NOT NULL, label;

            SELECT id, name FROM leefgebied WHERE active ORDER BY sort_order, name;

            WITH {NeedToKnow.Me}
            SELECT p.id FROM me JOIN professional p ON p.id = me.professional_id WHERE p.active;
            """, new { userId }, cancellationToken: ct));
        return new ReferralFormChoices(
            (await r.ReadAsync<PleinOption>()).ToList(),
            (await r.ReadAsync<PartyOption>()).ToList(),
            (await r.ReadAsync<LeefgebiedOption>()).ToList(),
            await r.ReadSingleOrDefaultAsync<int?>());
    }
}
