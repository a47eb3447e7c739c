using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Export;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The export at region scale: the shared region's 2,250,000 referrals of 50 pleinen as CSV and XLSX through the real app (Kestrel
/// over HTTPS), against the floor of the same SELECT fetched by psql through a cursor with the app's settings on the same
/// database in the same run, with the peak memory growth of the process. Asserts only that every row arrived; the
/// figures go into docs/benchmarks.md. Run with <c>dotnet test -c Release --filter FullyQualifiedName~ExportBenchmark</c>.
/// </summary>
[Explicit("Benchmark: several minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed partial class ExportBenchmark : RegionBenchmark
{
    const string Email = "export-benchmark@test.nl";

    protected override Task ArrangeAsync() => Arrange.UserAsync(Db, Email, "beheerder");

    string Query => $"?van={Scale.StartsOn:yyyy-MM-dd}&tot={Scale.EndsOn:yyyy-MM-dd}";

    [Test]
    public async Task Export_of_the_regions_referrals_as_csv_and_xlsx_against_psql()
    {
        var address = RealServer.Start(App);
        using var browser = RealServer.Browser(address);
        browser.Timeout = TimeSpan.FromMinutes(15);
        Assert.That((await browser.LogInAsync(Email, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var statement = await StatementAsync();
        var warmup = await DownloadAsync(browser, "verwijzingen.standaard.csv");
        var psql = new[] { await PsqlAsync(statement), await PsqlAsync(statement) };
        var csv = new[] { await DownloadAsync(browser, "verwijzingen.standaard.csv"), await DownloadAsync(browser, "verwijzingen.csv") };
        var xlsx = await DownloadAsync(browser, "verwijzingen.xlsx");

        Assert.That(csv.Select(c => c.Lines), Is.All.EqualTo(Scale.TotalReferrals + 1), "every referral and the header, in both CSVs");
        Assert.That(warmup.Lines, Is.EqualTo(Scale.TotalReferrals + 1));
        Report(psql, csv, xlsx, await PlanAsync(statement));
    }

    sealed record Download(string File, TimeSpan Elapsed, TimeSpan FirstByte, long Bytes, long Lines, long PeakGrowth);

    /// <summary>
    /// One export through the app, read and thrown away by the client. Peak growth: the process's peak resident memory
    /// (VmHWM, reset before the export through /proc/self/clear_refs) minus its resident memory before it.
    /// </summary>
    static async Task<Download> DownloadAsync(HttpClient browser, string file)
    {
        var before = ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        using var response = await browser.GetAsync($"/export/{file}?van={Scale.StartsOn:yyyy-MM-dd}&tot={Scale.EndsOn:yyyy-MM-dd}",
            HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long bytes = 0, lines = 0;
        var firstByte = TimeSpan.Zero;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            if (bytes == 0) firstByte = clock.Elapsed;
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return new Download(file, clock.Elapsed, firstByte, bytes, lines, ProcessMemory.Peak - before);
    }

    /// <summary>The SELECT the app runs for this export, with its parameters written as literals for psql.</summary>
    async Task<string> StatementAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var pleinen = (await conn.QueryAsync<int>("SELECT id FROM plein ORDER BY id")).ToList();
        var statement = ExportTable.Verwijzingen.Rows(new ExportFilter(pleinen, Scale.StartsOn, Scale.EndsOn),
            new ExportOptions(), Pseudonyms.ForOneExport(pleinen));
        var sql = statement.Sql;
        foreach (var p in statement.Parameters.OrderByDescending(p => p.ParameterName.Length))
            sql = Regex.Replace(sql, $"@{p.ParameterName}\\b", Literal(p.Value));
        return sql;
    }

    static string Literal(object? value) => value switch
    {
        int[] ints => $"'{{{string.Join(",", ints)}}}'::int[]",
        DBNull => "NULL",
        bool b => b ? "true" : "false",
        DateOnly d => $"DATE '{d:yyyy-MM-dd}'",
        byte[][] keys => "ARRAY[" + string.Join(",", keys.Select(k => $"'\\x{Convert.ToHexStringLower(k)}'::bytea")) + "]",
        _ => throw new NotSupportedException(value?.GetType().Name),
    };

    /// <summary>
    /// psql fetching the same SELECT as the app does: through a cursor in batches (<c>FETCH_COUNT</c>), planned with the
    /// app's settings for this download (<see cref="ExportQuery.PlanningFor"/>), the rows written unaligned to /dev/null.
    /// </summary>
    async Task<TimeSpan> PsqlAsync(string sql)
    {
        var c = new NpgsqlConnectionStringBuilder(Db.ConnectionString);
        var start = new ProcessStartInfo(Psql, ["-X", "-q", "-A", "-t", "-h", c.Host!, "-p", c.Port.ToString(CultureInfo.InvariantCulture), "-U", c.Username!,
            "-d", c.Database!, "-v", "ON_ERROR_STOP=1", "-v", "FETCH_COUNT=1024", "-o", "/dev/null", "-c", sql.ReplaceLineEndings(" ")])
        { RedirectStandardError = true };
        start.Environment["PGPASSWORD"] = c.Password;
        // The app's planning for this export (the whole period: for its last row).
        start.Environment["PGOPTIONS"] = ExportQuery.PlanningFor(new ExportFilter([], Scale.StartsOn, Scale.EndsOn)) == ExportQuery.FirstRowsFirst
            ? "-c cursor_tuple_fraction=0.001 -c jit=off" : "-c cursor_tuple_fraction=1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, errors);
        return clock.Elapsed;
    }

    static string Psql => File.Exists("/usr/lib/postgresql/15/bin/psql") ? "/usr/lib/postgresql/15/bin/psql" : "psql";

    async Task<string> PlanAsync(string sql)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        // Planned as the app's cursor is: for its first rows.
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(ExportQuery.PlanningFor(new ExportFilter([], Scale.StartsOn, Scale.EndsOn)), transaction: tx);
        return string.Join("\n", await conn.QueryAsync<string>("EXPLAIN DECLARE export_verwijzingen NO SCROLL CURSOR FOR " + sql, transaction: tx));
    }

    void Report(TimeSpan[] psql, Download[] csv, Download xlsx, string plan)
    {
        var floor = psql.Min();
        string Ratio(TimeSpan t) => (t / floor).ToString("F2", CultureInfo.InvariantCulture) + "×";
        static string S(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
        string Row(Download d, double target) =>
            $"| `/export/{d.File}` | {S(d.Elapsed)} | {d.FirstByte.TotalMilliseconds:F0} ms | {Ratio(d.Elapsed)} (target ≤ {target}×: {(d.Elapsed / floor <= target ? "met" : "NOT met")}) | " +
            $"{ProcessMemory.Mb(d.PeakGrowth)} ({(d.PeakGrowth <= 100 * 1048576L ? "met" : "NOT met")}) | {ProcessMemory.Mb(d.Bytes)} |";
        BenchmarkReport.WriteSection("## Dataset export", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).

            The shared region (see "Region dataset"): {Scale.TotalReferrals:N0} referrals of {Scale.Pleinen} pleinen with their status events,
            {Scale.Years} years up to {Scale.EndsOn:yyyy-MM-dd}.
            Load average on the machine when the run ended: {BenchmarkReport.LoadAverage} (2 cores).

            A beheerder downloads all {Scale.TotalReferrals:N0} referrals (every plein, the whole period, no free text) through the real
            app on Kestrel over HTTPS on loopback; the client in the same process reads the stream and throws it away. The floor
            is psql running the app's own SELECT (pseudonym HMAC included, parameters as literals) as the app does, through a
            cursor fetched 1,024 rows at a time (`FETCH_COUNT`) and planned with the app's settings for this download
            (the whole period: `cursor_tuple_fraction = 1`, planned for its last row), its rows written to /dev/null, on the
            same database, twice; the better run counts. One warm-up export ran first.
            Memory: the test process's peak resident set during the export (VmHWM, reset before it) minus its resident set
            before it; the process holds the app, the client and the test runner.

            | measured | time | first byte | vs psql | peak memory growth (target ≤ 100 MB) | size |
            |---|---|---|---|---|---|
            | psql fetching the same SELECT through a cursor | {S(psql[0])}, {S(psql[1])} | | 1.00× | | |
            {Row(csv[0], 1.5)}
            {Row(csv[1], 1.5)}
            {Row(xlsx, 4)}

            Plan of the export's cursor (EXPLAIN DECLARE, with the app's settings):

            ```
            {plan}
            ```
            """);
    }

}
