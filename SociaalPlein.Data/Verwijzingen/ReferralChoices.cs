using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

public sealed record PleinOption(int Id, string Name);

public sealed record LeefgebiedOption(int Id, string Name);

/// <summary>
/// A side a referral can come from or go to at the chosen plein: an organisation (no <see cref="ProfessionalId"/>) or
/// one of its professionals. <see cref="Value"/> is the <see cref="Party"/> text the form posts and the gids links carry.
/// </summary>
public sealed record PartyOption(int OrganisationId, string Organisation, int? ProfessionalId, string Label)
{
    public string Value => (ProfessionalId is int p ? Party.OfProfessional(p) : Party.OfOrganisation(OrganisationId)).ToString();
}

/// <summary>
/// What the referral form offers: the account's open pleinen and, for the chosen one (<see cref="PleinId"/>, null
/// while none is chosen), its active organisations and professionals (organisation first, then its people, by name);
/// the active leefgebieden, and the account's own entry in the gids (the usual sender).
/// </summary>
public sealed record ReferralFormChoices(
    IReadOnlyList<PleinOption> Pleinen, int? PleinId, IReadOnlyList<PartyOption> Parties, IReadOnlyList<LeefgebiedOption> Leefgebieden,
    int? OwnProfessionalId)
{
    public PartyOption? Find(string? value) => Parties.FirstOrDefault(p => p.Value == value);
}

/// <summary>
/// The referral form's lists. Only one plein's parties at a time: a beheerder works at every plein, and all of a
/// region's parties (20,000 professionals) made a form of 3.9 MB.
/// </summary>
public sealed class ReferralChoices(NpgsqlDataSource db)
{
    /// <summary>The lists with the parties of <paramref name="pleinId"/>; none for no plein or one the account does not work at.</summary>
    public async Task<ReferralFormChoices> LoadAsync(int userId, int? pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.id, n.name FROM plein n CROSS JOIN me WHERE n.active AND {NeedToKnow.WorksAt} ORDER BY n.name;

            WITH {NeedToKnow.Me},
            chosen AS (SELECT n.id FROM plein n CROSS JOIN me WHERE n.id = @pleinId AND n.active AND {NeedToKnow.WorksAt}),
            parties AS (
                SELECT o.id AS organisation_id, o.name AS organisation, NULL::int AS professional_id, o.name AS label
                FROM organisation_plein op JOIN organisation o ON o.id = op.organisation_id
                WHERE op.plein_id IN (SELECT id FROM chosen) AND o.active
                UNION ALL
                SELECT o.id, o.name, p.id, p.name || ' — ' || p.function
                FROM professional_plein pp JOIN professional p ON p.id = pp.professional_id JOIN organisation o ON o.id = p.organisation_id
                WHERE pp.plein_id IN (SELECT id FROM chosen) AND p.active AND o.active)
            SELECT * FROM parties ORDER BY organisation, organisation_id, professional_id IS NOT NULL, label;

            SELECT id, name FROM leefgebied WHERE active ORDER BY sort_order, name;

            WITH {NeedToKnow.Me}
            SELECT p.id FROM me JOIN professional p ON p.id = me.professional_id WHERE p.active;
            """, new { userId, pleinId }, cancellationToken: ct));
        var pleinen = (await r.ReadAsync<PleinOption>()).ToList();
        return new ReferralFormChoices(
            pleinen,
            pleinen.Any(p => p.Id == pleinId) ? pleinId : null,
            (await r.ReadAsync<PartyOption>()).ToList(),
            (await r.ReadAsync<LeefgebiedOption>()).ToList(),
            await r.ReadSingleOrDefaultAsync<int?>());
    }

    /// <summary>
    /// The account's pleinen (by name) where <paramref name="party"/> is an active receiver: where a gids link's
    /// <c>?naar=</c> can be referred to.
    /// </summary>
    public async Task<IReadOnlyList<int>> PleinenOfAsync(int userId, Party party, CancellationToken ct = default)
    {
        if (party.Kind == Party.EigenInitiatief) return [];
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<int>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.id FROM plein n CROSS JOIN me
            WHERE n.active AND {NeedToKnow.WorksAt}
              AND CASE WHEN @kind = 'professional'
                       THEN EXISTS (SELECT 1 FROM professional_plein pp JOIN professional p ON p.id = pp.professional_id
                                    JOIN organisation o ON o.id = p.organisation_id
                                    WHERE pp.plein_id = n.id AND p.id = @id AND p.active AND o.active)
                       ELSE EXISTS (SELECT 1 FROM organisation_plein op JOIN organisation o ON o.id = op.organisation_id
                                    WHERE op.plein_id = n.id AND o.id = @id AND o.active) END
            ORDER BY n.name
            """, new { userId, kind = party.Kind, id = party.Id }, cancellationToken: ct))).ToList();
    }
}
