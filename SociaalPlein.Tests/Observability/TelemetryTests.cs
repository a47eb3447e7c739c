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

    [TestCase("Production", "json")]
    [TestCase("Testing", "json")]
    [TestCase("Development", "simple")]
    public async Task Console_logs_are_json_lines_outside_development(string environment, string formatter)
    {
        await using var app = new AppFactory(Db, environment);

        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(options.FormatterName ?? "simple", Is.EqualTo(formatter));
    }

    // Only OpenTelemetry listens to these; the profiler listens to Npgsql and ASP.NET Core alone.
    static IEnumerable<string> OwnSourcesListenedTo() =>
        ObservabilitySetup.OwnActivitySources.Where(name =>
        {
            using var source = new ActivitySource(name);
            return source.HasListeners();
        }).ToList();
}
