using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>A stored visit or referral that a new submit repeats: what the form links to ("opgeslagen om 10:42").</summary>
public sealed record EarlierEntry(string Kind, int Id, DateTime CreatedAt, string? VisitorCode, bool StoredToday)
{
    public const string Visit = "bezoek";
    public const string Referral = "verwijzing";

    /// <summary>Where the user looks at it: the referral's page, or the card of the visitor the visit belongs to.</summary>
    public string Link => Kind == Referral ? $"/verwijzingen/{Id}" : $"/bezoekers/{VisitorCode}";

    /// <summary>"Dit lijkt op de verwijzing die om 10:42 is opgeslagen", with the day when it was not today.</summary>
    public string Message()
    {
        var at = PleinTime.Local(new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
        var day = StoredToday ? "" : $"op {PleinTime.DateText(DateOnly.FromDateTime(at))} ";
        var what = Kind == Referral ? "de verwijzing" : $"het bezoek van {VisitorCode}";
        return $"Dit lijkt op {what} die {day}om {at:HH:mm} is opgeslagen.";
    }
}

/// <summary>
/// The resubmission guard. The browser's Back button brings a sent form back filled in, with a new request id (the
/// page is fetched again), so the request id alone cannot tell a second submit from a second visit or referral. A
/// submit that repeats one stored within <see cref="Window"/> is therefore not stored unless the user confirms it
/// ("Toch opslaan"): for a referral the same account, visitor, receiver, leefgebied and zorgvraag; for a visit the same
/// visitor, date, kind and spreekuur (whoever registered it: two colleagues at one desk count one visit). Withdrawn
/// and cancelled rows are not repeated by anything. Each guarded submit first takes a transaction lock on the account (and
/// visitor), so two tabs submitting at once are checked one after the other.
/// </summary>
public static class Resubmission
{
    /// <summary>
    /// A working day and its evening catch-up: long enough to catch Back-and-submit and a colleague registering the same
    /// desk contact later that day, short enough that a real new referral a day later is not questioned.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    // "Today" by the database's clock, the one created_at was stamped with, in the plein's time zone.
    static string StoredToday(string alias) =>
        $"(({alias}.created_at AT TIME ZONE 'Europe/Amsterdam')::date = (now() AT TIME ZONE 'Europe/Amsterdam')::date)";

    /// <summary>
    /// Takes the transaction lock of the account's referrals (and of the visitor's visits) before anything is read: a
    /// second submit waits for the first to commit, then finds it (by request id, or as the entry it repeats).
    /// </summary>
    internal static async Task SerialiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, int? visitorId, CancellationToken ct)
    {
        if (visitorId is int v)
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('visit.resubmission'), @v)",
                new { v }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('referral.resubmission'), @userId)",
            new { userId }, tx, cancellationToken: ct));
    }

    internal static Task<EarlierEntry?> ReferralAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId,
        ReferralContext context, ReferralDraft d, EntryFacts facts, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<EarlierEntry>(new CommandDefinition($"""
            SELECT '{EarlierEntry.Referral}' AS kind, r.id, r.created_at, v.code AS visitor_code, {StoredToday("r")} AS stored_today
            FROM referral r LEFT JOIN visitor v ON v.id = r.visitor_id
            WHERE r.created_by = @userId AND r.created_at > now() - @Window AND r.withdrawn_at IS NULL
              AND r.status <> '{ReferralStatus.Geannuleerd}'
              AND r.visitor_id IS NOT DISTINCT FROM @VisitorId
              AND r.to_organisation_id = @ToOrganisationId AND r.to_professional_id IS NOT DISTINCT FROM @ToProfessionalId
              AND r.leefgebied_id = @LeefgebiedId AND lower(btrim(r.zorgvraag)) = lower(@Zorgvraag)
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT 1
            """, new
        {
            userId, Window, context.VisitorId, d.LeefgebiedId, Zorgvraag = d.Zorgvraag.Trim(),
            ToOrganisationId = facts.OrganisationOf(d.To),
            ToProfessionalId = d.To.Kind == Party.Professional ? d.To.Id : null,
        }, tx, cancellationToken: ct));

    internal static Task<EarlierEntry?> VisitAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int visitorId, DateOnly visitedOn,
        string kind, int? spreekuurId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<EarlierEntry>(new CommandDefinition($"""
            SELECT '{EarlierEntry.Visit}' AS kind, x.id, x.created_at, v.code AS visitor_code, {StoredToday("x")} AS stored_today
            FROM visit x JOIN visitor v ON v.id = x.visitor_id
            WHERE x.visitor_id = @visitorId AND x.visited_on = @visitedOn AND x.kind = @kind
              AND x.spreekuur_id IS NOT DISTINCT FROM @spreekuurId
              AND x.withdrawn_at IS NULL AND x.created_at > now() - @Window
            ORDER BY x.created_at DESC, x.id DESC
            LIMIT 1
            """, new { visitorId, visitedOn, kind, spreekuurId, Window }, tx, cancellationToken: ct));
}
