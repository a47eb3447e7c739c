using System.Text;
using System.Text.RegularExpressions;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>The page sweep's section of docs/benchmarks.md: one table of every page, role and address, then every miss with its plan.</summary>
public sealed partial class PageSweepBenchmark
{
    const int PlanLines = 60;

    static void Report(List<Result> results, List<(Result Result, SlowestStatement.Plan? Plan)> plans, List<string> leftOut, TimeSpan sweep)
    {
        var table = new StringBuilder()
            .AppendLine("| page | asked as | address | median | p95 | SQL commands | target (p95) | |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            table.AppendLine($"| `{Cell(r.Pattern)}` | {r.Asker.Label} | `{Cell(r.Url)}` | {Ms(r.Median)} | {Ms(r.P95)}{(r.TimedRuns is > 0 and < Runs ? $" ({r.TimedRuns} runs)" : "")} | "
                             + $"{(!r.Answered ? "" : r.MinCommands == r.MaxCommands ? $"{r.MaxCommands}" : $"{r.MinCommands}–{r.MaxCommands}")} | ≤ {r.Target} ms | {Verdict(r)} |");
        var misses = new StringBuilder();
        foreach (var (r, plan) in plans.OrderByDescending(p => p.Result.P95))
        {
            misses.AppendLine($"**`{r.Url}` as {r.Asker.Label}**: p95 {Ms(r.P95)} against ≤ {r.Target} ms; SQL {Ms(r.SqlMedian)} of the {Ms(r.Median)} median, {r.MaxCommands} commands. {Cause(r, plan)}");
            misses.AppendLine();
            if (plan is not null)
            {
                var lines = plan.Text.Split('\n');
                misses.AppendLine("```").AppendLine(string.Join("\n", lines.Take(PlanLines)))
                    .AppendLine(lines.Length > PlanLines ? $"… ({lines.Length - PlanLines} more lines)" : "").AppendLine("```").AppendLine();
            }
        }
        var missing = results.Where(r => !r.Met).ToList();
        var pages = results.Select(r => r.Pattern).Distinct().Count();
        BenchmarkReport.WriteSection("## Page sweep: every GET page as every role", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark). The sweep
            took {sweep.TotalMinutes:F1} minutes; load average (1, 5, 15 min) when it ended: {BenchmarkReport.LoadAverage}
            (anything else running on the 2 cores shows in a p95).

            `PageSweepBenchmark` finds the app's GET pages in its endpoint data source, as `AuthorizationMatrixTests` does, and
            the roles that may open each in `AuthorizationMatrix.Rows` (every ✓); the addresses come from
            `PageSweepRecipes` (every tab and filter of the referral lists, the gids's landing page, one word, a typo, a
            facet, a deep page, HSDS deep pages, the dashboard's busiest and a typical plein-quarter, the export form, the
            beheer pages). A page with route parameters and no recipe fails the sweep; one without parameters is opened with
            no query. The askers: anonymous; a professional of plein 1 (the one who sent the most referrals there) and one
            of plein {PageSweepRecipes.Typical} (the one in the middle); the projectleiders of both; a beheerder (every plein). A page that does the
            same work for every account (the gids, the HSDS API, health, the public and account pages) is asked anonymously
            where allowed and as the professional of plein 1 (the gids also as the one of plein {PageSweepRecipes.Typical}), not again as every role. Each address:
            {Warmups} warm-ups, then {Runs} timed runs ({FarOffRuns} when every warm-up took more than {FarOff}× the target; 1 warm-up and {SlowRuns} runs when the first answer took more than {Slow / 1000:F0} s: the verdict is not in doubt and the sweep must end), one
            client, through the real app on Kestrel over HTTPS on loopback, the body read in full. Times are the app's own
            `Server-Timing: app` (the request entering the profiling middleware to the response starting); the SQL
            commands its `db` count. Every role gets that header here through a hook of the benchmark's app only
            (`ServerTimingForEveryRole`: the app's own header, which production shows to beheerders only).

            Targets: ≤ 100 ms p95 at the busiest plein (plein 1, and region-wide for the beheerder and anonymous), ≤ 50 ms at
            a typical one, ≤ 50 ms for the API at any depth; at most {RequestProfiler.CommandsBeforeWarning} SQL commands (above
            that the app logs a warning: N+1).

            **{results.Count - missing.Count} of {results.Count} met** ({pages} pages); not met: {missing.Count}{(missing.Count == 0 ? "." :
                $"\n({string.Join(", ", missing.Select(r => r.Pattern).Distinct().Select(p => $"`{Cell(p)}`"))}).")}

            Left out: {(leftOut.Count == 0 ? "nothing" : string.Join("; ", leftOut))}.

            {table}

            ### Misses: the slowest SQL command's plan

            For every address that missed its time (the worst asker of each; the {PlansAtMost} furthest from their target), the request ran once more with PostgreSQL's
            `auto_explain` on for the database (`log_analyze`, `log_buffers`, every command), and the slowest command's
            `EXPLAIN (ANALYZE, BUFFERS)` is read back from the server's log. The cause line is derived from the figures and
            the plan; the hand-written causes are in "Page sweep: causes of the misses" below.

            {(missing.Count == 0 ? "None: every address met its target." : misses)}
            """);
    }

    static string Verdict(Result r) =>
        r.Status == NoAnswer ? $"NOT met: no answer within {Patience.TotalSeconds:F0} s"
        : !r.Answered ? $"NOT met: answered {r.Status}, expected {r.Variant.Status}"
        : r.TooManyCommands ? $"NOT met: {r.MaxCommands} SQL commands (N+1?)"
        : r.P95 > r.Target ? "NOT met"
        : "met";

    static string Cause(Result r, SlowestStatement.Plan? plan)
    {
        if (r.SqlMedian < r.Median / 2)
            return $"Cause: most of the time is outside SQL ({Ms(r.SqlMedian)} of {Ms(r.Median)}): the app's own work (rendering, per-row work, a download written).";
        if (plan is null) return "Cause: in SQL; the plan could not be captured (the server's log is not readable from here).";
        var scans = SeqScan().Matches(plan.Text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var top = plan.Text.Split('\n').Skip(1).FirstOrDefault(l => l.Contains("actual", StringComparison.Ordinal))?.Trim() ?? "";
        return $"Cause: in SQL; the slowest command took {plan.Milliseconds:F1} ms ({top[..Math.Min(top.Length, 120)]})"
               + (scans.Count > 0 ? $"; sequential scans of {string.Join(", ", scans)}." : ".");
    }

    static string Ms(double ms) => double.IsNaN(ms) ? "—" : $"{ms:F1} ms";

    static string Cell(string text) => text.Replace("|", "\\|");

    [GeneratedRegex(@"Seq Scan on (\w+)")]
    private static partial Regex SeqScan();
}
