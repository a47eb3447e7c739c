using System.Diagnostics;
using System.Globalization;
using System.Text;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Audit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// /beheer/audit on a long log: a million entries over ten years, then the first page, a page deep in the
/// log (after 20 "Oudere regels" clicks) and the export of one filter, for each filter. Asserts only that pages came
/// back full; the times go into docs/benchmarks.md.
/// </summary>
[Explicit("Benchmark: a few minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed class AuditSearchBenchmark : DatabaseFixture
{
    const int Entries = 1_000_000, Runs = 15, Deep = 20;
    int _plein;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Benchmark A");
        var b = await Arrange.PleinAsync(Db, "Plein Benchmark B");
        await AuditArrange.EntriesAsync(Db, Entries, _plein, b, new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5));
    }

    [Test]
    public async Task Audit_log_pages_and_export_on_a_million_entries()
    {
        var search = new AuditSearch(Db.DataSource);
        var filters = new (string Name, AuditFilter Filter)[]
        {
            ("geen filter", new AuditFilter()),
            ("gebruiker", new AuditFilter(UserEmail: "user3@test.nl")),
            ("bezoeker", new AuditFilter(Subject: "B-2026-0007")),
            ("actie", new AuditFilter(Action: "dataset.export")),
            ("geweigerd", new AuditFilter(Allowed: false)),
            ("plein", new AuditFilter(PleinId: _plein)),
            ("maart 2020", new AuditFilter(From: new DateOnly(2020, 3, 1), To: new DateOnly(2020, 3, 31))),
            ("actie + plein + periode", new AuditFilter(Action: "visitor.view", PleinId: _plein, From: new DateOnly(2020, 1, 1), To: new DateOnly(2020, 12, 31))),
        };
        var table = new StringBuilder("| filter | first page (median) | page 21 (median) | export: rows | export: time |\n|---|---|---|---|---|\n");
        foreach (var (name, filter) in filters)
        {
            var first = await MedianAsync(() => search.PageAsync(filter, null));
            var cursor = (AuditCursor?)null;
            for (var i = 0; i < Deep; i++) cursor = (await search.PageAsync(filter, cursor)).Next;
            Assert.That(cursor, Is.Not.Null, $"{name}: deep enough");
            var deep = await MedianAsync(() => search.PageAsync(filter, cursor));
            var watch = Stopwatch.StartNew();
            long rows = 0;
            if (filter != new AuditFilter())
                rows = await AuditCsv.WriteAsync(search.AllAsync(filter), Stream.Null, CancellationToken.None);
            var export = rows == 0 ? "—" : Ms(watch.Elapsed);
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {Ms(first)} | {Ms(deep)} | {(rows == 0 ? "—" : rows.ToString("N0", CultureInfo.InvariantCulture))} | {export} |\n");
        }
        BenchmarkReport.WriteSection("## Audit log", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}; load average {BenchmarkReport.LoadAverage}.
            `AuditSearchBenchmark`: {Entries:N0} entries in `audit_log` (one per 5 minutes over ten years, seven users, four
            actions, fifty visitor codes, two pleinen, 1 in 11 refused), the indexes of `db/0020`. A page is 50 entries newest first
            (keyset on `occurred_at, id`); median of {Runs} runs, warm cache. "Page 21" is the page after {Deep} clicks on
            "Oudere regels": keyset pagination makes it as fast as the first. The export streams every entry of the filter
            through the CSV writer (to nowhere). `AuditSearchPlanTests` checks in the default run that every filter reads its
            index in order, without a table scan or a sort.

            {table}
            """);
    }

    static async Task<TimeSpan> MedianAsync(Func<Task<AuditPage>> page)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await page();
            times.Add(watch.Elapsed);
            Assert.That(result.Rows, Has.Count.EqualTo(AuditSearch.PageSize));
        }
        times.Sort();
        return times[Runs / 2];
    }

    static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.0} ms");
}
