using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// Hangfire on our PostgreSQL: its tables in schema <c>hangfire</c>, the server in this app (optional by
/// <c>SociaalPlein:Jobs:RunServer</c>), the dashboard at <c>/hangfire</c> for beheerders. Designed against the
/// known Hangfire.PostgreSql pitfalls: sliding invisibility (a long job is never taken over by a second worker),
/// schema and recurring jobs set up under our migration lock (instances starting together do not race), and job
/// arguments that are ids only (the dashboard shows them). Job classes keep their names, most of them the Dutch words
/// of their dashboard id (kwartaal-nieuwsbrief: KwartaalNieuwsbriefJob): Hangfire stores the type's name with every
/// queued and retrying job, so a rename would strand those after a deploy. What they call is English, as all code.
/// </summary>
public static class BackgroundJobs
{
    public const string Schema = "hangfire";
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, IConfiguration config)
    {
        // Registered before AddHangfire, which otherwise falls back to the process-wide JobStorage.Current and
        // JobActivator.Current: one process may host several apps (the tests do), each on its own database.
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new DataSourceConnections(sp.GetRequiredService<NpgsqlDataSource>()), StorageOptions(config)));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (config.GetValue("SociaalPlein:Jobs:RunServer", defaultValue: true))
            // A few jobs a month and one small job per mail: four workers keep the connection pool free for pages.
            services.AddHangfireServer(o => o.WorkerCount = 4);

        services.AddSingleton<StaleEntries>();
        services.AddScoped<GidsVerificationRun>();
        services.AddScoped<GidsVerificatieJob>();
        return services;
    }

    /// <summary>How long a job fetched by an instance that died (killed, power lost) stays invisible before another takes it.</summary>
    public const string InvisibilityTimeoutSetting = "SociaalPlein:Jobs:InvisibilityTimeout";

    /// <summary>How often an idle worker asks the queue for work: a job waits at most this long for an instance to take it.</summary>
    public const string QueuePollIntervalSetting = "SociaalPlein:Jobs:QueuePollInterval";

    static PostgreSqlStorageOptions StorageOptions(IConfiguration config) => new()
    {
        SchemaName = Schema,
        // Installed by PrepareAsync under the migration lock instead of by every instance on its own.
        PrepareSchemaIfNecessary = false,
        // A worker keeps its job alive by heartbeat; InvisibilityTimeout only detects a dead worker.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = config.GetValue(InvisibilityTimeoutSetting, TimeSpan.FromMinutes(5)),
        // Hangfire's default: every idle worker of every instance polls, so shorter costs a query per worker and interval.
        QueuePollInterval = config.GetValue(QueuePollIntervalSetting, TimeSpan.FromSeconds(15)),
    };

    /// <summary>
    /// Runs while DatabaseStartup holds the migration lock: Hangfire's schema (as the owner), the application role's
    /// grants on it, then the recurring jobs (already as the role, through the app's data source).
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, NpgsqlConnection lockConnection, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        PostgreSqlObjectsInstaller.Install(lockConnection, Schema);
        await AppRole.GrantSchemaAsync(lockConnection, Schema, ct);
        RegisterRecurringJobs(services.GetRequiredService<IRecurringJobManager>());
        services.GetRequiredService<ILoggerFactory>().CreateLogger("SociaalPlein.Startup")
            .LogInformation("Hangfire schema '{Schema}' is current and the recurring jobs are registered", Schema);
    }

    // Every recurring job of the app, with its schedule in Europe/Amsterdam. A run missed while no server was up
    // happens once when one comes back (Hangfire's default misfire handling).
    static void RegisterRecurringJobs(IRecurringJobManager jobs)
    {
        var amsterdam = new RecurringJobOptions { TimeZone = PleinTime.Zone };
        jobs.AddOrUpdate<GidsVerificatieJob>(GidsVerificatieJob.Id, j => j.RunAsync(CancellationToken.None), GidsVerificatieJob.Cron, amsterdam);
        jobs.AddOrUpdate<ContactRetentionJob>(ContactRetentionJob.Id, j => j.RunAsync(CancellationToken.None), ContactRetentionJob.Cron, amsterdam);
        jobs.AddOrUpdate<VerwijzingMeldingJob>(VerwijzingMeldingJob.Id, j => j.RunAsync(CancellationToken.None), VerwijzingMeldingJob.Cron, amsterdam);
        jobs.AddOrUpdate<WachtwoordMailJob>(WachtwoordMailJob.Id, j => j.RunAsync(CancellationToken.None), WachtwoordMailJob.Cron, amsterdam);
        jobs.AddOrUpdate<KwartaalNieuwsbriefJob>(KwartaalNieuwsbriefJob.Id, j => j.RunAsync(CancellationToken.None), KwartaalNieuwsbriefJob.Cron, amsterdam);
        jobs.AddOrUpdate<NieuwsbriefBezorgingSweepJob>(NieuwsbriefBezorgingSweepJob.Id, j => j.RunAsync(CancellationToken.None), NieuwsbriefBezorgingSweepJob.Cron, amsterdam);
        jobs.AddOrUpdate<DatasetCijfersJob>(DatasetCijfersJob.Id, j => j.RunAsync(CancellationToken.None), DatasetCijfersJob.Cron, amsterdam);
    }

    /// <summary>The dashboard for beheerders only: the route needs the policy (anonymous: the login page; others: /account/geweigerd, a 403), and the
    /// explicit filter replaces Hangfire's default, which lets in any local request.</summary>
    public static IEndpointConventionBuilder MapJobDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new BeheerderOnly()],
            DashboardTitle = "Sociaal Plein · achtergrondtaken",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Roles.Beheerder);

    sealed class BeheerderOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Beheerder);
    }

    /// <summary>Hangfire's connections come from the app's own data source (same pool, same settings).</summary>
    sealed class DataSourceConnections(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}
