using System.Text.RegularExpressions;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// docs/benchmarks.md, written by the benchmarks themselves: a shared header and one section per benchmark, each
/// replaced by its own benchmark's latest run and left alone by the others.
/// </summary>
public static partial class BenchmarkReport
{
    static string File => Path.Combine(Database.MigrationTests.RepositoryRoot(), "docs", "benchmarks.md");

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, PostgreSQL 15 (local test cluster)";

    /// <summary>The load averages over 1, 5 and 15 minutes: the machine is shared, so this says how much else ran.</summary>
    public static string LoadAverage =>
        System.IO.File.Exists("/proc/loadavg")
            ? string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";

    /// <summary>Replaces (or appends) the section that starts with <paramref name="heading"/> ("## …").</summary>
    public static void WriteSection(string heading, string body)
    {
        var text = System.IO.File.Exists(File) ? System.IO.File.ReadAllText(File) : "";
        if (!text.StartsWith("# Benchmarks", StringComparison.Ordinal)) text = Header;
        else text = Header + text[FirstSection(text)..];

        var section = $"{heading}\n\n{body.Trim()}\n\n";
        var start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start < 0) text = text.TrimEnd() + "\n\n" + section;
        else
        {
            var next = NextHeading().Match(text, start + heading.Length);
            text = text[..start] + section + (next.Success ? text[next.Index..] : "");
        }
        System.IO.File.WriteAllText(File, text.TrimEnd() + "\n");
        TestContext.Out.WriteLine(section);
    }

    static int FirstSection(string text)
    {
        var first = NextHeading().Match(text);
        return first.Success ? first.Index : text.Length;
    }

    const string Header = """
        # Benchmarks

        Figures written by the benchmark suite itself, in the Release build production runs (server GC, as the Web SDK
        sets): `dotnet test -c Release --filter TestCategory=Benchmark` (about half an hour on 2 cores), or one benchmark
        with `--filter FullyQualifiedName~<Name>Benchmark`. The suite first generates one region-scale dataset ("Region
        dataset") and runs the gids, registration, newsletter, export, page sweep and mixed-workload benchmarks on it, through the real app on Kestrel
        over HTTPS on loopback where a page is measured, each beside its floor measured in the same run; the cold start and
        the audit log run on databases of their own. Times are never asserted in tests. Each section is rewritten by its
        own benchmark and says when it ran, on what, how, and its target: met or not met.


        """;

    [GeneratedRegex(@"^## ", RegexOptions.Multiline)]
    private static partial Regex NextHeading();
}
