using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// Cold start (target ≤ 3 s): from starting the app's process to the first page it serves, against a database
/// whose migrations are already applied, as after a deploy or a crash. The app runs as its own process from its build
/// output (<c>dotnet SociaalPlein.Web.dll</c>, Production settings, Kestrel on a loopback port), so nothing of this test
/// process is warm for it. Also reports the process's peak resident memory at that moment. Run it with
/// <c>dotnet test -c Release --filter FullyQualifiedName~ColdStartBenchmark</c>.
/// </summary>
[Explicit("Benchmark: about a minute, not part of the default test run")]
[Category("Benchmark")]
public sealed class ColdStartBenchmark : DatabaseFixture
{
    const int Warmup = 1, Runs = 5;

    sealed record Start(double Ms, long PeakBytes);

    [Test]
    public async Task App_process_serves_its_first_page_after_a_cold_start()
    {
        var app = WebAppDll();
        Assert.That(File.Exists(app), Is.True, $"the app is built next to the tests: {app}");

        var starts = new List<Start>();
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var start = await StartOnceAsync(app);
            if (i >= Warmup) starts.Add(start);
        }

        Assert.That(starts, Has.Count.EqualTo(Runs));
        Report(starts);
    }

    /// <summary>Starts the app, polls the login page until it answers 200, reads the peak memory, stops the app.</summary>
    async Task<Start> StartOnceAsync(string app)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [app])
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ConnectionStrings__SociaalPlein"] = Db.ConnectionString;

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            while (true)
            {
                if (process.HasExited)
                    Assert.Fail($"The app stopped (exit {process.ExitCode}) before serving a page:\n{await output}\n{await errors}");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail("The app served no page within 60 s.");
                try
                {
                    using var response = await client.GetAsync("/account/inloggen");
                    if (response.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(10);
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            return new Start(elapsed, PeakOf(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    static string WebAppDll()
    {
        // bin/<Configuration>/net10.0/ of this test assembly: the app's own output of the same configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        return Path.Combine(Database.MigrationTests.RepositoryRoot(), "SociaalPlein.Web", "bin", configuration, output.Name,
            "SociaalPlein.Web.dll");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static long PeakOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    static void Report(List<Start> starts)
    {
        var times = starts.Select(s => s.Ms).Order().ToList();
        var median = times[times.Count / 2];
        BenchmarkReport.WriteSection("## Cold start", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}.
            Load average (1, 5, 15 minutes) when the run ended: {BenchmarkReport.LoadAverage}.

            `dotnet SociaalPlein.Web.dll` (Release, Production settings, Kestrel on a loopback port) against a database whose
            migrations are applied; the clock runs from starting the process until `/account/inloggen` answers 200 (polled
            every 10 ms). The start-up checks the migrations under the advisory lock, registers the recurring jobs and
            starts the Hangfire server before Kestrel listens. {Runs} starts after {Warmup} warm-up start (the operating
            system's file cache is warm, as after a restart on the same machine).

            | measured | median | max |
            |---|---|---|
            | process start to first page (target ≤ 3 s: {(median <= 3000 ? "met" : "NOT met")}) | {median:F0} ms | {times[^1]:F0} ms |
            | peak resident memory of the app's process by then | {ProcessMemory.Mb(starts.Select(s => s.PeakBytes).Order().ElementAt(Runs / 2))} | {ProcessMemory.Mb(starts.Max(s => s.PeakBytes))} |
            """);
    }
}
