using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

public sealed class HealthEndpointTests
{
    [Test]
    public async Task Live_ready_and_health_answer_200_anonymously_on_a_current_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);
        var browser = app.Browser();

        foreach (var url in new[] { "/health", "/health/live", "/health/ready" })
        {
            var response = await browser.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"), url);
        }
    }

    [Test]
    public async Task Readiness_answers_503_while_a_migration_of_this_build_is_not_applied()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);
        var browser = app.Browser();
        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // As if the newest script had not run: this build's code would meet a schema older than itself.
        await ExecuteAsync(db, "DELETE FROM schema_migration WHERE scriptname = (SELECT max(scriptname) FROM schema_migration)");

        var ready = await browser.GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"), "a status only, never which script");
        Assert.That((await browser.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "/health asks the database only");
    }

    [Test]
    public async Task Readiness_answers_503_when_the_job_storage_cannot_be_read()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);
        var browser = app.Browser();
        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await ExecuteAsync(db, "DROP SCHEMA hangfire CASCADE");

        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Liveness_asks_nothing_of_the_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);
        var browser = app.Browser();
        await browser.GetAsync("/health/live");

        await TestDatabase.ExecuteOnServerAsync($"DROP DATABASE \"{db.Name}\" WITH (FORCE)");

        Assert.That((await browser.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    static async Task ExecuteAsync(FixtureDatabase db, string sql)
    {
        await using var cmd = db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
