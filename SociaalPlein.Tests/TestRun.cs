using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests;

/// <summary>Starts the test run's PostgreSQL once, before any fixture, and removes it afterwards.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeSetUp]
    public Task StartDatabase()
    {
        // Every app instance of the run watches its files (asp-append-version, appsettings); with inotify that is one
        // instance each, and the user-wide limit (128, shared with every other test run on the machine) ran out midway,
        // failing pages with 500. Polling watchers use none.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        return TestDatabase.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopDatabase()
    {
        await Benchmarks.BenchmarkRegion.DropAsync();
        await TestDatabase.StopAsync();
    }
}
