using Dapper;
using Npgsql;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Data.Accounts;

/// <summary>The list's filters; null means any.</summary>
public sealed record AccountFilter(string? Role, int? PleinId, bool? Active);

public sealed record AccountListRow(int Id, string Email, string DisplayName, string Role, bool Active, bool PasswordSet,
    string Pleinen, string? Professional, DateTime? LastLoginAt);

public sealed record AccountEntry(int Id, string Email, string DisplayName, string Role, bool Active, bool PasswordSet,
    int[] PleinIds, int? ProfessionalId, string? ProfessionalName, bool ProfessionalActive, DateTime? LastLoginAt,
    DateTime CreatedAt, DateTime? OpenLinkExpiresAt, bool TwoFactorOn);

/// <summary>The outcome of an invitation: the link to mail, or the problems that kept it from being stored.</summary>
public sealed record InvitationResult(IssuedLink? Link, IReadOnlyList<FieldError> Errors);

/// <summary>What a change of role and pleinen did, for the audit log; Refusal when it was not allowed.</summary>
public sealed record AccessChange(string? Refusal, string OldRole, string NewRole, int[] OldPleinIds, int[] NewPleinIds)
{
    public bool RoleChanged => Refusal is null && OldRole != NewRole;
    public bool PleinenChanged => Refusal is null && !OldPleinIds.SequenceEqual(NewPleinIds);
}

/// <summary>
/// The beheerder's side of accounts: list, invite, change role and pleinen, (de)activate. Every change that alters what
/// a session may do (role, pleinen, active) bumps the security stamp, so the account's cookie is refused on its next
/// request (SessionValidation) and the user signs in again with what is true now.
/// </summary>
public sealed class AccountAdmin(NpgsqlDataSource db, TimeProvider clock)
{
    public const int ListLimit = 200;

    // Audit actions of the beheerder's account changes (object app_user, id); the detail holds roles and plein ids,
    // never the account's address or name.
    public const string InvitedAction = "account.invited";
    public const string RoleChangedAction = "account.role_changed";
    public const string PleinenChangedAction = "account.pleinen_changed";
    public const string DeactivatedAction = "account.deactivated";
    public const string ActivatedAction = "account.activated";
    public const string TwoFactorResetAction = "account.2fa_reset";

    public Task<DirectoryChoices> ChoicesAsync(CancellationToken ct = default) => DirectoryChoices.LoadAsync(db, ct);

    public async Task<(IReadOnlyList<AccountListRow> Rows, int Total)> ListAsync(AccountFilter filter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // Counted apart from the page: a count over the window (count(*) OVER ()) made PostgreSQL join and sort all
        // 20,000 accounts of a region for the 200 it shows; the page alone walks the name index and stops at 200.
        const string Matches = """
            (@Role::text IS NULL OR u.role = @Role)
            AND (@Active::boolean IS NULL OR u.active = @Active)
            AND (@PleinId::integer IS NULL OR EXISTS (SELECT 1 FROM app_user_plein m WHERE m.user_id = u.id AND m.plein_id = @PleinId))
            """;
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"""
            SELECT count(*)::int FROM app_user u WHERE {Matches};
            SELECT u.id, u.email, u.display_name, u.role, u.active, u.password_hash IS NOT NULL AS password_set,
                   coalesce((SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM app_user_plein m
                             JOIN plein p ON p.id = m.plein_id WHERE m.user_id = u.id), '') AS pleinen,
                   pr.name AS professional, u.last_login_at
            FROM app_user u LEFT JOIN professional pr ON pr.id = u.professional_id
            WHERE {Matches}
            ORDER BY u.display_name, u.id
            LIMIT @limit
            """, new { filter.Role, filter.Active, filter.PleinId, limit = ListLimit }, cancellationToken: ct));
        var total = await read.ReadSingleAsync<int>();
        return ((await read.ReadAsync<AccountListRow>()).ToList(), total);
    }

    sealed record Row(int Id, string Email, string DisplayName, string Role, bool Active, bool PasswordSet, string PleinIds,
        int? ProfessionalId, string? ProfessionalName, bool? ProfessionalActive, DateTime? LastLoginAt, DateTime CreatedAt,
        DateTime? OpenLinkExpiresAt, bool TwoFactorOn);

    public async Task<AccountEntry?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT u.id, u.email, u.display_name, u.role, u.active, u.password_hash IS NOT NULL AS password_set,
                   coalesce((SELECT string_agg(m.plein_id::text, ',') FROM app_user_plein m WHERE m.user_id = u.id), '') AS plein_ids,
                   u.professional_id, pr.name AS professional_name, pr.active AS professional_active, u.last_login_at, u.created_at,
                   (SELECT t.expires_at FROM account_token t WHERE t.user_id = u.id AND t.closed_at IS NULL) AS open_link_expires_at,
                   u.totp_enabled_at IS NOT NULL AS two_factor_on
            FROM app_user u LEFT JOIN professional pr ON pr.id = u.professional_id
            WHERE u.id = @id
            """, new { id }, cancellationToken: ct));
        return row is null ? null : new AccountEntry(row.Id, row.Email, row.DisplayName, row.Role, row.Active, row.PasswordSet,
            EntrySql.Ids(row.PleinIds), row.ProfessionalId, row.ProfessionalName, row.ProfessionalActive ?? false, row.LastLoginAt,
            row.CreatedAt, row.OpenLinkExpiresAt, row.TwoFactorOn);
    }

    /// <summary>The account linked to a professional in the gids, if any (for the link on the professional's beheer page).</summary>
    public async Task<int?> ForProfessionalAsync(int professionalId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT id FROM app_user WHERE professional_id = @professionalId", new { professionalId }, cancellationToken: ct));
    }

    /// <summary>
    /// Creates the account without a password, with its pleinen, and an invitation link (7 days). Refused with a message
    /// when the address has an account, or the professional does not exist, is inactive or has an account already.
    /// </summary>
    public async Task<InvitationResult> InviteAsync(Invitation invitation, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (invitation.ProfessionalId is int professionalId && await ProfessionalProblemAsync(conn, tx, professionalId, ct) is { } problem)
            return new InvitationResult(null, [new FieldError(nameof(InvitationInput.ProfessionalId), problem)]);
        // ON CONFLICT without a target: a second account for the address or for the professional stores nothing.
        var id = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            INSERT INTO app_user (email, display_name, role, professional_id)
            VALUES (@Email, @DisplayName, @Role, @ProfessionalId)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, invitation, tx, cancellationToken: ct));
        if (id is not int userId)
            return new InvitationResult(null, [new FieldError(nameof(InvitationInput.Email),
                "Er is al een account met dit e-mailadres (of voor deze professional). Zoek het op in de lijst.")]);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO app_user_plein (user_id, plein_id) SELECT @userId, unnest(@PleinIds)",
            new { userId, invitation.PleinIds }, tx, cancellationToken: ct));
        var (token, expiresAt) = await AccountTokens.IssueAsync(conn, tx, userId, TokenPurpose.Invitation, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return new InvitationResult(new IssuedLink(userId, invitation.Email, invitation.DisplayName, token, expiresAt), []);
    }

    static async Task<string?> ProfessionalProblemAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int professionalId, CancellationToken ct)
    {
        var p = await conn.QuerySingleOrDefaultAsync<(bool Active, bool HasAccount)?>(new CommandDefinition("""
            SELECT p.active, EXISTS (SELECT 1 FROM app_user u WHERE u.professional_id = p.id)
            FROM professional p WHERE p.id = @professionalId
            """, new { professionalId }, tx, cancellationToken: ct));
        return p switch
        {
            null => "Deze professional bestaat niet.",
            { Active: false } => "Deze professional is niet actief. Activeer de professional eerst.",
            { HasAccount: true } => "Deze professional heeft al een account.",
            _ => null,
        };
    }

    /// <summary>A new invitation link for an active account that has no password yet (the first expired or got lost).</summary>
    public async Task<IssuedLink?> ReinviteAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<(string Email, string DisplayName)?>(new CommandDefinition("""
            SELECT email, display_name FROM app_user WHERE id = @id AND active AND password_hash IS NULL FOR UPDATE
            """, new { id }, tx, cancellationToken: ct));
        if (account is not { } a) return null;
        var (token, expiresAt) = await AccountTokens.IssueAsync(conn, tx, id, TokenPurpose.Invitation, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return new IssuedLink(id, a.Email, a.DisplayName, token, expiresAt);
    }

    /// <summary>
    /// Sets role and pleinen; null when the account does not exist. A beheerder cannot change their own role (they would
    /// lock themselves out of beheer). Any change bumps the security stamp.
    /// </summary>
    public async Task<AccessChange?> ChangeAccessAsync(int id, string role, int[] pleinIds, int actorId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await conn.QuerySingleOrDefaultAsync<(string Role, string PleinIds)?>(new CommandDefinition("""
            SELECT role, coalesce((SELECT string_agg(m.plein_id::text, ',') FROM app_user_plein m WHERE m.user_id = u.id), '')
            FROM app_user u WHERE id = @id FOR UPDATE
            """, new { id }, tx, cancellationToken: ct));
        if (before is not { } b) return null;
        pleinIds = pleinIds.Distinct().Order().ToArray();
        var change = new AccessChange(null, b.Role, role, EntrySql.Ids(b.PleinIds), pleinIds);
        if (id == actorId && change.RoleChanged)
            return change with { Refusal = "Je kunt je eigen rol niet wijzigen. Vraag een andere beheerder om dat te doen." };
        if (!change.RoleChanged && !change.PleinenChanged) return change;
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET role = @role, security_stamp = gen_random_uuid() WHERE id = @id;
            DELETE FROM app_user_plein WHERE user_id = @id AND plein_id <> ALL (@pleinIds);
            INSERT INTO app_user_plein (user_id, plein_id) SELECT @id, unnest(@pleinIds) ON CONFLICT DO NOTHING;
            """, new { id, role, pleinIds }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return change;
    }

    /// <summary>
    /// Switches another account's two-factor off (a lost phone and lost recovery codes): the secret and the recovery codes
    /// are removed and the account gets a new security stamp, so its sessions end; a projectleider or beheerder then sets
    /// it up again right after the password. Found false when there is no such account, Changed false when it had none.
    /// Refused for the beheerder's own account (another beheerder must do it).
    /// </summary>
    public async Task<(bool Found, bool Changed, string? Refusal)> ResetTwoFactorAsync(int id, int actorId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var on = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "SELECT totp_enabled_at IS NOT NULL FROM app_user WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (on is not { } enabled) return (false, false, null);
        if (id == actorId)
            return (true, false, "Je kunt je eigen tweestapsverificatie hier niet uitzetten. Vraag een andere beheerder om dat te doen.");
        if (!enabled) return (true, false, null);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET totp_secret_protected = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
                                security_stamp = gen_random_uuid()
            WHERE id = @id;
            DELETE FROM recovery_code WHERE user_id = @id;
            """, new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (true, true, null);
    }

    /// <summary>
    /// Deactivates or reactivates; Found false when there is no such account, Changed false when it already was so.
    /// Refused with a message for the beheerder's own account, and for reactivating the account of an inactive
    /// professional (activate the professional first).
    /// </summary>
    public async Task<(bool Found, bool Changed, string? Refusal)> SetActiveAsync(int id, bool active, int actorId,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await conn.QuerySingleOrDefaultAsync<(bool Active, bool? ProfessionalActive)?>(new CommandDefinition("""
            SELECT u.active, p.active FROM app_user u LEFT JOIN professional p ON p.id = u.professional_id
            WHERE u.id = @id FOR UPDATE OF u
            """, new { id }, tx, cancellationToken: ct));
        if (before is not { } b) return (false, false, null);
        if (b.Active == active) return (true, false, null);
        if (id == actorId) return (true, false, "Je kunt je eigen account niet deactiveren. Vraag een andere beheerder om dat te doen.");
        if (active && b.ProfessionalActive == false)
            return (true, false, "De gekoppelde professional is niet actief. Activeer eerst de professional in de gids.");
        if (active)
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE app_user SET active = true, security_stamp = gen_random_uuid() WHERE id = @id", new { id }, tx, cancellationToken: ct));
        else
            await LinkedAccounts.DeactivateAsync(conn, tx, userIds: [id], professionalIds: [], ct);
        await tx.CommitAsync(ct);
        return (true, true, null);
    }
}

/// <summary>Deactivating accounts, also from the gids beheer: a professional who leaves loses their login with their entry.</summary>
public static class LinkedAccounts
{
    /// <summary>
    /// Deactivates the active accounts linked to these professionals, in the caller's transaction; returns their ids (for
    /// the audit log). Reactivating a professional does not reactivate the login: the beheerder decides that on
    /// /beheer/accounts, since someone who left and came back may need another role or other pleinen.
    /// </summary>
    public static Task<int[]> DeactivateForProfessionalsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int[] professionalIds,
        CancellationToken ct) =>
        DeactivateAsync(conn, tx, userIds: [], professionalIds, ct);

    /// <summary>
    /// Why the acting account may not deactivate this professional or organisation: it would deactivate the actor's own
    /// login with it (possibly the last beheerder's), which the account page refuses too; null when it may.
    /// </summary>
    public static async Task<string?> OwnAccountRefusalAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int actorId,
        int? professionalId, int? organisationId, CancellationToken ct)
    {
        var own = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (
                SELECT 1 FROM app_user u JOIN professional p ON p.id = u.professional_id
                WHERE u.id = @actorId AND u.active AND (p.id = @professionalId OR (p.organisation_id = @organisationId AND p.active)))
            """, new { actorId, professionalId, organisationId }, tx, cancellationToken: ct));
        if (!own) return null;
        return professionalId is not null
            ? "Je kunt je eigen gidsvermelding niet deactiveren: daarmee zou je eigen account ook inactief worden. Vraag een andere beheerder om dat te doen."
            : "Je kunt je eigen organisatie niet deactiveren: daarmee zou je eigen account ook inactief worden. Vraag een andere beheerder om dat te doen.";
    }

    internal static async Task<int[]> DeactivateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int[] userIds, int[] professionalIds,
        CancellationToken ct)
    {
        // A new stamp ends the sessions on their next request; an open invitation or reset link closes with the account.
        var ids = (await conn.QueryAsync<int>(new CommandDefinition("""
            UPDATE app_user SET active = false, security_stamp = gen_random_uuid()
            WHERE active AND (id = ANY (@userIds) OR professional_id = ANY (@professionalIds))
            RETURNING id
            """, new { userIds, professionalIds }, tx, cancellationToken: ct))).ToArray();
        if (ids.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE account_token SET closed_at = now(), closed_because = 'deactivated' WHERE user_id = ANY (@ids) AND closed_at IS NULL
                """, new { ids }, tx, cancellationToken: ct));
        return ids;
    }
}
