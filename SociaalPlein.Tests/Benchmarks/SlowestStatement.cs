using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The plan of a request's slowest SQL command, with its real parameter values: the app's profiler keeps no SQL text
/// outside Development (and never values), so PostgreSQL's own <c>auto_explain</c> is switched on for the region's
/// database while the request runs once more, and its <c>EXPLAIN (ANALYZE, BUFFERS)</c> output is read back from the
/// server's log (<c>server.log</c> in the data folder of the local test cluster, through <c>pg_read_file</c>; a
/// superuser's right). Against a server of one's own (SOCIAALPLEIN_TEST_CONNECTION) the log may be elsewhere: then it
/// says so instead of a plan.
/// </summary>
public static partial class SlowestStatement
{
    const string Log = "server.log";

    public sealed record Plan(double Milliseconds, string Text);

    public static async Task<Plan?> CaptureAsync(FixtureDatabase db, Func<Task> request)
    {
        // A connection of its own, outside every pool: it ends the others' sessions and must outlive that itself.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        long start;
        try
        {
            start = await conn.ExecuteScalarAsync<long>("SELECT size FROM pg_stat_file(@Log)", new { Log });
        }
        catch (PostgresException)
        {
            return null;
        }
        var database = "\"" + conn.Database.Replace("\"", "\"\"") + "\"";
        // Identifiers and settings cannot be parameters; the name is quoted above and the values are constants.
        await conn.ExecuteAsync($"""
            ALTER DATABASE {database} SET session_preload_libraries = 'auto_explain';
            ALTER DATABASE {database} SET auto_explain.log_min_duration = 0;
            ALTER DATABASE {database} SET auto_explain.log_analyze = on;
            ALTER DATABASE {database} SET auto_explain.log_buffers = on;
            """);
        try
        {
            await FreshConnectionsAsync(conn, request);
            start = await conn.ExecuteScalarAsync<long>("SELECT size FROM pg_stat_file(@Log)", new { Log });
            await request();
            var end = await conn.ExecuteScalarAsync<long>("SELECT size FROM pg_stat_file(@Log)", new { Log });
            var text = await conn.ExecuteScalarAsync<string>("SELECT pg_read_file(@Log, @start, @length)",
                new { Log, start, length = end - start }) ?? "";
            return Slowest(text);
        }
        finally
        {
            await conn.ExecuteAsync($"ALTER DATABASE {database} RESET session_preload_libraries; ALTER DATABASE {database} RESET auto_explain.log_min_duration; "
                                    + $"ALTER DATABASE {database} RESET auto_explain.log_analyze; ALTER DATABASE {database} RESET auto_explain.log_buffers");
            await FreshConnectionsAsync(conn, request);
        }
    }

    /// <summary>
    /// A database setting reaches only new sessions: the app's pooled connections are ended, and the request asked a few
    /// times so that the pool has found every broken one (a GET is retried once on a broken connection by the app).
    /// </summary>
    static async Task FreshConnectionsAsync(NpgsqlConnection conn, Func<Task> request)
    {
        await conn.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        // The test's own pools (plain NpgsqlConnection) held some of them too.
        NpgsqlConnection.ClearAllPools();
        for (var i = 0; i < 3; i++)
        {
            try { await request(); }
            catch (HttpRequestException) { }
        }
    }

    /// <summary>The entry with the longest duration among auto_explain's "duration: … ms  plan:" entries.</summary>
    static Plan? Slowest(string log)
    {
        Plan? slowest = null;
        foreach (Match m in Entry().Matches(log))
        {
            var ms = double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture);
            if (slowest is not null && slowest.Milliseconds >= ms) continue;
            var text = new StringBuilder();
            foreach (var line in m.Groups["body"].Value.Split('\n'))
                text.AppendLine(line.StartsWith('\t') ? line[1..] : line);
            slowest = new Plan(ms, text.ToString().TrimEnd());
        }
        return slowest;
    }

    // PostgreSQL writes each further line of a message after a tab.
    [GeneratedRegex(@"duration: (?<ms>[0-9.]+) ms  plan:\n(?<body>(?:\t[^\n]*\n?)+)")]
    private static partial Regex Entry();
}
