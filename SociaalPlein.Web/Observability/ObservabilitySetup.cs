using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Observability;

/// <summary>
/// Telemetry and health: per-request profiling (<see cref="RequestProfiler"/>), health endpoints for a load
/// balancer, OpenTelemetry by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and JSON console logs outside
/// Development.
/// </summary>
public static class ObservabilitySetup
{
    /// <summary>Our own activity sources: newsletter rendering and exports.</summary>
    public static readonly string[] OwnActivitySources = ["SociaalPlein.Nieuwsbrief", "SociaalPlein.Export"];

    const string Simple = "simple";
    const string Ready = "ready";
    // A load balancer asks often and wants an answer fast; a database that does not answer in time is not ready.
    static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddSingleton<RecentPerformance>();
        services.AddSingleton(sp => new RequestProfiler(sp.GetRequiredService<RecentPerformance>(), development: env.IsDevelopment(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RequestProfiler>>()));

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Simple, Ready], timeout: CheckTimeout)
            .AddCheck<JobStorageHealthCheck>("hangfire", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready], timeout: CheckTimeout);

        // One JSON object per line for a log collector; Development keeps the readable console. A formatter named in
        // the configuration (Logging:Console:FormatterName) wins.
        if (!env.IsDevelopment() && string.IsNullOrEmpty(config["Logging:Console:FormatterName"]))
            services.AddLogging(logging => logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            }));

        if (!string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            AddOpenTelemetry(services, config);
        return services;
    }

    // The OTLP exporter reads the endpoint, headers and protocol from the standard OTEL_* settings itself.
    static void AddOpenTelemetry(IServiceCollection services, IConfiguration config)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                if (string.IsNullOrWhiteSpace(config["OTEL_SERVICE_NAME"])) r.AddService("sociaalplein");
            })
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    // A load balancer's health probes would drown the traces that matter.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    // The page, not the address: an address can hold a visitor code (docs/security.md).
                    o.EnrichWithHttpResponse = (activity, response) =>
                        activity.SetTag("url.path", RequestProfilingMiddleware.RouteOf(response.HttpContext));
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(OwnActivitySources)
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddOtlpExporter())
            .WithLogging(l => l.AddOtlpExporter());
    }

    /// <summary>
    /// Profiling (the Server-Timing header, the badge, /beheer/prestaties), then one more try for a GET whose pooled
    /// database connection was broken. Placed inside the exception handler, so a second failure still gets the error page.
    /// </summary>
    public static IApplicationBuilder UseRequestProfiling(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestProfilingMiddleware>().UseMiddleware<SafeReadRetry>();

    /// <summary>
    /// <c>/health</c> (the database answers), <c>/health/live</c> (the process runs; nothing else is asked) and
    /// <c>/health/ready</c> (database, Hangfire's storage, migrations current): status only, for anyone.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Simple) }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
    }
}
