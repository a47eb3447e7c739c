using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>Healthy only when PostgreSQL answers a query (once more on a fresh connection when a pooled one was broken).</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await ConnectionRecovery.ReadAsync(db, async token =>
            {
                await using var cmd = db.CreateCommand("SELECT 1");
                return await cmd.ExecuteScalarAsync(token);
            }, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The reason goes to the log only; /health answers with a status, never with internals.
            return HealthCheckResult.Unhealthy("Database unreachable", e);
        }
    }
}
