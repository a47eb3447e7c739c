using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Topology;

/// <summary>Hangfire's client on the topology's job storage, as an instance has it, for a test to enqueue and schedule through.</summary>
public sealed class TopologyJobs(string connectionString) : IAsyncDisposable
{
    readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    JobStorage Storage => new PostgreSqlStorage(new Connections(_dataSource),
        new PostgreSqlStorageOptions { SchemaName = BackgroundJobs.Schema, PrepareSchemaIfNecessary = false });

    public IBackgroundJobClient Client => new BackgroundJobClient(Storage);
    public IRecurringJobManager Recurring => new RecurringJobManager(Storage);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    sealed class Connections(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}
