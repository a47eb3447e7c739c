using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Observability;

public sealed class TelemetryTests : DatabaseFixture
{
    [Test]
    public async Task Without_an_otlp_endpoint_nothing_is_traced_or_exported()
    {
        await using var app = new AppFactory(Db);
        await app.Browser().GetAsync("/health/live");

        Assert.That(app.Services.GetService<TracerProvider>(), Is.Null);
        Assert.That(app.Services.GetService<MeterProvider>(), Is.Null);
        Assert.That(OwnSourcesListenedTo(), Is.Empty);
    }

    [Test]
    public async Task With_an_otlp_endpoint_requests_database_and_our_own_work_are_traced()
    {
        // Nothing listens on this loopback port: the exporter's failures are its own business, never the app's.
        await using var app = new AppFactory(Db, settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });
        await app.Browser().GetAsync("/health/live");

        Assert.That(app.Services.GetService<TracerProvider>(), Is.Not.Null);
        Assert.That(app.Services.GetService<MeterProvider>(), Is.Not.Null);
        Assert.That(OwnSourcesListenedTo(), Is.EquivalentTo(new[] { "SociaalPlein.Nieuwsbrief", "SociaalPlein.Export" }));
    }

    [Test]
    public async Task A_traced_request_names_its_page_never_its_address()
    {
        // The host stops the request's activity after the response went out: wait for it.
        var stopped = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => stopped.TrySetResult(a),
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new AppFactory(Db, settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });

        await app.Browser().GetAsync("/bezoekers/B-2026-4242");

        var request = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(request.GetTagItem("url.path"), Is.EqualTo("/Bezoekers/Index"));
        Assert.That(request.TagObjects.Select(t => t.Value?.ToString()).Append(request.DisplayName), Has.None.Contains("B-2026-4242"));
    }

    [TestCase("Production", "json")]
    [TestCase("Testing", "json")]
    [TestCase("Development", "simple")]
    public async Task Console_logs_are_json_lines_outside_development(string environment, string formatter)
    {
        await using var app = new AppFactory(Db, environment);

        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(options.FormatterName ?? "simple", Is.EqualTo(formatter));
    }

    [Test]
    public async Task A_log_format_in_the_configuration_wins()
    {
        await using var app = new AppFactory(Db, "Production", settings: new Dictionary<string, string>
        {
            ["Logging:Console:FormatterName"] = "simple",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(options.FormatterName, Is.EqualTo("simple"));
    }

    // Only OpenTelemetry listens to these; the profiler listens to Npgsql and ASP.NET Core alone.
    static IEnumerable<string> OwnSourcesListenedTo() =>
        ObservabilitySetup.OwnActivitySources.Where(name =>
        {
            using var source = new ActivitySource(name);
            return source.HasListeners();
        }).ToList();
}
