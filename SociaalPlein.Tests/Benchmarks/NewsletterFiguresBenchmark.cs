using System.Diagnostics;
using Dapper;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Nieuwsbrief.Pdf;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The newsletter's figures at the scale of issue 5: a plein with 250,000 referrals in the quarter, 2,000,000 referrals
/// (with 6 million status events) and about a million visits in the database over ten pleinen. Measures
/// what the generator does for one newsletter, split into SQL (NewsletterFiguresQuery.LoadAsync: all blocks, one round
/// trip) and rendering (NewsletterPdf.Render), with the process's peak memory, and reports each block's plan (EXPLAIN ANALYZE) in
/// docs/benchmarks.md, to see that every block reads the quarter through an index. Asserts no times. Run it with
/// <c>dotnet test -c Release --filter FullyQualifiedName~NewsletterFiguresBenchmark</c>.
/// </summary>
[Explicit("Benchmark: a few minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed class NewsletterFiguresBenchmark : DatabaseFixture
{
    const int Warmup = 2, Runs = 7;
    static readonly Quarter Quarter = new(2026, 1);
    int _pleinId;
    TimeSpan _arrange;

    protected override async Task ArrangeAsync()
    {
        var watch = Stopwatch.StartNew();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        // Everything generated in PostgreSQL, in one session (setseed makes random() repeatable). Plein 1 is the big one.
        await conn.ExecuteAsync(Generate, commandTimeout: 3600);
        await conn.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 3600);
        _pleinId = await conn.ExecuteScalarAsync<int>("SELECT min(id) FROM plein");
        _arrange = watch.Elapsed;
    }

    const string Generate = """
        SELECT setseed(0.42);
        INSERT INTO plein (name, municipality, opened_on) SELECT 'Bench Plein ' || n, 'Gemeente ' || n, DATE '2020-01-01'
        FROM generate_series(1, 10) n;
        INSERT INTO wijk (plein_id, name) SELECT p.id, 'Wijk ' || w FROM plein p, generate_series(1, 8) w;
        INSERT INTO organisation (name, domein)
        SELECT 'Organisatie ' || n, (ARRAY['medisch', 'sociaal', 'welzijn', 'overig'])[n % 4 + 1] FROM generate_series(1, 200) n;
        INSERT INTO organisation_plein SELECT o.id, p.id FROM organisation o, plein p WHERE (o.id + p.id) % 3 = 0 OR p.name = 'Bench Plein 1';
        INSERT INTO professional (organisation_id, name, function, created_at)
        SELECT (SELECT min(id) FROM organisation) + n % 200, 'Professional ' || n, 'Hulpverlener',
               TIMESTAMPTZ '2023-01-01 09:00+01' + n * interval '9 hours'
        FROM generate_series(1, 2000) n;
        INSERT INTO professional_plein
        SELECT pr.id, p.id FROM professional pr, plein p WHERE pr.id % 10 = p.id % 10 OR (pr.id % 3 = 0 AND p.name = 'Bench Plein 1');
        INSERT INTO spreekuur (plein_id, organisation_id, kind, title, weekday, starts_at, ends_at, valid_from)
        SELECT p.id, (SELECT min(id) FROM organisation) + (p.id * 10 + s) % 200, (ARRAY['spreekuur', 'inloop'])[s % 2 + 1],
               'Spreekuur', 1 + s % 5, '09:00', '11:00', DATE '2020-01-01'
        FROM plein p, generate_series(1, 10) s;

        -- Visitors: 100,000 of the big plein, 10,000 of each other.
        CREATE TEMP TABLE bench_plein AS
        SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS k,
               ARRAY(SELECT w.id FROM wijk w WHERE w.plein_id = p.id ORDER BY w.id) AS wijken,
               ARRAY(SELECT s.id FROM spreekuur s WHERE s.plein_id = p.id ORDER BY s.id) AS spreekuren,
               ARRAY(SELECT pp.professional_id FROM professional_plein pp WHERE pp.plein_id = p.id ORDER BY 1) AS professionals
        FROM plein p;
        INSERT INTO visitor (plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id)
        SELECT bp.id, 'B-2024-' || lpad(n::text, 6, '0'), CASE WHEN n % 13 = 0 THEN NULL ELSE 1930 + (n * 37) % 92 END,
               (ARRAY['vrouw', 'man', 'vrouw', 'man', 'anders', 'onbekend'])[n % 6 + 1],
               CASE WHEN n % 5 < 3 THEN (3100 + n % 40)::text END, CASE WHEN n % 5 >= 3 THEN bp.wijken[1 + n % 8] END,
               DATE '2024-04-01' + (n * 7) % 700, gen_random_uuid()
        FROM generate_series(1, 190000) n
        JOIN bench_plein bp ON bp.k = CASE WHEN n <= 100000 THEN 0 ELSE 1 + (n - 100001) / 10000 END;
        CREATE TEMP TABLE bench_visitors AS SELECT plein_id, array_agg(id ORDER BY id) AS ids FROM visitor GROUP BY plein_id;

        -- Visits: five per visitor; about 250,000 of the big plein's in the quarter.
        INSERT INTO visit (plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, request_id)
        SELECT v.plein_id, v.id,
               CASE WHEN v.plein_id = (SELECT id FROM bench_plein WHERE k = 0) AND (v.id + i) % 2 = 0
                    THEN DATE '2026-01-01' + (v.id * 3 + i * 17) % 90
                    ELSE DATE '2024-04-01' + (v.id * 5 + i * 131) % 730 END,
               CASE WHEN i % 3 = 0 THEN 'inloop' ELSE 'spreekuur' END,
               CASE WHEN i % 3 <> 0 THEN bp.spreekuren[1 + (v.id + i) % 10] END,
               CASE WHEN i % 2 = 0 THEN bp.professionals[1 + (v.id * i) % cardinality(bp.professionals)] END,
               gen_random_uuid()
        FROM visitor v JOIN bench_plein bp ON bp.id = v.plein_id CROSS JOIN generate_series(1, 5) i;

        -- Referrals: 250,000 of the big plein in the quarter and 700,000 in its seven quarters before; 1,050,000 of
        -- the others over two years. Each follows a path of the closed loop, its events a few days apart.
        CREATE TEMP TABLE bench_referral AS
        SELECT n, gen_random_uuid() AS request_id, bp.id AS plein_id, d.referred_on,
               CASE WHEN n % 10 <> 0 THEN bv.ids[1 + ((n::bigint * 7919) % cardinality(bv.ids))::int] END AS visitor_id,
               CASE WHEN n % 20 < 12 THEN 'professional' WHEN n % 20 < 17 THEN 'organisation' ELSE 'eigen_initiatief' END AS from_kind,
               bp.professionals[1 + (n * 31) % cardinality(bp.professionals)] AS professional,
               (SELECT min(id) FROM organisation) + (n * 17) % 200 AS organisation,
               (SELECT min(id) FROM organisation) + (n * 53) % 200 AS to_organisation,
               (SELECT min(id) FROM leefgebied) + n % 13 AS leefgebied_id,
               ((d.referred_on + time '09:00') AT TIME ZONE 'Europe/Amsterdam') + (n % 480) * interval '1 minute' AS sent_at,
               n % 100 AS path
        FROM generate_series(1, 2000000) n
        CROSS JOIN LATERAL (SELECT CASE WHEN n <= 250000 THEN DATE '2026-01-01' + n % 90
                                        WHEN n <= 950000 THEN DATE '2024-04-01' + n % 639
                                        ELSE DATE '2024-04-01' + n % 730 END AS referred_on) d
        JOIN bench_plein bp ON bp.k = CASE WHEN n <= 950000 THEN 0 ELSE 1 + n % 9 END
        JOIN bench_visitors bv ON bv.plein_id = bp.id;
        CREATE TEMP TABLE bench_event AS
        SELECT r.request_id, e.status, e.at
        FROM bench_referral r
        CROSS JOIN LATERAL (VALUES
            ('verzonden', r.sent_at, true),
            ('geannuleerd', r.sent_at + interval '1 day', r.path < 3),
            ('afgewezen', r.sent_at + interval '2 days', r.path BETWEEN 3 AND 9),
            ('geaccepteerd', r.sent_at + interval '1 day', r.path >= 15),
            ('niet_bereikt', r.sent_at + interval '8 days', r.path BETWEEN 20 AND 24),
            ('contact_gelegd', r.sent_at + (3 + r.n % 10) * interval '1 day', r.path >= 25),
            ('afgerond', r.sent_at + (25 + r.n % 40) * interval '1 day', r.path >= 35)) e (status, at, happens)
        WHERE e.happens;
        CREATE TEMP TABLE bench_last AS
        SELECT DISTINCT ON (request_id) request_id, status, at FROM bench_event ORDER BY request_id, at DESC;
        INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, from_professional_id, from_organisation_id,
                              to_organisation_id, zorgvraag, leefgebied_id, status, outcome, status_reason, status_changed_at,
                              request_id, created_at)
        SELECT r.plein_id, r.referred_on, r.visitor_id, r.from_kind,
               CASE WHEN r.from_kind = 'professional' THEN r.professional END,
               CASE WHEN r.from_kind = 'professional' THEN p.organisation_id WHEN r.from_kind = 'organisation' THEN r.organisation END,
               r.to_organisation, 'Hulp gevraagd', r.leefgebied_id, last.status,
               CASE WHEN last.status = 'afgerond' THEN 'geholpen' END,
               CASE WHEN last.status IN ('afgewezen', 'niet_bereikt') THEN 'Geen capaciteit' END,
               last.at, r.request_id, r.sent_at
        FROM bench_referral r
        JOIN professional p ON p.id = r.professional
        JOIN bench_last last ON last.request_id = r.request_id
        ORDER BY r.n;
        INSERT INTO referral_status_event (referral_id, status, outcome, reason, changed_at)
        SELECT x.id, e.status, CASE WHEN e.status = 'afgerond' THEN 'geholpen' END,
               CASE WHEN e.status IN ('afgewezen', 'niet_bereikt') THEN 'Geen capaciteit' END, e.at
        FROM bench_event e JOIN referral x ON x.request_id = e.request_id
        ORDER BY x.id, e.at;
        """;

    // A note as long as the beheer page allows (1,500 characters), so the PDF is as long as it gets.
    static readonly string Note = string.Concat(Enumerable.Repeat(
        "Dit kwartaal draaide het spreekuur schuldhulp elke dinsdag vol; we zoeken er een tweede vrijwilliger bij. ", 15))[..1500];

    sealed record Run(double FiguresMs, double RenderMs, long Peak, long PeakGrowth, int PdfBytes)
    {
        public double TotalMs => FiguresMs + RenderMs;
    }

    [Test]
    public async Task Figures_and_pdf_of_a_plein_with_250000_referrals_in_the_quarter()
    {
        await using var dataSource = DataSourceSettings.Build(Db.ConnectionString);
        var query = new NewsletterFiguresQuery(dataSource);
        var figures = await query.LoadAsync([_pleinId], Quarter);
        var loadBefore = BenchmarkReport.LoadAverage;
        var runs = new List<Run>();
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var run = await BuildAsync(query);
            if (i >= Warmup) runs.Add(run);
        }
        var loadAfter = BenchmarkReport.LoadAverage;
        var plans = await PlansAsync();

        Assert.That(figures.Current.Referrals, Is.GreaterThan(200_000), "the benchmark plein has its quarter of referrals");
        Assert.That(runs.Select(r => r.PdfBytes), Is.All.GreaterThan(10_000), "every run made a whole PDF");
        WriteReport(figures, runs, plans, $"{loadBefore} before, {loadAfter} after");
    }

    /// <summary>What the generator does for one newsletter: the figures, then the PDF, timed apart.</summary>
    async Task<Run> BuildAsync(NewsletterFiguresQuery query)
    {
        var before = ProcessMemory.ResetPeak();
        var watch = Stopwatch.StartNew();
        var figures = await query.LoadAsync([_pleinId], Quarter);
        var figuresMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var pdf = NewsletterPdf.Render(figures, Note, new DateOnly(2026, 4, 1));
        var renderMs = watch.Elapsed.TotalMilliseconds;
        var peak = ProcessMemory.Peak;
        return new Run(figuresMs, renderMs, peak, peak - before, pdf.Length);
    }

    async Task<List<(string Block, double Ms, string Plan)>> PlansAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(NewsletterFiguresQuery.SettingsSql, transaction: tx);
        var parameters = NewsletterFiguresQuery.Parameters([_pleinId], Quarter);
        var plans = new List<(string, double, string)>();
        foreach (var (block, sql) in NewsletterFiguresQuery.Blocks)
        {
            var lines = (await conn.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, parameters, tx, commandTimeout: 600)).ToList();
            var ms = lines.Where(l => l.StartsWith("Execution Time:", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture))
                .Single();
            plans.Add((block, ms, string.Join("\n", lines)));
        }
        return plans;
    }

    static string Median(IEnumerable<double> values) => $"{values.Order().ElementAt(Runs / 2):F0} ms";
    static string Max(IEnumerable<double> values) => $"{values.Max():F0} ms";

    void WriteReport(NewsletterFigures f, List<Run> runs, List<(string Block, double Ms, string Plan)> plans, string load)
    {
        var total = runs.Select(r => r.TotalMs).Order().ElementAt(Runs / 2);
        var peak = runs.Max(r => r.Peak);
        BenchmarkReport.WriteSection("## Newsletter figures and PDF (issue 5)", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).
            Load average (1, 5, 15 minutes) on the 2 cores: {load}.

            Ten pleinen; {f.Scope.Title} has {f.Current.Referrals:N0} counted referrals (250,000 made, less the cancelled)
            and {f.Current.Visits:N0} visits in {f.Quarter} ({f.Outcomes.WithContact:N0} with contact), 2,000,000 referrals
            with their status events and about 950,000 visits in the database (arranged in {_arrange.TotalSeconds:F0} s,
            then VACUUM ANALYZE).

            What the generator does for one newsletter, {Runs} runs after {Warmup} warm-up runs:

            | measured | median | max |
            |---|---|---|
            | SQL: `NewsletterFiguresQuery.LoadAsync` (every block; two batches at once on two connections sharing one snapshot) | {Median(runs.Select(r => r.FiguresMs))} | {Max(runs.Select(r => r.FiguresMs))} |
            | rendering: `NewsletterPdf.Render` (with a 1,500-character note; {runs[0].PdfBytes / 1024:N0} KB) | {Median(runs.Select(r => r.RenderMs))} | {Max(runs.Select(r => r.RenderMs))} |
            | **figures plus PDF** (target ≤ 3 s: {(total <= 3000 ? "met" : "NOT met")}) | **{total:F0} ms** | {Max(runs.Select(r => r.TotalMs))} |
            | peak resident memory of the process (target ≤ 300 MB: {(peak <= 300 * 1048576L ? "met" : "NOT met")}) | {ProcessMemory.Mb(runs.Select(r => r.Peak).Order().ElementAt(Runs / 2))} | {ProcessMemory.Mb(peak)} |
            | of which added by the run (peak minus the resident set before it) | {ProcessMemory.Mb(runs.Select(r => r.PeakGrowth).Order().ElementAt(Runs / 2))} | {ProcessMemory.Mb(runs.Max(r => r.PeakGrowth))} |

            Through the app's data source (statements auto-prepared; the query plans each block with its actual values,
            `plan_cache_mode = force_custom_plan`, and hashes in 64 MB `work_mem`). Memory is the test process's (it runs
            the app's code; VmHWM, reset before each run); PostgreSQL's own backend is not counted. Each block on its own
            (EXPLAIN ANALYZE execution time):

            | block | ms |
            |---|---|
            {string.Join("\n", plans.Select(p => $"| {p.Block} | {p.Ms:F0} |"))}

            Plans (EXPLAIN ANALYZE, BUFFERS):

            {string.Join("\n\n", plans.Select(p => $"{p.Block}:\n\n```\n{p.Plan}\n```"))}
            """);
    }
}
