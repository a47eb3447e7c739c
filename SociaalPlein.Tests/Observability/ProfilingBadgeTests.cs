using System.Text.RegularExpressions;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

public sealed partial class ProfilingBadgeTests : DatabaseFixture
{
    const string SearchValue = "Zoekwaardeuniek";

    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Sociaal Plein Badge");
        await Arrange.UserAsync(Db, "beheer@badge.nl", "beheerder", pleinIds: [plein]);
        await Arrange.UserAsync(Db, "prof@badge.nl", pleinIds: [plein]);
    }

    [Test]
    public async Task A_beheerder_sees_the_badge_with_this_requests_commands_but_outside_development_no_sql_text()
    {
        await using var app = new AppFactory(Db, environment: "Production");

        var badge = await BadgeOnAsync(app, "beheer@badge.nl", $"/gids?q={SearchValue}");

        Assert.That(badge, Is.Not.Null);
        Assert.That(BadgeSummary().Match(badge!).Groups["n"].Value, Is.Not.EqualTo("0"), "the gids search counts its commands");
        Assert.That(badge, Does.Not.Contain("SELECT"));
        Assert.That(badge, Does.Not.Contain("Parameters:"));
        Assert.That(badge, Does.Contain("/beheer/prestaties"));
    }

    [TestCase("Production")]
    [TestCase("Testing")]
    public async Task A_professional_outside_development_sees_no_badge(string environment)
    {
        await using var app = new AppFactory(Db, environment);

        Assert.That(await BadgeOnAsync(app, "prof@badge.nl", "/gids"), Is.Null);
    }

    [Test]
    public async Task An_anonymous_visitor_outside_development_sees_no_badge()
    {
        await using var app = new AppFactory(Db);

        var html = await app.Browser().GetStringAsync("/spreekuren");

        Assert.That(html, Does.Not.Contain("prestatiebadge"));
    }

    [Test]
    public async Task In_development_everyone_sees_the_badge_with_sql_text_and_parameter_names_never_values()
    {
        await using var app = new AppFactory(Db, environment: "Development");

        var badge = await BadgeOnAsync(app, "prof@badge.nl", $"/gids?q={SearchValue}");

        Assert.That(badge, Is.Not.Null);
        Assert.That(badge, Does.Contain("SELECT"));
        Assert.That(badge, Does.Contain("Parameters: "));
        Assert.That(badge, Does.Contain("@TsQuery"));
        Assert.That(badge, Does.Not.Contain(SearchValue).IgnoreCase);
        Assert.That(badge, Does.Not.Contain("prof@badge.nl"), "the session check's parameter value");
    }

    [Test]
    public async Task The_badge_is_opened_without_script()
    {
        await using var app = new AppFactory(Db, environment: "Development");

        var html = await app.Browser().GetStringAsync("/spreekuren");

        var badge = Badge().Match(html).Value;
        Assert.That(badge, Does.StartWith("<details"));
        Assert.That(badge, Does.Not.Contain("<script").And.Not.Contain("onclick"));
    }

    static async Task<string?> BadgeOnAsync(AppFactory app, string email, string url)
    {
        var browser = app.Browser();
        await browser.LogInAsync(email, Arrange.Password);
        var html = await browser.GetStringAsync(url);
        var badge = Badge().Match(html);
        return badge.Success ? badge.Value : null;
    }

    [GeneratedRegex("""<details class="prestatiebadge".*?</details>""", RegexOptions.Singleline)]
    private static partial Regex Badge();

    [GeneratedRegex("""<summary[^>]*>[^<]* · (?<n>\d+) SQL</summary>""")]
    private static partial Regex BadgeSummary();
}
