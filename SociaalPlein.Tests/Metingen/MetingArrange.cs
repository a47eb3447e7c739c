using Dapper;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Metingen;

/// <summary>Visits with metingen, stored through the desk's own command (VisitRegistration), for the metingen tests.</summary>
public static class MetingArrange
{
    /// <summary>The tests' today: Monday 23 November 2026.</summary>
    public static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>A visit about the leefgebieden of <paramref name="steps"/> with those steps, and the agreement given now.</summary>
    public static async Task<EntryResult> VisitWithStepsAsync(FixtureDatabase db, RegisterPlein p, int userId, VisitorSummary visitor,
        DateOnly on, IReadOnlyDictionary<int, short> steps, bool agreementGiven = true, int[]? leefgebieden = null, int? helpedBy = null)
    {
        var visit = new VisitDraft(Guid.NewGuid(), p.PleinId, visitor.Id, on, "spreekuur", null, leefgebieden ?? steps.Keys.ToArray(),
            helpedBy, RepeatConfirmed: true);
        return await new VisitRegistration(db.DataSource).RegisterAsync(userId, visit, [], new MetingDraft(agreementGiven, steps), Today);
    }

    /// <summary>As <see cref="VisitWithStepsAsync"/>, and fails the test's arrangement when the desk refuses it.</summary>
    public static async Task<int> MeasuredVisitAsync(FixtureDatabase db, RegisterPlein p, int userId, VisitorSummary visitor, DateOnly on,
        IReadOnlyDictionary<int, short> steps, int? helpedBy = null)
    {
        var result = await VisitWithStepsAsync(db, p, userId, visitor, on, steps, helpedBy: helpedBy);
        return result.Id ?? throw new InvalidOperationException("Visit refused: " + string.Join("; ", result.Problems));
    }

    public static async Task SwitchHealthOnAsync(FixtureDatabase db, int pleinId, int userId) =>
        await new MetingScale(db.DataSource).SaveSettingsAsync(userId, pleinId, healthEnabled: true, MetingScale.DefaultFollowupMonths,
            new Data.Audit.AuditEntry("", true, UserId: userId));

    public static async Task<int> LeefgebiedAsync(FixtureDatabase db, string code)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT id FROM leefgebied WHERE code = @code", new { code });
    }

    /// <summary>The visitor's stored metingen as (date, leefgebied id, step), oldest first.</summary>
    public static async Task<IReadOnlyList<(DateOnly On, int Leefgebied, short Step)>> StoredAsync(FixtureDatabase db, int visitorId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(DateOnly, int, short)>(
            "SELECT measured_on, leefgebied_id, step FROM meting WHERE visitor_id = @visitorId ORDER BY measured_on, leefgebied_id",
            new { visitorId })).ToList();
    }
}
