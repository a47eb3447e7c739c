using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests;

/// <summary>Starts the test run's PostgreSQL once, before any fixture, and removes it afterwards.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeSetUp]
    public Task StartDatabase() => TestDatabase.StartAsync();

    [OneTimeTearDown]
    public Task StopDatabase() => TestDatabase.StopAsync();
}
