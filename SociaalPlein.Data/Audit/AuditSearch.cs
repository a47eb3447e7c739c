using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Audit;

/// <summary>
/// What the beheerder filters the audit log by; null is "any". <see cref="From"/> and <see cref="To"/> are whole
/// Europe/Amsterdam days, both included. <see cref="UserEmail"/> is the address as logged (lower case);
/// <see cref="Subject"/> a visitor code.
/// </summary>
public sealed record AuditFilter(
    string? UserEmail = null, string? Subject = null, string? Action = null, bool? Allowed = null, int? PleinId = null,
    DateOnly? From = null, DateOnly? To = null);

/// <summary>Where a page of the log starts: after the entry with this time and id (newest first).</summary>
public sealed record AuditCursor(DateTime OccurredAt, long Id)
{
    /// <summary>As a URL value: the time in ticks and the id, "638…-123".</summary>
    public override string ToString() => FormattableString.Invariant($"{OccurredAt.Ticks}-{Id}");

    public static AuditCursor? Parse(string? text)
    {
        var parts = text?.Split('-');
        if (parts is not [var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks) return null;
        return new AuditCursor(new DateTime(t, DateTimeKind.Utc), i);
    }
}

/// <summary>One entry as the beheerder reads it. <see cref="OccurredAt"/> is UTC.</summary>
public sealed record AuditRow(
    long Id, DateTime OccurredAt, int? UserId, string? UserEmail, string? Role, string Action, string? ObjectType,
    string? ObjectId, string? Subject, int? PleinId, string? Plein, string? ClientAddress, string Outcome, string? Detail)
{
    /// <summary>The time as the log states it: UTC, to the second (NEN 7513).</summary>
    public string UtcText => OccurredAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, AuditCursor? Next);

/// <summary>
/// Reading the audit log: a page newest first, or every entry of a filter for the CSV export. Keyset pagination on
/// (occurred_at, id), and only the conditions of the filters in use, so each filter reads its own index of
/// db/0020 in order and stops after a page, however long the log.
/// </summary>
public sealed class AuditSearch(NpgsqlDataSource db)
{
    public const int PageSize = 50;

    const string Columns = """
        SELECT a.id, a.occurred_at, a.user_id, a.user_email, a.role, a.action, a.object_type, a.object_id, a.subject,
               a.plein_id, p.name AS plein, host(a.client_address) AS client_address, a.outcome, a.detail::text AS detail
        FROM audit_log a LEFT JOIN plein p ON p.id = a.plein_id
        """;

    public async Task<AuditPage> PageAsync(AuditFilter filter, AuditCursor? after, CancellationToken ct = default)
    {
        var (where, args) = Conditions(filter);
        if (after is not null)
        {
            where.Add("(a.occurred_at, a.id) < (@AfterAt, @AfterId)");
            args.Add("AfterAt", after.OccurredAt);
            args.Add("AfterId", after.Id);
        }
        args.Add("Take", PageSize + 1);
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<AuditRow>(new CommandDefinition(
            $"{Columns} {Where(where)} ORDER BY a.occurred_at DESC, a.id DESC LIMIT @Take", args, cancellationToken: ct))).ToList();
        if (rows.Count <= PageSize) return new AuditPage(rows, null);
        rows.RemoveAt(PageSize);
        return new AuditPage(rows, new AuditCursor(rows[^1].OccurredAt, rows[^1].Id));
    }

    /// <summary>Every entry of the filter, newest first, as the rows arrive (the export: never the whole log in memory).</summary>
    public async IAsyncEnumerable<AuditRow> AllAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var (where, args) = Conditions(filter);
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<AuditRow>(
                           $"{Columns} {Where(where)} ORDER BY a.occurred_at DESC, a.id DESC", args).WithCancellation(ct))
            yield return row;
    }

    /// <summary>The actions in the log, for the filter's list: one index probe per distinct action (a loose index scan).</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        const string sql = """
            WITH RECURSIVE a AS (
                SELECT min(action) AS action FROM audit_log
                UNION ALL
                SELECT (SELECT min(action) FROM audit_log WHERE action > a.action) FROM a WHERE a.action IS NOT NULL)
            SELECT action FROM a WHERE action IS NOT NULL
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: ct))).ToList();
    }

    /// <summary>The SQL of a page for <paramref name="filter"/>, for EXPLAIN in the tests and the benchmark.</summary>
    public static (string Sql, DynamicParameters Args) PageStatement(AuditFilter filter)
    {
        var (where, args) = Conditions(filter);
        args.Add("Take", PageSize + 1);
        return ($"{Columns} {Where(where)} ORDER BY a.occurred_at DESC, a.id DESC LIMIT @Take", args);
    }

    // Only the conditions in use: a fixed statement per combination, so the planner sees which index fits.
    static (List<string> Where, DynamicParameters Args) Conditions(AuditFilter f)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        void Add(string condition, string name, object value)
        {
            where.Add(condition);
            args.Add(name, value);
        }
        if (f.UserEmail is { } email) Add("a.user_email = @UserEmail", "UserEmail", email);
        if (f.Subject is { } subject) Add("a.subject = @Subject", "Subject", subject);
        if (f.Action is { } action) Add("a.action = @Action", "Action", action);
        if (f.Allowed is { } allowed)
        {
            where.Add(allowed ? "a.outcome = 'allowed'" : "a.outcome = 'refused'");
        }
        if (f.PleinId is { } pleinId) Add("a.plein_id = @PleinId", "PleinId", pleinId);
        if (f.From is { } from) Add("a.occurred_at >= @FromUtc", "FromUtc", StartOfDay(from));
        if (f.To is { } to) Add("a.occurred_at < @ToUtc", "ToUtc", StartOfDay(to.AddDays(1)));
        return (where, args);
    }

    static string Where(List<string> conditions) => conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);

    /// <summary>Midnight in Amsterdam as a UTC instant (23:00 or 22:00 the day before, by the season).</summary>
    public static DateTime StartOfDay(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), PleinTime.Zone);
}
