using System.Data;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// The figures of a quarterly newsletter and of the /dataset dashboard: one query layer for both renderings, so they
/// cannot disagree. Every block is counted in PostgreSQL by one statement; the statements go in two batches of one
/// round trip each, run at once on two connections that share one REPEATABLE READ snapshot, so the blocks agree with
/// each other (the referrals per leefgebied add up to the kerncijfer, the outcomes' total is the same number).
/// <para>
/// The definitions (docs/newsletter.md, "Nieuwsbrief: definities"; the dashboard's "Hoe tellen we?"):
/// </para>
/// <list type="bullet">
/// <item>A <b>visit</b> or a <b>referral</b> belongs to the quarter of its local date (<c>visited_on</c>,
/// <c>referred_on</c>); an instant (<c>created_at</c>, a status event's <c>changed_at</c>) to the quarter its
/// Europe/Amsterdam time falls in (<see cref="Quarter.StartsAt"/> up to <see cref="Quarter.EndsAt"/>).</item>
/// <item>A referral whose status is <c>geannuleerd</c> is not counted anywhere: cancelling is final, so it was never
/// a referral the receiving side could act on. Nor is a withdrawn visit or referral (<c>withdrawn_at</c> set): it was
/// registered by mistake.</item>
/// <item>The <b>visitors of a quarter</b> (unique visitors, and the demographics) are those with a visit in it: a
/// referral alone (a GP referring a patient the plein knows) does not make someone a visitor of that quarter. A
/// <b>new visitor</b> is one of them whose first visit (<c>first_visit_on</c>) lies in the quarter.</item>
/// <item>A <b>veelbezoeker</b> has at least the plein's threshold of visits (default 3) within the quarter.</item>
/// <item>An <b>active professional</b> sent or received a referral, or helped at a visit, at the plein in the quarter;
/// an <b>active organisation</b> sent or received a referral, employs a professional who helped at a visit, or held
/// the spreekuur a visit was at.</item>
/// <item><b>New members</b> are the plein's professionals whose entry was created in the quarter.</item>
/// <item><b>Outcomes</b> follow the quarter's referrals to the end of the quarter: the status each had at
/// <see cref="Quarter.EndsAt"/>, so a newsletter made later (or the dashboard) shows what the first one showed. The
/// days to contact run from <c>referred_on</c> to the Amsterdam date of the first <c>contact_gelegd</c> event, or of
/// <c>afgerond</c> where the contact step is missing (afgerond is only reachable through contact gelegd), before the
/// quarter's end.</item>
/// <item>A <b>region</b> (several pleinen) counts the same way over all its pleinen. Visitors, visits and referrals
/// belong to one plein, so those figures are the sum of the pleinen's; a professional or organisation active at two
/// pleinen of the region counts once in the region's total (and once in each plein's row).</item>
/// </list>
/// </summary>
public sealed partial class NewsletterFiguresQuery(NpgsqlDataSource db)
{
    /// <summary>
    /// The figures of <paramref name="quarter"/> for one plein, or for a region of several (then with a row per
    /// plein). Duplicate ids count once.
    /// </summary>
    /// <exception cref="ArgumentException">No plein ids, or an id that is not a plein.</exception>
    public async Task<NewsletterFigures> LoadAsync(IReadOnlyList<int> pleinIds, Quarter quarter, CancellationToken ct = default) =>
        (await LoadAsync(pleinIds, quarter, (_, _) => Task.FromResult(0), ct)).Figures;

    /// <summary>
    /// The figures, and what <paramref name="alsoInSnapshot"/> read in the snapshot they were counted in (the kept
    /// figures' version, <see cref="DatasetFigures"/>).
    /// <para>
    /// With <paramref name="previous"/> (the same scope's figures of the quarter before, as kept) only
    /// <paramref name="quarter"/> itself is counted: the previous quarter's kerncijfers and the trend's seven earlier
    /// quarters are taken from it. The blocks are the same statements, only their date range is the one quarter.
    /// </para>
    /// </summary>
    internal async Task<(NewsletterFigures Figures, T AlsoRead)> LoadAsync<T>(IReadOnlyList<int> pleinIds, Quarter quarter,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> alsoInSnapshot, CancellationToken ct, NewsletterFigures? previous = null)
    {
        ArgumentNullException.ThrowIfNull(pleinIds);
        var ids = pleinIds.Distinct().ToArray();
        if (ids.Length == 0) throw new ArgumentException("Name at least one plein.", nameof(pleinIds));
        if (previous is not null
            && (previous.Quarter != quarter.Previous || !previous.Scope.PleinIds.Order().SequenceEqual(ids.Order())))
            throw new ArgumentException("The previous figures must be of the quarter before and of the same pleinen.", nameof(previous));

        // Two halves of about equal work at once, on two connections that see one snapshot (as pg_dump's parallel
        // jobs do): at a big plein that nearly halves the time on two cores, and the blocks still agree.
        await using var first = await db.OpenConnectionAsync(ct);
        await using var firstTx = await first.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var snapshot = await first.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT pg_export_snapshot()", transaction: firstTx, cancellationToken: ct));
        await using var second = await db.OpenConnectionAsync(ct);
        await using var secondTx = await second.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await second.ExecuteAsync(new CommandDefinition(ImportSnapshot(snapshot), transaction: secondTx, cancellationToken: ct));

        var parameters = Parameters(ids, quarter, countEarlier: previous is null);
        var counts = ReadCountsAsync(first, firstTx, parameters, ct);
        var followUp = ReadFollowUpAsync(second, secondTx, parameters, ct);
        await Task.WhenAll(counts, followUp);
        var alsoRead = await alsoInSnapshot(first, firstTx);

        var pleinen = counts.Result.Pleinen;
        if (pleinen.Count != ids.Length)
            throw new ArgumentException(
                $"Not a plein: {string.Join(", ", ids.Except(pleinen.Select(p => p.Id)))}.", nameof(pleinIds));
        return (new BlockRows(counts.Result, followUp.Result, previous).Figures(new NewsletterScope(pleinen), quarter), alsoRead);
    }

    /// <summary>The two halves: the counting over eight quarters and the referral blocks; the rest.</summary>
    internal static readonly (string Block, string Sql)[] CountsHalf =
        [("pleinen", PleinenSql), ("kwartalen", QuarterCountsSql), ("leefgebieden", LeefgebiedSql),
         ("domeinen", DomeinFlowSql), ("organisaties", OrganisationFlowSql)];

    internal static readonly (string Block, string Sql)[] FollowUpHalf =
        [("deelnemers", PartiesSql), ("uitkomsten", OutcomesSql), ("bezoekers", DemographicsSql)];

    sealed record Counts(List<PleinRef> Pleinen, List<QuarterCountsRow> QuarterCounts, List<NamedCount> Leefgebieden,
        List<DomeinFlow> DomeinFlows, List<OrganisationFlow> OrganisationFlows);

    sealed record FollowUp(List<PartiesRow> Parties, OutcomesRow Outcomes, List<DemographicsRow> Demographics);

    static async Task<Counts> ReadCountsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object parameters, CancellationToken ct)
    {
        await using var read = await conn.QueryMultipleAsync(Batch(CountsHalf, parameters, tx, ct));
        return new Counts(
            (await read.ReadAsync<PleinRef>()).ToList(), (await read.ReadAsync<QuarterCountsRow>()).ToList(),
            (await read.ReadAsync<NamedCount>()).ToList(), (await read.ReadAsync<DomeinFlow>()).ToList(),
            (await read.ReadAsync<OrganisationFlow>()).ToList());
    }

    static async Task<FollowUp> ReadFollowUpAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object parameters, CancellationToken ct)
    {
        await using var read = await conn.QueryMultipleAsync(Batch(FollowUpHalf, parameters, tx, ct));
        return new FollowUp(
            (await read.ReadAsync<PartiesRow>()).ToList(), await read.ReadSingleAsync<OutcomesRow>(),
            (await read.ReadAsync<DemographicsRow>()).ToList());
    }

    static CommandDefinition Batch((string Block, string Sql)[] blocks, object parameters, NpgsqlTransaction tx, CancellationToken ct) =>
        new(string.Join("\n", blocks.Select(b => b.Sql).Prepend(SettingsSql)), parameters, tx, cancellationToken: ct);

    // SET TRANSACTION SNAPSHOT takes no parameter; the id comes from PostgreSQL itself ("00000003-0000001B-1").
    static string ImportSnapshot(string? snapshot) =>
        snapshot is not null && SnapshotId().IsMatch(snapshot)
            ? $"SET TRANSACTION SNAPSHOT '{snapshot}'"
            : throw new InvalidOperationException($"Unexpected snapshot id from PostgreSQL: {snapshot}");

    [GeneratedRegex("^[0-9A-F]+(-[0-9A-F]+)+$")]
    private static partial Regex SnapshotId();

    /// <summary>
    /// What the blocks returned, put into the records: picking rows, no counting. The earlier quarters come from
    /// <paramref name="Previous"/> when given (then the blocks counted only the quarter itself).
    /// </summary>
    sealed record BlockRows(Counts Counted, FollowUp Followed, NewsletterFigures? Previous)
    {
        List<QuarterCountsRow> QuarterCounts => Counted.QuarterCounts;
        List<PartiesRow> Parties => Followed.Parties;
        List<DemographicsRow> Demographics => Followed.Demographics;

        public NewsletterFigures Figures(NewsletterScope scope, Quarter quarter) => new(
            scope, quarter,
            Current: KeyFigures(quarter, current: true, Region),
            Previous: Previous?.Current ?? KeyFigures(quarter.Previous, current: false, Region),
            Counted.Leefgebieden, Counted.DomeinFlows, Counted.OrganisationFlows, Followed.Outcomes.Outcomes,
            AgeBands: Dimension(AgeDimension), Genders: Dimension(GenderDimension), Wijken: Dimension(PlaceDimension),
            quarter.LastQuarters(TrendQuarters).Select(q => Trend(q, counted: q == quarter)).ToList(),
            PerPlein: scope.IsRegional
                ? scope.Pleinen.Select(p => new PleinKeyFigures(p, KeyFigures(quarter, current: true, p.Id))).ToList()
                : []);

        // A quarter or plein without a row had nothing to count: zeros.
        QuarterCountsRow Counts(Quarter q, int pleinId) =>
            QuarterCounts.FirstOrDefault(r => r.StartsOn == q.Start && r.PleinId == pleinId) ?? new QuarterCountsRow();

        KeyFigures KeyFigures(Quarter q, bool current, int pleinId)
        {
            var c = Counts(q, pleinId);
            var p = Parties.FirstOrDefault(r => r.Cur == current && r.PleinId == pleinId) ?? new PartiesRow(current, pleinId, 0, 0, 0);
            return new KeyFigures(c.UniqueVisitors, c.NewVisitors, c.Visits, c.SpreekuurVisits, c.InloopVisits, c.Referrals,
                c.FrequentVisitors, p.ActiveProfessionals, p.ActiveOrganisations, p.NewMembers);
        }

        QuarterTrend Trend(Quarter q, bool counted)
        {
            if (!counted && Previous is not null) return Previous.Trend.Single(t => t.Quarter == q);
            var c = Counts(q, Region);
            return new QuarterTrend(q, c.UniqueVisitors, c.Visits, c.Referrals);
        }

        List<NamedCount> Dimension(string name) =>
            Demographics.Where(r => r.Dimension == name).Select(r => new NamedCount(r.Name, r.Count)).ToList();
    }

    /// <summary>How many quarters the trend shows, ending with the newsletter's own.</summary>
    public const int TrendQuarters = 8;

    // The wijken block's catch-alls (docs/newsletter.md).
    public const string OtherPostcodes = "Overige postcodes";
    public const string UnknownPlace = "Wijk en postcode onbekend";

    // The rows of the whole scope (a single plein or the region) carry plein id 0.
    const int Region = 0;

    const string AgeDimension = "leeftijd", GenderDimension = "geslacht", PlaceDimension = "wijk";

    /// <summary>Every statement (the benchmark explains each).</summary>
    internal static IReadOnlyList<(string Block, string Sql)> Blocks => [.. CountsHalf, .. FollowUpHalf];

    /// <summary>
    /// The blocks' parameters; without <paramref name="countEarlier"/> the previous quarter and the trend's earlier
    /// quarters are left out of every date range, so only the quarter itself is read.
    /// </summary>
    internal static object Parameters(int[] pleinIds, Quarter quarter, bool countEarlier = true) => new
    {
        pleinIds,
        start = quarter.Start,
        end = quarter.End,
        startsAt = quarter.StartsAt,
        endsAt = quarter.EndsAt,
        prevStart = countEarlier ? quarter.Previous.Start : quarter.Start,
        prevStartsAt = countEarlier ? quarter.Previous.StartsAt : quarter.StartsAt,
        trendStart = countEarlier ? quarter.LastQuarters(TrendQuarters)[0].Start : quarter.Start,
        zone = PleinTime.Zone.Id,
        year = quarter.Year,
        bandFrom = Demographics.AgeBands.Select(b => b.From).ToArray(),
        ageLabels = Demographics.AgeBands.Select(b => b.Label).Append(Demographics.UnknownAge).ToArray(),
        genderCodes = Demographics.GenderCodes.ToArray(),
        genderLabels = Demographics.GenderCodes.Select(Demographics.Gender).ToArray(),
        fromDomeinen = Domeinen.Codes.Append(Domeinen.EigenInitiatief).ToArray(),
        toDomeinen = Domeinen.Codes.ToArray(),
        shownFrom = SmallCounts.Minimum,
        otherPostcodes = OtherPostcodes,
        unknownPlace = UnknownPlace,
        ageDimension = AgeDimension,
        genderDimension = GenderDimension,
        placeDimension = PlaceDimension,
    };

    // For this transaction only (no rows, so no result sets either). The blocks hash a quarter's rows (hundreds of
    // thousands for a big plein), which PostgreSQL's default of 4 MB per hash would spill to disk. And the app's data
    // source prepares statements it sees again; after five runs PostgreSQL may then plan them once for any plein and
    // dates, which for these blocks is twice as slow (docs/benchmarks.md): always plan with the actual values.
    internal const string SettingsSql = "SET LOCAL work_mem = '64MB'; SET LOCAL plan_cache_mode = force_custom_plan;";

    const string PleinenSql = """
        SELECT id, name, municipality FROM plein WHERE id = ANY (@pleinIds) ORDER BY name, id;
        """;

    // The quarter's referrals (r) and visits (x) of the scope: the filters every block shares.
    const string ReferralsOfQuarter = """
        r.plein_id = ANY (@pleinIds) AND r.referred_on >= @start AND r.referred_on < @end AND r.status <> 'geannuleerd'
          AND r.withdrawn_at IS NULL
        """;

    const string VisitsOfQuarter =
        "x.plein_id = ANY (@pleinIds) AND x.visited_on >= @start AND x.visited_on < @end AND x.withdrawn_at IS NULL";
}
