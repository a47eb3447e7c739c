using System.Net;
using SociaalPlein.Data.Database;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

/// <summary>
/// Stops and restarts PostgreSQL under a running app. On a private cluster of this fixture's own, never the shared one
/// the other tests use.
/// </summary>
public sealed class ReadinessTests
{
    LocalPostgres? _cluster;
    string? _home;
    AppFactory? _app;

    LocalPostgres Cluster => _cluster ?? throw new InvalidOperationException("No cluster.");
    AppFactory App => _app ?? throw new InvalidOperationException("No app.");

    [OneTimeSetUp]
    public async Task StartPrivateCluster()
    {
        _home = await TestDatabase.NewClusterHomeAsync($"readiness-{Guid.NewGuid():N}"[..20]);
        try
        {
            _cluster = await LocalPostgres.StartAsync(_home, durable: false, TestContext.Progress.WriteLine);
        }
        catch (LocalPostgresException e)
        {
            Assert.Ignore($"Needs the machine's PostgreSQL binaries for a private cluster: {e.Message}");
        }
        await _cluster.EnsureDatabaseAsync("sociaalplein");
        // The app migrates its database at start-up, Hangfire's schema included, as in production.
        _app = new AppFactory(_cluster.ConnectionString("sociaalplein"));
        Assert.That((await _app.Browser().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [OneTimeTearDown]
    public async Task RemovePrivateCluster()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_home is not null && Directory.Exists(_home)) await LocalPostgres.RemoveAsync(_home);
    }

    [Test]
    public async Task Readiness_answers_503_while_the_database_is_stopped_and_200_again_after_it_restarts_without_restarting_the_app()
    {
        var browser = App.Browser();
        await FillThePoolAsync(browser);

        await Cluster.StopServerAsync();
        try
        {
            Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await browser.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await browser.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process still runs");
        }
        finally
        {
            await Cluster.StartServerAsync();
        }

        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await browser.GetAsync("/spreekuren")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Right_after_a_quick_database_restart_the_first_page_and_readiness_are_answered_not_failed()
    {
        var browser = App.Browser();
        await FillThePoolAsync(browser);

        // Nobody asks while it is down, so every idle connection in the pool is one the server has closed.
        await Cluster.StopServerAsync();
        await Cluster.StartServerAsync();

        Assert.That((await browser.GetAsync("/spreekuren")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a GET runs once more on a fresh connection");

        await Cluster.StopServerAsync();
        await Cluster.StartServerAsync();

        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "readiness reads once more too");
    }

    // Several requests at once leave several idle connections in the pool.
    static async Task FillThePoolAsync(HttpClient browser)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => browser.GetAsync("/spreekuren")));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
    }
}
