using Dapper;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// A PostgreSQL primary and a hot standby made from it with <c>pg_basebackup -R</c>, both private clusters of this
/// test process on loopback ports, with durable commits (fsync on), as production runs. Synchronous replication
/// (<c>synchronous_standby_names = '*'</c>) makes a commit wait until the standby has flushed it.
/// </summary>
public sealed class ReplicatedPostgres : IAsyncDisposable
{
    readonly string _firstHome, _secondHome;

    /// <summary>The cluster that was the primary at the start, and the one that was its standby.</summary>
    public LocalPostgres First { get; }
    public LocalPostgres Second { get; }
    public bool Promoted { get; private set; }

    ReplicatedPostgres(string firstHome, string secondHome, LocalPostgres first, LocalPostgres second) =>
        (_firstHome, _secondHome, First, Second) = (firstHome, secondHome, first, second);

    public static async Task<ReplicatedPostgres> StartAsync(bool synchronous)
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        var firstHome = await TestDatabase.NewClusterHomeAsync($"topology-{name}-primary");
        var secondHome = await TestDatabase.NewClusterHomeAsync($"topology-{name}-standby");
        try
        {
            var first = await LocalPostgres.StartAsync(firstHome, durable: true, TestContext.Progress.WriteLine);
            await first.EnsureDatabaseAsync(DatabaseStartup.DatabaseName);
            await first.BaseBackupAsync(secondHome);
            var second = await LocalPostgres.StartAsync(secondHome, durable: true, TestContext.Progress.WriteLine);
            var replicated = new ReplicatedPostgres(firstHome, secondHome, first, second);
            await replicated.SetSynchronousAsync(synchronous);
            return replicated;
        }
        catch
        {
            await RemoveAsync(firstHome);
            await RemoveAsync(secondHome);
            throw;
        }
    }

    /// <summary>The owner's connection the app gets: both hosts, the primary wherever it is now.</summary>
    public string AppConnectionString => new NpgsqlConnectionStringBuilder(First.ConnectionString(DatabaseStartup.DatabaseName))
    {
        Host = $"127.0.0.1:{First.Port},127.0.0.1:{Second.Port}",
        TargetSessionAttributes = "primary",
        // Npgsql remembers a host's role for this long; after a promotion the new primary is found within it.
        HostRecheckSeconds = 1,
    }.ConnectionString;

    /// <summary>A superuser connection to the current primary's database (the test's own view).</summary>
    public string PrimaryConnectionString => (Promoted ? Second : First).ConnectionString(DatabaseStartup.DatabaseName);
    public string StandbyConnectionString => Second.ConnectionString(DatabaseStartup.DatabaseName);

    /// <summary>On: a commit returns once the standby has flushed it. Off: once the primary has (asynchronous replication).</summary>
    public async Task SetSynchronousAsync(bool on)
    {
        await using var conn = new NpgsqlConnection(First.ConnectionString("postgres"));
        await conn.ExecuteAsync(on ? "ALTER SYSTEM SET synchronous_standby_names = '*'" : "ALTER SYSTEM RESET synchronous_standby_names");
        await conn.ExecuteAsync("SELECT pg_reload_conf()");
    }

    /// <summary>How far the standby is behind, as the primary sees it: replay lag (time) and bytes not yet replayed.</summary>
    public async Task<(TimeSpan? ReplayLag, long Bytes)> LagAsync()
    {
        await using var conn = new NpgsqlConnection(First.ConnectionString("postgres"));
        return await conn.QuerySingleOrDefaultAsync<(TimeSpan?, long)>("""
            SELECT replay_lag, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication LIMIT 1
            """);
    }

    /// <summary>Stops (<c>true</c>) or resumes the standby's replay, so a test can see which server a read came from.</summary>
    public async Task PauseReplayAsync(bool pause)
    {
        await using var conn = new NpgsqlConnection(StandbyConnectionString);
        await conn.ExecuteAsync(pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
    }

    /// <summary>The failover: the primary crashes, the standby is promoted. Returns when the new primary accepts writes.</summary>
    public async Task FailOverAsync()
    {
        await First.CrashServerAsync();
        await Second.PromoteAsync();
        Promoted = true;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RemoveAsync(_secondHome);
        await RemoveAsync(_firstHome);
    }

    static async Task RemoveAsync(string home)
    {
        if (Directory.Exists(home)) await LocalPostgres.RemoveAsync(home);
    }
}
