using Microsoft.Extensions.Logging;
using Npgsql;

namespace SociaalPlein.Data.Database;

/// <summary>
/// Decides which PostgreSQL the app uses: the configured server when a connection string is set,
/// otherwise (development only) the embedded local cluster under <c>.data/postgres/</c>.
/// </summary>
public sealed class DatabaseStartup : IAsyncDisposable
{
    public const string DatabaseName = "sociaalplein";

    LocalPostgres? _local;

    /// <summary>The owner's connection string (migrations, Hangfire's schema), known once <see cref="StartAsync"/> ran.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// What the app runs everything else on, known once <see cref="StartAsync"/> ran: the application role
    /// (<see cref="AppRole"/>), through the separate login when one is configured, else through the owner's.
    /// </summary>
    public string RuntimeConnectionString { get; private set; } = "";

    public bool UsesLocalCluster => _local is not null;

    /// <param name="whileLocked">Runs after the migrations while their advisory lock is still held (Hangfire's schema and recurring jobs).</param>
    /// <param name="configuredApp">A separate login for the app's runtime connections (optional; see docs/operations.md).</param>
    public async Task StartAsync(string? configured, string localHome, bool localAllowed, ILogger log, CancellationToken ct,
        Func<NpgsqlConnection, CancellationToken, Task>? whileLocked = null, string? configuredApp = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else if (localAllowed)
        {
            _local = await LocalPostgres.StartAsync(localHome, durable: true, m => log.LogInformation("{Message}", m), ct);
            await _local.EnsureDatabaseAsync(DatabaseName, ct);
            ConnectionString = _local.ConnectionString(DatabaseName);
            log.LogInformation("Using the local PostgreSQL cluster in {Folder} on port {Port}", localHome, _local.Port);
        }
        else
        {
            throw new DatabaseStartupException(
                "No database configured. Set the connection string ConnectionStrings__SociaalPlein " +
                "(the local embedded cluster is for Development only).");
        }
        try
        {
            RuntimeConnectionString = AppRole.RuntimeConnectionString(ConnectionString, configuredApp);
            await Migrations.ApplyAsync(ConnectionString, log, ct, whileLocked);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            var where = TryDescribe(ConnectionString);
            throw new DatabaseStartupException($"Cannot use PostgreSQL at {where}: {e.Message}", e);
        }
    }

    // Host, port and database only: never the password.
    static string TryDescribe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(an unreadable connection string)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null) await _local.DisposeAsync();
    }
}

/// <summary>The app cannot start on its database; the message says why and what to do, without a stack trace.</summary>
public class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);
