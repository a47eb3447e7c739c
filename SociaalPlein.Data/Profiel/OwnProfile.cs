using System.Globalization;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Profiel;

/// <summary>The signed-in user's own entry in the gids, as far as they may edit it themselves.</summary>
public sealed record OwnProfessional(
    int Id,
    string Name,
    string Organisation,
    string Function,
    string Phone,
    string Email,
    string About,
    string Capacity,
    int? CapacityWeeks,
    DateTime CapacitySetAt,
    DateTime VerifiedAt);

public sealed record LeefgebiedChoice(int Id, string Code, string Name, bool Chosen);

public sealed record LanguageChoice(string Code, string Name, bool Chosen);

public sealed record WijkChoice(int Id, string Name, string Plein, bool Chosen);

/// <summary>The edit form: the entry and every choice it offers (active leefgebieden, languages, wijken of their pleinen).</summary>
public sealed record OwnProfileForm(
    OwnProfessional Professional,
    IReadOnlyList<LeefgebiedChoice> Leefgebieden,
    IReadOnlyList<LanguageChoice> Languages,
    IReadOnlyList<WijkChoice> Wijken);

/// <summary>What the professional submitted, already checked for form and length (capacity weeks only for a wachtlijst).</summary>
public sealed record OwnProfileEdit(
    string Function,
    string Phone,
    string Email,
    string About,
    string Capacity,
    int? CapacityWeeks,
    IReadOnlyCollection<int> LeefgebiedIds,
    IReadOnlyCollection<string> LanguageCodes,
    IReadOnlyCollection<int> WijkIds);

public enum OwnProfileSaveStatus { Saved, NoProfessional, UnknownChoice }

/// <summary>The outcome of a save; UnknownIn names the sets ("leefgebieden", "languages", "wijken") with a choice not on offer.</summary>
public sealed record OwnProfileSaveResult(OwnProfileSaveStatus Status, IReadOnlyList<string> UnknownIn)
{
    public static readonly OwnProfileSaveResult Saved = new(OwnProfileSaveStatus.Saved, []);
    public static readonly OwnProfileSaveResult NoProfessional = new(OwnProfileSaveStatus.NoProfessional, []);
}

/// <summary>
/// A professional keeps their own entry current. The entry is always found through the signed-in account
/// (app_user.professional_id), never through an id from the request, so nobody can edit another's entry.
/// Every change is recorded in directory_change in the same transaction.
/// </summary>
public sealed class OwnProfile(NpgsqlDataSource db)
{
    // The user's own active entry; the account must be active too.
    const string OwnEntry = """
        FROM app_user u
        JOIN professional p ON p.id = u.professional_id AND p.active
        WHERE u.id = @userId AND u.active
        """;

    public async Task<OwnProfileForm?> LoadAsync(int userId, CancellationToken ct = default)
    {
        const string sql = """
            SELECT p.id, p.name, o.name AS organisation, p.function, p.phone, p.email, p.about,
                   p.capacity, p.capacity_weeks::int AS capacity_weeks, p.capacity_set_at, p.verified_at
            FROM app_user u
            JOIN professional p ON p.id = u.professional_id AND p.active
            JOIN organisation o ON o.id = p.organisation_id
            WHERE u.id = @userId AND u.active;

            SELECT l.id, l.code, l.name,
                   EXISTS (SELECT 1 FROM professional_leefgebied pl
                           WHERE pl.leefgebied_id = l.id AND pl.professional_id = (SELECT professional_id FROM app_user WHERE id = @userId)) AS chosen
            FROM leefgebied l
            WHERE l.active
            ORDER BY l.sort_order, l.name;

            SELECT g.code, g.name,
                   EXISTS (SELECT 1 FROM professional_language pg
                           WHERE pg.language_code = g.code AND pg.professional_id = (SELECT professional_id FROM app_user WHERE id = @userId)) AS chosen
            FROM language g
            ORDER BY g.name;

            SELECT w.id, w.name, n.name AS plein,
                   EXISTS (SELECT 1 FROM professional_wijk pw WHERE pw.wijk_id = w.id AND pw.professional_id = pp.professional_id) AS chosen
            FROM app_user u
            JOIN professional_plein pp ON pp.professional_id = u.professional_id
            JOIN plein n ON n.id = pp.plein_id AND n.active
            JOIN wijk w ON w.plein_id = n.id
            WHERE u.id = @userId
            ORDER BY n.name, w.name;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { userId }, cancellationToken: ct));
        var professional = await results.ReadSingleOrDefaultAsync<OwnProfessional>();
        var leefgebieden = (await results.ReadAsync<LeefgebiedChoice>()).ToList();
        var languages = (await results.ReadAsync<LanguageChoice>()).ToList();
        var wijken = (await results.ReadAsync<WijkChoice>()).ToList();
        return professional is null ? null : new OwnProfileForm(professional, leefgebieden, languages, wijken);
    }

    sealed record Current(int Id, string Function, string Phone, string Email, string About, string Capacity, int? CapacityWeeks,
        DateTime VerifiedAt);

    // Link sets are recorded in the history as sorted, comma-joined codes, and wijken by id (names repeat across
    // pleinen), the same way the beheer records them; the history page shows names.
    const string LinkValues = """
        SELECT coalesce((SELECT string_agg(l.code, ',' ORDER BY l.code) FROM professional_leefgebied pl
                         JOIN leefgebied l ON l.id = pl.leefgebied_id WHERE pl.professional_id = @id), '') AS leefgebieden,
               coalesce((SELECT string_agg(pg.language_code, ',' ORDER BY pg.language_code) FROM professional_language pg
                         WHERE pg.professional_id = @id), '') AS languages,
               coalesce((SELECT string_agg(pw.wijk_id::text, ',' ORDER BY pw.wijk_id) FROM professional_wijk pw
                         WHERE pw.professional_id = @id), '') AS wijken;
        """;

    sealed record Links(string Leefgebieden, string Languages, string Wijken);

    public async Task<OwnProfileSaveResult> SaveAsync(int userId, OwnProfileEdit edit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await conn.QuerySingleOrDefaultAsync<Current>(new CommandDefinition($"""
            SELECT p.id, p.function, p.phone, p.email, p.about, p.capacity, p.capacity_weeks::int AS capacity_weeks, p.verified_at
            {OwnEntry}
            FOR UPDATE OF p
            """, new { userId }, tx, cancellationToken: ct));
        if (current is null) return OwnProfileSaveResult.NoProfessional;

        var parameters = new
        {
            id = current.Id,
            leefgebiedIds = edit.LeefgebiedIds.Distinct().ToArray(),
            languageCodes = edit.LanguageCodes.Distinct().ToArray(),
            wijkIds = edit.WijkIds.Distinct().ToArray(),
        };
        var unknown = await UnknownChoicesAsync(conn, tx, parameters, ct);
        if (unknown.Count > 0) return new OwnProfileSaveResult(OwnProfileSaveStatus.UnknownChoice, unknown);

        var before = await conn.QuerySingleAsync<Links>(new CommandDefinition(LinkValues, parameters, tx, cancellationToken: ct));
        await ReplaceLinksAsync(conn, tx, parameters, ct);
        var after = await conn.QuerySingleAsync<Links>(new CommandDefinition(LinkValues, parameters, tx, cancellationToken: ct));

        var capacityChanged = current.Capacity != edit.Capacity || current.CapacityWeeks != edit.CapacityWeeks;
        // Saving the form is also a confirmation that the whole entry is current.
        var verifiedAt = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition("""
            UPDATE professional SET
                function = @Function, phone = @Phone, email = @Email, about = @About,
                capacity = @Capacity, capacity_weeks = @CapacityWeeks::smallint,
                capacity_set_at = CASE WHEN @capacityChanged THEN now() ELSE capacity_set_at END,
                verified_at = now(), updated_at = now()
            WHERE id = @id
            RETURNING verified_at
            """, new
            {
                id = current.Id, edit.Function, edit.Phone, edit.Email, edit.About, edit.Capacity, edit.CapacityWeeks, capacityChanged,
            }, tx, cancellationToken: ct));

        await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, current.Id, userId,
        [
            new FieldChange("function", current.Function, edit.Function),
            new FieldChange("phone", current.Phone, edit.Phone),
            new FieldChange("email", current.Email, edit.Email),
            new FieldChange("about", current.About, edit.About),
            new FieldChange("capacity", current.Capacity, edit.Capacity),
            new FieldChange("capacity_weeks", EntryChanges.Number(current.CapacityWeeks), EntryChanges.Number(edit.CapacityWeeks)),
            new FieldChange("leefgebieden", before.Leefgebieden, after.Leefgebieden),
            new FieldChange("languages", before.Languages, after.Languages),
            new FieldChange("wijken", before.Wijken, after.Wijken),
            new FieldChange("verified_at", Timestamp(current.VerifiedAt), Timestamp(verifiedAt)),
        ], ct);
        await tx.CommitAsync(ct);
        return OwnProfileSaveResult.Saved;
    }

    /// <summary>"Mijn gegevens kloppen nog": sets verified_at to now. False when the user has no active entry.</summary>
    public async Task<bool> ConfirmCurrentAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await conn.QuerySingleOrDefaultAsync<(int Id, DateTime VerifiedAt)>(new CommandDefinition($"""
            SELECT p.id, p.verified_at
            {OwnEntry}
            FOR UPDATE OF p
            """, new { userId }, tx, cancellationToken: ct));
        if (current == default) return false;
        var verifiedAt = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "UPDATE professional SET verified_at = now() WHERE id = @id RETURNING verified_at", new { id = current.Id }, tx, cancellationToken: ct));
        await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, current.Id, userId,
            [new FieldChange("verified_at", Timestamp(current.VerifiedAt), Timestamp(verifiedAt))], ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // Only what the form offers may be chosen: active leefgebieden, known languages, wijken of the professional's pleinen.
    static async Task<IReadOnlyList<string>> UnknownChoicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object parameters,
        CancellationToken ct)
    {
        var unknown = await conn.QuerySingleAsync<(bool Leefgebieden, bool Languages, bool Wijken)>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM unnest(@leefgebiedIds) AS c(id)
                           WHERE NOT EXISTS (SELECT 1 FROM leefgebied l WHERE l.id = c.id AND l.active)) AS leefgebieden,
                   EXISTS (SELECT 1 FROM unnest(@languageCodes) AS c(code)
                           WHERE NOT EXISTS (SELECT 1 FROM language g WHERE g.code = c.code)) AS languages,
                   EXISTS (SELECT 1 FROM unnest(@wijkIds) AS c(id)
                           WHERE NOT EXISTS (SELECT 1 FROM wijk w
                                             JOIN professional_plein pp ON pp.plein_id = w.plein_id AND pp.professional_id = @id
                                             JOIN plein n ON n.id = w.plein_id AND n.active
                                             WHERE w.id = c.id)) AS wijken
            """, parameters, tx, cancellationToken: ct));
        var sets = new List<string>();
        if (unknown.Leefgebieden) sets.Add("leefgebieden");
        if (unknown.Languages) sets.Add("languages");
        if (unknown.Wijken) sets.Add("wijken");
        return sets;
    }

    // Links the form does not offer (a retired leefgebied, a wijk outside the professional's pleinen, set by the
    // beheerder) are left as they are: the professional could neither see nor keep them.
    static Task ReplaceLinksAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object parameters, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM professional_leefgebied pl USING leefgebied l
            WHERE pl.professional_id = @id AND l.id = pl.leefgebied_id AND l.active AND pl.leefgebied_id <> ALL (@leefgebiedIds);
            INSERT INTO professional_leefgebied (professional_id, leefgebied_id)
            SELECT @id, c.id FROM unnest(@leefgebiedIds) AS c(id) ON CONFLICT DO NOTHING;

            DELETE FROM professional_language WHERE professional_id = @id AND language_code <> ALL (@languageCodes);
            INSERT INTO professional_language (professional_id, language_code)
            SELECT @id, c.code FROM unnest(@languageCodes) AS c(code) ON CONFLICT DO NOTHING;

            DELETE FROM professional_wijk pw USING wijk w, professional_plein pp
            WHERE pw.professional_id = @id AND w.id = pw.wijk_id AND pp.plein_id = w.plein_id AND pp.professional_id = @id
              AND pw.wijk_id <> ALL (@wijkIds);
            INSERT INTO professional_wijk (professional_id, wijk_id)
            SELECT @id, c.id FROM unnest(@wijkIds) AS c(id) ON CONFLICT DO NOTHING;
            """, parameters, tx, cancellationToken: ct));

    static string Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
