using System.Diagnostics;
using Dapper;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Nieuwsbrief.Pdf;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The newsletter's figures at the busiest plein-quarter's scale: on the shared region (<see cref="BenchmarkRegion"/>), plein 1 with
/// 250,000 extra referrals in the first quarter of 2026, among 2,250,000 referrals and 3,000,000 visits. Measures
/// what the generator does for one newsletter, split into SQL (NewsletterFiguresQuery.LoadAsync: all blocks, one round
/// trip) and rendering (NewsletterPdf.Render), with the peak memory of a fresh process doing only that, and reports each block's plan (EXPLAIN ANALYZE) in
/// docs/benchmarks.md, to see that every block reads the quarter through an index. Asserts no times. Run it with
/// <c>dotnet test -c Release --filter FullyQualifiedName~NewsletterFiguresBenchmark</c>.
/// </summary>
[Explicit("Benchmark: a few minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed class NewsletterFiguresBenchmark : RegionBenchmark
{
    const int Warmup = 2, Runs = 7;
    static Quarter Quarter => Scale.Hot!.Quarter;
    int PleinId => Region.PleinId(Scale.Hot!.PleinNumber);

    // A note as long as the beheer page allows (1,500 characters), so the PDF is as long as it gets.
    internal static readonly string Note = string.Concat(Enumerable.Repeat(
        "Dit kwartaal draaide het spreekuur schuldhulp elke dinsdag vol; we zoeken er een tweede vrijwilliger bij. ", 15))[..1500];

    sealed record Run(double FiguresMs, double RenderMs, long Before, long PeakGrowth, int PdfBytes)
    {
        public double TotalMs => FiguresMs + RenderMs;
    }

    /// <summary>One fresh process that made <see cref="ChildRuns"/> newsletters: its resident set before any work, its peak after the first, its peak at the end.</summary>
    sealed record Child(long Baseline, long FirstPeak, long Peak);

    const int Children = 3, ChildRuns = 3;

    [Test]
    public async Task Figures_and_pdf_of_a_plein_with_250000_referrals_in_the_quarter()
    {
        await using var dataSource = DataSourceSettings.Build(Db.ConnectionString);
        var query = new NewsletterFiguresQuery(dataSource);
        var figures = await query.LoadAsync([PleinId], Quarter);
        var loadBefore = BenchmarkReport.LoadAverage;
        var runs = new List<Run>();
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var run = await BuildAsync(query);
            if (i >= Warmup) runs.Add(run);
        }
        var children = new List<Child>();
        for (var i = 0; i < Children; i++) children.Add(await FreshProcessAsync());
        var loadAfter = BenchmarkReport.LoadAverage;
        var plans = await PlansAsync();

        Assert.That(figures.Current.Referrals, Is.GreaterThan(200_000), "the benchmark plein has its quarter of referrals");
        Assert.That(runs.Select(r => r.PdfBytes), Is.All.GreaterThan(10_000), "every run made a whole PDF");
        Assert.That(children.Select(c => c.Peak), Is.All.GreaterThan(0), "every fresh process made its newsletters");
        WriteReport(figures, runs, children, plans, $"{loadBefore} before, {loadAfter} after");
    }

    /// <summary>
    /// The same newsletter made in a fresh process that does nothing else (<see cref="FreshProcess"/>, same runtime
    /// settings: server GC), against the benchmark's database: what one plein-quarter's figures and PDF need, whatever ran
    /// in this test process before.
    /// </summary>
    async Task<Child> FreshProcessAsync()
    {
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(FreshProcess).Assembly.Location, FreshProcess.NewsletterMemory, Db.ConnectionString,
                     PleinId.ToString(System.Globalization.CultureInfo.InvariantCulture), Quarter.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     Quarter.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ChildRuns.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.That(child.ExitCode, Is.Zero, await errors);
        var fields = (await output).Trim().Split(' ').Select(long.Parse).ToArray();
        return new Child(fields[0], fields[1], fields[2]);
    }

    /// <summary>What the generator does for one newsletter: the figures, then the PDF, timed apart.</summary>
    async Task<Run> BuildAsync(NewsletterFiguresQuery query)
    {
        var before = ProcessMemory.ResetPeak();
        var watch = Stopwatch.StartNew();
        var figures = await query.LoadAsync([PleinId], Quarter);
        var figuresMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var pdf = NewsletterPdf.Render(figures, Note, new DateOnly(2026, 4, 1));
        var renderMs = watch.Elapsed.TotalMilliseconds;
        var peak = ProcessMemory.Peak;
        return new Run(figuresMs, renderMs, before, peak - before, pdf.Length);
    }

    async Task<List<(string Block, double Ms, string Plan)>> PlansAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(NewsletterFiguresQuery.SettingsSql, transaction: tx);
        var parameters = NewsletterFiguresQuery.Parameters([PleinId], Quarter);
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

    static string MedianMb(IEnumerable<long> values)
    {
        var list = values.Order().ToList();
        return ProcessMemory.Mb(list[list.Count / 2]);
    }

    void WriteReport(NewsletterFigures f, List<Run> runs, List<Child> children, List<(string Block, double Ms, string Plan)> plans, string load)
    {
        var total = runs.Select(r => r.TotalMs).Order().ElementAt(Runs / 2);
        var peak = children.Max(c => c.Peak);
        BenchmarkReport.WriteSection("## Newsletter figures and PDF", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).
            Load average (1, 5, 15 minutes) on the 2 cores: {load}.

            The shared region (see "Region dataset"): {f.Scope.Title} has {f.Current.Referrals:N0} counted referrals in {f.Quarter}
            ({Scale.Hot!.Referrals:N0} made on top of its share of the spread ones, less the cancelled), {f.Current.Visits:N0} visits
            ({f.Outcomes.WithContact:N0} referrals with contact); {Scale.TotalReferrals:N0} referrals with their status events and
            {Scale.Visits:N0} visits of {Scale.Pleinen} pleinen in the database.

            What the generator does for one newsletter, {Runs} runs after {Warmup} warm-up runs:

            | measured | median | max |
            |---|---|---|
            | SQL: `NewsletterFiguresQuery.LoadAsync` (every block; two batches at once on two connections sharing one snapshot) | {Median(runs.Select(r => r.FiguresMs))} | {Max(runs.Select(r => r.FiguresMs))} |
            | rendering: `NewsletterPdf.Render` (with a 1,500-character note; {runs[0].PdfBytes / 1024:N0} KB) | {Median(runs.Select(r => r.RenderMs))} | {Max(runs.Select(r => r.RenderMs))} |
            | **figures plus PDF** (target ≤ 3 s: {(total <= 3000 ? "met" : "NOT met")}) | **{total:F0} ms** | {Max(runs.Select(r => r.TotalMs))} |
            | **peak resident memory of a fresh process making {ChildRuns} newsletters** ({Children} processes; target ≤ 300 MB: {(peak <= 300 * 1048576L ? "met" : "NOT met")}) | **{MedianMb(children.Select(c => c.Peak))}** | {ProcessMemory.Mb(peak)} |
            | of which its own baseline (resident before any work: runtime, assemblies, first heaps) | {MedianMb(children.Select(c => c.Baseline))} | {ProcessMemory.Mb(children.Max(c => c.Baseline))} |
            | its peak after the first (cold) newsletter | {MedianMb(children.Select(c => c.FirstPeak))} | {ProcessMemory.Mb(children.Max(c => c.FirstPeak))} |
            | in the test process: resident set before a run (what the earlier benchmarks left, after a full GC) | {MedianMb(runs.Select(r => r.Before))} | {ProcessMemory.Mb(runs.Max(r => r.Before))} |
            | in the test process: added by a run (its peak minus the resident set before it) | {MedianMb(runs.Select(r => r.PeakGrowth))} | {ProcessMemory.Mb(runs.Max(r => r.PeakGrowth))} |

            Through the app's data source (statements auto-prepared; the query plans each block with its actual values,
            `plan_cache_mode = force_custom_plan`, and hashes in 64 MB `work_mem`). The memory target is judged on the fresh
            process: `dotnet exec SociaalPlein.Tests.dll newsletter-memory …` (`FreshProcess` in Benchmarks/ProcessMemory.cs,
            server GC as the app) connects to the benchmark's database and does only this: load the figures and render the
            PDF, {ChildRuns} times; its peak is VmHWM at the end, over its whole life (start-up included). The test process's
            own peak is not judged: it holds whatever ran before in the suite (the region's generation, other apps), and a
            run adds only the last row. PostgreSQL's own backends are not counted. Each block on its own (EXPLAIN ANALYZE
            execution time):

            | block | ms |
            |---|---|
            {string.Join("\n", plans.Select(p => $"| {p.Block} | {p.Ms:F0} |"))}

            Plans (EXPLAIN ANALYZE, BUFFERS):

            {string.Join("\n\n", plans.Select(p => $"{p.Block}:\n\n```\n{p.Plan}\n```"))}
            """);
    }
}
