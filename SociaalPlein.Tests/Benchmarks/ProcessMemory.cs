using System.Globalization;
using System.Text.RegularExpressions;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The test process's resident memory from /proc/self/status (Linux): what the app would hold doing the same work,
/// since the benchmarks run the app's own code in this process.
/// </summary>
public static partial class ProcessMemory
{
    /// <summary>Collects garbage (returning it to the system), then resets the peak (VmHWM) to the current resident set and returns that.</summary>
    public static long ResetPeak()
    {
        // Aggressive: compacts and gives the freed memory back to the system, so what an earlier benchmark in this
        // process left committed does not count as this one's.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Resident;
    }

    /// <summary>Resident set now (VmRSS), in bytes.</summary>
    public static long Resident => Field("VmRSS");

    /// <summary>Peak resident set since the last <see cref="ResetPeak"/> (VmHWM), in bytes.</summary>
    public static long Peak => Field("VmHWM");

    public static string Mb(long bytes) => $"{Math.Max(bytes, 0) / 1048576.0:F0} MB";

    static long Field(string name)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}

/// <summary>Processor time (Linux /proc): this process's, and that of the machine's PostgreSQL processes still running.</summary>
public static class ProcessorTime
{
    public static TimeSpan Own => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// User plus system time of every process named <c>postgres</c> (the local cluster's backends; pooled connections
    /// keep theirs open, so a load's backends are still counted when it ends). Clock ticks of 1/100 s.
    /// </summary>
    public static TimeSpan Postgres
    {
        get
        {
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!char.IsDigit(Path.GetFileName(dir)[0])) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal)) continue;
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state is field 3, utime field 14 and stime field 15 (proc(5)).
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }
}

/// <summary>
/// The test assembly's entry point (the test SDK's generated one does nothing): <c>dotnet exec SociaalPlein.Tests.dll
/// newsletter-memory …</c> makes one plein-quarter's newsletter in a fresh process, so its peak memory is what that
/// work needs and not what earlier benchmarks left in the test process (<see cref="NewsletterFiguresBenchmark"/>).
/// </summary>
public static class FreshProcess
{
    public const string NewsletterMemory = "newsletter-memory";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [NewsletterMemory, var connectionString, var plein, var year, var number, var runs])
        {
            await Console.Error.WriteLineAsync($"usage: {NewsletterMemory} <connection string> <plein id> <year> <quarter> <runs>");
            return 2;
        }
        // Before any work: the runtime, the loaded assemblies and the garbage collector's first heaps.
        var baseline = ProcessMemory.Resident;
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(connectionString);
        var query = new SociaalPlein.Data.Nieuwsbrief.NewsletterFiguresQuery(dataSource);
        var quarter = new SociaalPlein.Data.Nieuwsbrief.Quarter(int.Parse(year, CultureInfo.InvariantCulture), int.Parse(number, CultureInfo.InvariantCulture));
        long first = 0;
        for (var i = 0; i < int.Parse(runs, CultureInfo.InvariantCulture); i++)
        {
            var figures = await query.LoadAsync([int.Parse(plein, CultureInfo.InvariantCulture)], quarter);
            var pdf = SociaalPlein.Data.Nieuwsbrief.Pdf.NewsletterPdf.Render(figures, NewsletterFiguresBenchmark.Note, new DateOnly(2026, 4, 1));
            if (pdf.Length == 0) return 1;
            if (i == 0) first = ProcessMemory.Peak;
        }
        // Peak (VmHWM) over the whole process: start-up, the first (cold) newsletter, then the warm ones.
        Console.WriteLine(string.Join(' ', baseline, first, ProcessMemory.Peak));
        return 0;
    }
}
