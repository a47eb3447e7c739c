using Dapper;
using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SociaalPlein.Data.Database;

/// <summary>
/// Applies the numbered scripts of <c>db/</c> (embedded in this assembly) with DbUp, each in its own
/// transaction, under a PostgreSQL advisory lock so that instances starting together never race.
/// Schema work that is not ours (Hangfire's tables, its recurring jobs) runs under the same lock, after our
/// scripts, through <c>whileLocked</c>.
/// </summary>
public static class Migrations
{
    // Any fixed number; every instance takes the same lock. ("SPLN" in ASCII.)
    const long AdvisoryLockKey = 0x53504C4E;
    const string ResourcePrefix = "db/";

    public static async Task ApplyAsync(string connectionString, ILogger log, CancellationToken ct = default,
        Func<NpgsqlConnection, CancellationToken, Task>? whileLocked = null)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .WithTransactionPerScript()
                .JournalToPostgresqlTable("public", "schema_migration")
                .LogTo(log)
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
                throw new MigrationFailedException(result.ErrorScript?.Name ?? "(unknown script)", result.Error);
            // On the lock's own connection: a session advisory lock belongs to it, and it is idle now.
            if (whileLocked is not null) await whileLocked(lockConnection, ct);
        }
        finally
        {
            // Closing the connection would release it too; unlocking says so explicitly.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", AdvisoryLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The scripts of this build that the database has not applied (readiness: an instance is not ready on a schema
    /// older than its code). Scripts applied by a newer build are no concern of this one.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var applied = (await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT scriptname FROM schema_migration", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        return Scripts.Where(s => !applied.Contains(s)).ToList();
    }

    /// <summary>The scripts this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> Scripts { get; } = typeof(Migrations).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();
}

public sealed class MigrationFailedException(string script, Exception? inner)
    : DatabaseStartupException($"Migration {script} failed: {inner?.Message}", inner)
{
    public string Script { get; } = script;
}
