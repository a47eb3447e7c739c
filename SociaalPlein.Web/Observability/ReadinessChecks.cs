using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Observability;

/// <summary>Ready only when Hangfire's storage answers: its tables in our database can be read.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage, NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // Hangfire's storage API is synchronous; its connections come from our data source.
            await ConnectionRecovery.ReadAsync(db, token => Task.Run(() =>
            {
                using var connection = storage.GetConnection();
                return connection is JobStorageConnection counted
                    ? counted.GetSetCount("recurring-jobs")
                    : connection.GetAllItemsFromSet("recurring-jobs").Count;
            }, token), ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Job storage unreachable", e);
        }
    }
}

/// <summary>Ready only when every migration this build carries has been applied to the database.</summary>
public sealed class MigrationsHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await ConnectionRecovery.ReadAsync(db, token => Migrations.PendingAsync(db, token), ct);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Migrations unknown: database unreachable", e);
        }
    }
}
