using Npgsql;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>How the app talks to PostgreSQL; the benchmarks use the same, so their floor is comparable.</summary>
public static class DataSourceSettings
{
    public static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Dapper does not prepare statements; Npgsql's auto-prepare does it for statements that repeat, which
        // saves PostgreSQL re-planning them (the gids search took 10 ms to plan; see docs/benchmarks.md).
        builder.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(builder.ConnectionStringBuilder.MaxAutoPrepare, 64);
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return builder.Build();
    }
}
