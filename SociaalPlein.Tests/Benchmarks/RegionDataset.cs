using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Demo;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>Extra referrals in one plein and quarter, on top of <see cref="RegionScale.Referrals"/> (the newsletter's worst case).</summary>
/// <param name="PleinNumber">1-based: the plein named <see cref="RegionDataset.PleinName"/>(PleinNumber).</param>
public sealed record HotPleinQuarter(int PleinNumber, Quarter Quarter, int Referrals);

/// <summary>
/// How big a generated region is. Visits and referrals spread over <see cref="Years"/> years ending on
/// <see cref="EndsOn"/>; every visitor's first visit is one of the visits, so <see cref="Visits"/> ≥ <see cref="Visitors"/>.
/// </summary>
public sealed record RegionScale(
    int Pleinen, int Organisations, int Professionals, int Visitors, int Visits, int Referrals, int Years, DateOnly EndsOn,
    HotPleinQuarter? Hot = null, int WijkenPerPlein = 5, int SpreekurenPerPlein = 8)
{
    /// <summary>A region of 50 pleinen: 2,000 organisations, 20,000 professionals, 1,000,000 visitors, 3,000,000 visits, 2,000,000 referrals in 3 years.</summary>
    public static RegionScale Full(DateOnly endsOn, HotPleinQuarter? hot = null) =>
        new(50, 2_000, 20_000, 1_000_000, 3_000_000, 2_000_000, 3, endsOn, hot);

    public DateOnly StartsOn => EndsOn.AddYears(-Years).AddDays(1);
    public int Days => EndsOn.DayNumber - StartsOn.DayNumber + 1;
    public int TotalReferrals => Referrals + (Hot?.Referrals ?? 0);
}

/// <summary>What was generated: the pleinen's ids (index 0 is plein number 1) and how long it took.</summary>
/// <param name="Steps">Each statement's main table and how long it took.</param>
public sealed record RegionGenerated(IReadOnlyList<int> PleinIds, TimeSpan Elapsed, bool TriggersSkipped, IReadOnlyList<(string Table, TimeSpan Elapsed)> Steps)
{
    public int PleinId(int number) => PleinIds[number - 1];
}

/// <summary>
/// A region at scale for the benchmarks (export, newsletter, issue 8), generated inside PostgreSQL with
/// <c>INSERT … SELECT generate_series</c>: nothing crosses the wire, every value is a deterministic hash of its row
/// number, and ids are chosen (after the tables' current maximum) so that rows refer to each other by arithmetic.
/// Statuses follow the closed loop with events at realistic intervals, cut off at <see cref="RegionScale.EndsOn"/>,
/// so recent referrals are still open and "days to contact" means something.
/// <para>
/// As a superuser the load runs with <c>session_replication_role = replica</c>, which skips the foreign-key triggers
/// (the CHECK, UNIQUE and NOT NULL constraints still apply); <see cref="BrokenForeignKeysAsync"/> then proves every
/// foreign key holds. Meant for a fixture's own fresh database: plein names, visitor codes and account e-mails are fixed.
/// </para>
/// </summary>
public static class RegionDataset
{
    public static string PleinName(int number) => $"Sociaal Plein Regio {number:00}";

    static readonly string[] BulkTables = ["visitor", "visitor_contact", "visit", "visit_leefgebied", "referral", "referral_status_event"];

    public static async Task<RegionGenerated> GenerateAsync(NpgsqlDataSource db, RegionScale scale, string? passwordHash = null)
    {
        if (scale.Organisations < scale.Pleinen || scale.Professionals < scale.Organisations)
            throw new ArgumentException("Every plein needs an organisation and every organisation a professional.", nameof(scale));
        if (scale.Visits < scale.Visitors) throw new ArgumentException("Every visitor has a first visit: Visits must be at least Visitors.", nameof(scale));
        if (scale.Visitors / (double)scale.Years > 900_000) throw new ArgumentException("Visitor codes allow 999,999 per year.", nameof(scale));
        var clock = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync();
        var skipTriggers = await conn.ExecuteScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        if (skipTriggers) await conn.ExecuteAsync("SET session_replication_role = replica");
        // Sorts and hashes of millions of rows in memory rather than on disk; this session only.
        await conn.ExecuteAsync("SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'");
        await conn.ExecuteAsync(RegionSql.Functions);

        var p = await ParametersAsync(conn, scale, passwordHash);
        var steps = new List<(string, TimeSpan)>();
        async Task Step(string name, Func<Task> run)
        {
            var step = Stopwatch.StartNew();
            await run();
            steps.Add((name, step.Elapsed));
        }
        // Building an index once over millions of rows is several times cheaper than growing it row by row: the
        // secondary indexes of the big tables are dropped for the load and made again from their own definitions.
        var indexes = (await conn.QueryAsync<(string Name, string Definition)>("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY (@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            """, new { tables = BulkTables })).ToList();
        foreach (var index in indexes) await conn.ExecuteAsync($"DROP INDEX {LocalPostgres.QuoteIdentifier(index.Name)}");
        try
        {
            foreach (var statement in RegionSql.Statements(scale.Hot is not null))
                await Step(RegionSql.Target(statement), () => conn.ExecuteAsync(new CommandDefinition(statement, p, commandTimeout: 0)));
        }
        finally
        {
            await Step("indexes", async () =>
            {
                foreach (var index in indexes) await conn.ExecuteAsync(new CommandDefinition(index.Definition, commandTimeout: 0));
            });
        }

        if (skipTriggers) await conn.ExecuteAsync("SET session_replication_role = DEFAULT");
        // What the skipped triggers keep: the gids's search document of the new professionals.
        await conn.ExecuteAsync(new CommandDefinition(
            "SELECT professional_search_refresh(ARRAY(SELECT id FROM professional WHERE id > @rb))", p, commandTimeout: 0));
        // (CommandType.Text: Dapper would take a single word for a stored procedure.)
        await conn.ExecuteAsync(new CommandDefinition("ANALYZE", commandTimeout: 0, commandType: System.Data.CommandType.Text));
        var pleinen = await conn.QueryAsync<int>("SELECT id FROM plein WHERE id > @pb ORDER BY id", p);
        return new RegionGenerated(pleinen.ToList(), clock.Elapsed, skipTriggers, steps);
    }

    static async Task<DynamicParameters> ParametersAsync(NpgsqlConnection conn, RegionScale s, string? passwordHash)
    {
        var bases = await conn.QuerySingleAsync<(int Plein, int Wijk, int Organisation, int Professional, int User, int Spreekuur, int Visitor, int Visit, int Referral)>("""
            SELECT (SELECT coalesce(max(id), 0) FROM plein), (SELECT coalesce(max(id), 0) FROM wijk),
                   (SELECT coalesce(max(id), 0) FROM organisation), (SELECT coalesce(max(id), 0) FROM professional),
                   (SELECT coalesce(max(id), 0) FROM app_user), (SELECT coalesce(max(id), 0) FROM spreekuur),
                   (SELECT coalesce(max(id), 0) FROM visitor), (SELECT coalesce(max(id), 0) FROM visit),
                   (SELECT coalesce(max(id), 0) FROM referral)
            """);
        var leefgebieden = (await conn.QueryAsync<int>("""
            SELECT id FROM leefgebied WHERE code = ANY (@codes) ORDER BY array_position(@codes, code)
            """, new { codes = RegionSql.LeefgebiedCodes })).ToArray();
        if (leefgebieden.Length != RegionSql.LeefgebiedCodes.Length) throw new InvalidOperationException("The default leefgebieden (db/0008) are missing.");
        var zorgvragen = DemoZorgvragen.ByLeefgebied.Values.SelectMany(v => v).ToArray();
        var p = new DynamicParameters(new
        {
            pb = bases.Plein, wb = bases.Wijk, ob = bases.Organisation, rb = bases.Professional, ub = bases.User, sb = bases.Spreekuur,
            vb = bases.Visitor, xb = bases.Visit, fb = bases.Referral,
            np = s.Pleinen, nw = s.WijkenPerPlein, no = s.Organisations, nr = s.Professionals, ns = s.SpreekurenPerPlein,
            nv = s.Visitors, nx = s.Visits, nf = s.Referrals,
            start = s.StartsOn, ends = s.EndsOn, days = s.Days,
            // The moment the region is "now": events after it have not happened yet.
            now = new DateTimeOffset(s.EndsOn.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero),
            run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            lg = leefgebieden,
            zorgvragen = zorgvragen.Select(z => z.Text).ToArray(),
            categories = zorgvragen.Select(z => z.Category).ToArray(),
            hash = passwordHash,
            hotPlein = s.Hot?.PleinNumber ?? 0, hotN = s.Hot?.Referrals ?? 0,
            hotStart = s.Hot?.Quarter.Start ?? s.StartsOn,
            hotDays = s.Hot is { } h ? Math.Min(h.Quarter.End.DayNumber, s.EndsOn.DayNumber + 1) - h.Quarter.Start.DayNumber : 1,
        });
        if (s.Hot is { } hot && (hot.PleinNumber < 1 || hot.PleinNumber > s.Pleinen || hot.Quarter.Start > s.EndsOn || hot.Quarter.End <= s.StartsOn))
            throw new ArgumentException("The hot plein-quarter must name a generated plein and a quarter within the period.", nameof(s));
        return p;
    }

    /// <summary>
    /// Every foreign key of the schema checked by an anti-join: the names of those that some row breaks (empty when all
    /// hold). Needed after a load that skipped the foreign-key triggers; MATCH SIMPLE, so a key with a NULL is not checked.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BrokenForeignKeysAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var keys = await conn.QueryAsync<(string Name, string Child, string Parent, string[] ChildColumns, string[] ParentColumns)>("""
            SELECT c.conname, cl.relname, pl.relname,
                   ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[],
                   ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[]
            FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pl ON pl.oid = c.confrelid
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            ORDER BY c.conname
            """);
        var broken = new List<string>();
        foreach (var k in keys)
        {
            // Identifiers from the catalog, quoted: no input reaches this statement.
            static string Q(string name) => LocalPostgres.QuoteIdentifier(name);
            var notNull = string.Join(" AND ", k.ChildColumns.Select(c => $"c.{Q(c)} IS NOT NULL"));
            var match = string.Join(" AND ", k.ChildColumns.Zip(k.ParentColumns, (c, p) => $"p.{Q(p)} = c.{Q(c)}"));
            var sql = $"SELECT EXISTS (SELECT 1 FROM {Q(k.Child)} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {Q(k.Parent)} p WHERE {match}))";
            if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(sql, commandTimeout: 0))) broken.Add(k.Name);
        }
        return broken;
    }
}
