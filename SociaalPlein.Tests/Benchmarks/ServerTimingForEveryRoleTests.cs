using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Observability;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The page sweep's measuring hook: in a benchmark's app a professional gets the Server-Timing header a beheerder gets,
/// counting exactly the commands the page ran; the app without the hook still shows it to nobody but a beheerder.
/// </summary>
public sealed class ServerTimingForEveryRoleTests : AppFixture
{
    const string Professional = "prof@alle-rollen.nl";

    protected override Action<IServiceCollection> TestServices => ServerTimingForEveryRole.AddTo;

    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Sociaal Plein Alle Rollen");
        await Arrange.UserAsync(Db, Professional, pleinIds: [plein]);
    }

    [Test]
    public async Task A_professional_gets_the_apps_server_timing_with_every_command_of_the_page_counted()
    {
        using var browser = App.Browser();
        await browser.LogInAsync(Professional, Arrange.Password);
        await browser.GetAsync("/spreekuren");
        using var counter = new SqlCommandCounter(Db.Name);

        var response = await browser.GetAsync("/spreekuren");

        var timing = ServerTimingTests.ServerTiming(response);
        // The schedule's two commands and the session check.
        Assert.That(counter.Count, Is.EqualTo(3));
        Assert.That(timing.Queries, Is.EqualTo(counter.Count));
        Assert.That(timing.AppMs, Is.GreaterThanOrEqualTo(timing.DbMs));
    }

    [Test]
    public async Task Without_the_hook_the_app_shows_a_professional_no_server_timing()
    {
        await using var plain = new AppFactory(Db);
        using var browser = plain.Browser();
        await browser.LogInAsync(Professional, Arrange.Password);

        var response = await browser.GetAsync("/spreekuren");

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(response.Headers.Contains(ServerTimingForEveryRole.Header), Is.False);
    }
}
