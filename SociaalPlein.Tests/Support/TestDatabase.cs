using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SociaalPlein.Data.Database;

namespace SociaalPlein.Tests.Support;

/// <summary>
/// The PostgreSQL every test talks to: a temporary local cluster started for this test run, or the
/// server named by SOCIAALPLEIN_TEST_CONNECTION. A template database is migrated once; each fixture
/// gets a fresh database cloned from it.
/// </summary>
public static class TestDatabase
{
    static LocalPostgres? _cluster;
    static string? _tempHome;
    static NpgsqlConnectionStringBuilder? _server;
    // Unique per run, so two runs against one shared server never meet.
    static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    static readonly string TemplateName = $"sp_template_{RunId}";

    internal static async Task StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("SOCIAALPLEIN_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _server = new NpgsqlConnectionStringBuilder(configured);
        }
        else
        {
            await RemoveAbandonedClustersAsync();
            _tempHome = await NewClusterHomeAsync(RunId);
            _cluster = await LocalPostgres.StartAsync(_tempHome, durable: false, TestContext.Progress.WriteLine);
            _server = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString("postgres"));
        }
        await ExecuteOnServerAsync($"CREATE DATABASE {LocalPostgres.QuoteIdentifier(TemplateName)}");
        await Migrations.ApplyAsync(ConnectionStringFor(TemplateName), NullLogger.Instance);
        // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// A temporary folder for a cluster of this test process: the run's own, or a private one for a test that stops and
    /// starts PostgreSQL (never the shared cluster). Left behind by a killed run, the next run removes it.
    /// </summary>
    internal static async Task<string> NewClusterHomeAsync(string name)
    {
        var home = Path.Combine(Path.GetTempPath(), $"{HomePrefix}{name}");
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(Path.Combine(home, OwnerFile), Environment.ProcessId.ToString());
        return home;
    }

    const string HomePrefix = "sociaalplein-tests-";
    const string OwnerFile = "owner.pid";

    // A run that was killed never reached StopAsync: its cluster would run on. Remove clusters whose test
    // process is gone (another run that is still going keeps its own).
    static async Task RemoveAbandonedClustersAsync()
    {
        foreach (var home in Directory.GetDirectories(Path.GetTempPath(), HomePrefix + "*"))
        {
            var owner = Path.Combine(home, OwnerFile);
            var abandoned = File.Exists(owner)
                ? !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || !IsRunning(pid)
                // No owner recorded (made by an older harness): only when nobody has touched it for hours.
                : Directory.GetLastWriteTimeUtc(home) < DateTime.UtcNow.AddHours(-2);
            if (abandoned) await LocalPostgres.RemoveAsync(home);
        }
    }

    static bool IsRunning(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    internal static async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {LocalPostgres.QuoteIdentifier(TemplateName)} WITH (FORCE)");
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_tempHome is not null && Directory.Exists(_tempHome)) Directory.Delete(_tempHome, recursive: true);
    }

    /// <summary>A fresh database with the whole schema, cloned from the migrated template.</summary>
    public static Task<FixtureDatabase> CreateAsync() => CreateFromAsync(TemplateName);

    /// <summary>A fresh database with no schema at all, for testing the migrations themselves.</summary>
    public static Task<FixtureDatabase> CreateEmptyAsync() => CreateFromAsync("template0");

    static async Task<FixtureDatabase> CreateFromAsync(string template)
    {
        var name = $"sp_{RunId}_{Guid.NewGuid():N}"[..40];
        await ExecuteOnServerAsync(
            $"CREATE DATABASE {LocalPostgres.QuoteIdentifier(name)} TEMPLATE {LocalPostgres.QuoteIdentifier(template)}");
        return new FixtureDatabase(name, ConnectionStringFor(name));
    }

    internal static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = database }.ConnectionString;

    internal static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    static NpgsqlConnectionStringBuilder Server =>
        _server ?? throw new InvalidOperationException("The test database server has not been started.");
}

/// <summary>One fixture's own database; dropped when the fixture is done.</summary>
public sealed class FixtureDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;
    // Without JIT, as the app's own connections (AppRole.WithoutJit): a benchmark's floor, the same SQL run straight
    // through Npgsql, then compares like with like.
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(AppRole.WithoutJit(connectionString));

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await TestDatabase.ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {LocalPostgres.QuoteIdentifier(Name)} WITH (FORCE)");
    }
}
