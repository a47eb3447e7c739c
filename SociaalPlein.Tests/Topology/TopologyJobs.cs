using Hangfire;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Npgsql;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Topology;

/// <summary>Hangfire's client on the topology's job storage, as an instance has it, for a test to enqueue and schedule through.</summary>
public sealed class TopologyJobs : IAsyncDisposable
{
    readonly NpgsqlDataSource _dataSource;

    public TopologyJobs(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    JobStorage Storage => NoLogs.Install(new PostgreSqlStorage(new Connections(_dataSource),
        new PostgreSqlStorageOptions { SchemaName = BackgroundJobs.Schema, PrepareSchemaIfNecessary = false }));

    public IBackgroundJobClient Client => new BackgroundJobClient(Storage);
    public IRecurringJobManager Recurring => new RecurringJobManager(Storage);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Hangfire's log provider is process-wide: an app of an earlier test fixture left its own, its logger factory
    /// disposed since, and Hangfire's client asks it for a logger. This client logs nothing worth keeping.
    /// </summary>
    sealed class NoLogs : ILogProvider, ILog
    {
        public static T Install<T>(T storage)
        {
            LogProvider.SetCurrentLogProvider(new NoLogs());
            return storage;
        }

        public ILog GetLogger(string name) => this;
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    sealed class Connections(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}
