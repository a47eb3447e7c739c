using Dapper;
using Npgsql;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Profiel;

/// <summary>One of the professional's own weekly spreekuren or inloop hours at a plein.</summary>
public sealed record OwnSpreekuur(
    int Id, string Plein, string Kind, string Title, int Weekday, TimeOnly StartsAt, TimeOnly EndsAt, string Location, DateOnly ValidFrom);

public sealed record PleinChoice(int Id, string Name);

public sealed record OwnSpreekurenForm(IReadOnlyList<PleinChoice> Pleinen, IReadOnlyList<OwnSpreekuur> Spreekuren);

/// <summary>A new weekly spreekuur, already checked by the page.</summary>
public sealed record NewSpreekuur(int PleinId, string Kind, string Title, int Weekday, TimeOnly StartsAt, TimeOnly EndsAt, string Location);

/// <summary>
/// A professional keeps their own spreekuren current, so that the gids never sends a resident to a spreekuur that
/// stopped. Every statement goes through the signed-in account's professional_id, so nobody adds to or stops
/// another's spreekuur, and each change is recorded in the entry's history in the same transaction.
/// </summary>
public sealed class OwnSpreekuren(NpgsqlDataSource db)
{
    const string OwnProfessional = "SELECT u.professional_id FROM app_user u JOIN professional p ON p.id = u.professional_id WHERE u.id = @userId AND p.active";

    /// <summary>Null when the account has no active entry in the gids.</summary>
    public async Task<OwnSpreekurenForm?> LoadAsync(int userId, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            SELECT ({OwnProfessional}) AS professional_id;
            SELECT n.id, n.name FROM professional_plein pp JOIN plein n ON n.id = pp.plein_id
            WHERE pp.professional_id = ({OwnProfessional}) AND n.active ORDER BY n.name;
            SELECT s.id, n.name AS plein, s.kind, s.title, s.weekday::int AS weekday, s.starts_at, s.ends_at, s.location, s.valid_from
            FROM spreekuur s JOIN plein n ON n.id = s.plein_id
            WHERE s.professional_id = ({OwnProfessional}) AND spreekuur_not_ended(s, @today)
            ORDER BY s.weekday, s.starts_at;
            """, new { userId, today }, cancellationToken: ct));
        if (await r.ReadSingleAsync<int?>() is null) return null;
        return new OwnSpreekurenForm((await r.ReadAsync<PleinChoice>()).ToList(), (await r.ReadAsync<OwnSpreekuur>()).ToList());
    }

    /// <summary>Adds a weekly spreekuur from today on; null when the plein is not one of the professional's own.</summary>
    public async Task<int?> AddAsync(int userId, NewSpreekuur s, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var added = await conn.QuerySingleOrDefaultAsync<(int Id, int ProfessionalId)?>(new CommandDefinition($"""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, location, valid_from)
            SELECT pp.plein_id, p.organisation_id, p.id, @Kind, @Title, @Weekday, @StartsAt, @EndsAt, @Location, @today
            FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id AND pp.plein_id = @PleinId
            WHERE p.id = ({OwnProfessional})
            RETURNING id, professional_id
            """, new { userId, today, s.PleinId, s.Kind, s.Title, s.Weekday, s.StartsAt, s.EndsAt, s.Location }, tx, cancellationToken: ct));
        if (added is not { } row) return null;
        await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, row.ProfessionalId, userId,
            [new FieldChange("spreekuren", null, Describe(s.Kind, s.Title, s.Weekday, s.StartsAt, s.EndsAt))], ct);
        await tx.CommitAsync(ct);
        return row.Id;
    }

    /// <summary>Stops one of the professional's own spreekuren (it stays in the history); false when it is not theirs.</summary>
    public async Task<bool> StopAsync(int userId, int spreekuurId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stopped = await conn.QuerySingleOrDefaultAsync<StoppedRow>(new CommandDefinition($"""
            UPDATE spreekuur SET active = false
            WHERE id = @spreekuurId AND active AND professional_id = ({OwnProfessional})
            RETURNING professional_id, kind, title, weekday::int AS weekday, starts_at, ends_at
            """, new { userId, spreekuurId }, tx, cancellationToken: ct));
        if (stopped is null) return false;
        await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, stopped.ProfessionalId, userId,
            [new FieldChange("spreekuren", Describe(stopped.Kind, stopped.Title, stopped.Weekday, stopped.StartsAt, stopped.EndsAt), null)], ct);
        await tx.CommitAsync(ct);
        return true;
    }

    sealed record StoppedRow(int ProfessionalId, string Kind, string Title, int Weekday, TimeOnly StartsAt, TimeOnly EndsAt);

    // How the history shows a spreekuur: "spreekuur 'Geldzaken' op dag 2 09:30–11:00".
    static string Describe(string kind, string title, int weekday, TimeOnly from, TimeOnly until) =>
        $"{kind} '{title}' op dag {weekday} {from:HH\\:mm}–{until:HH\\:mm}";
}
