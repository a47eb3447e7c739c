using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Web;

public sealed class HomePageTests
{
    // A Tuesday, 10:00 in Amsterdam.
    static readonly FakeTimeProvider Tuesday = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Signed_in_professional_sees_todays_spreekuren_of_their_own_plein_only()
    {
        await using var db = await TestDatabase.CreateAsync();
        var mine = await Arrange.PleinAsync(db, "Mijn Plein");
        var other = await Arrange.PleinAsync(db, "Ander Plein");
        await Arrange.UserAsync(db, "thuis@test.nl", pleinIds: [mine]);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            var org = await conn.ExecuteScalarAsync<int>("INSERT INTO organisation (name, domein) VALUES ('Taalhuis', 'welzijn') RETURNING id");
            await conn.ExecuteAsync("""
                INSERT INTO spreekuur (plein_id, organisation_id, kind, title, weekday, starts_at, ends_at, valid_from) VALUES
                    (@mine,  @org, 'inloop',    'Taalcafé',           2, '14:00', '16:00', DATE '2020-01-01'),
                    (@mine,  @org, 'spreekuur', 'Woensdagspreekuur',  3, '09:00', '10:00', DATE '2020-01-01'),
                    (@other, @org, 'inloop',    'Taalcafé elders',    2, '10:00', '12:00', DATE '2020-01-01')
                """, new { mine, other, org });
        }
        await using var app = new AppFactory(db, clock: Tuesday);
        var browser = app.Browser();
        await browser.LogInAsync("thuis@test.nl", Arrange.Password);

        var html = await browser.GetStringAsync("/");

        Assert.That(html, Does.Contain("Welkom, thuis"));
        Assert.That(html, Does.Contain("Mijn Plein"));
        Assert.That(html, Does.Contain("Taalcafé"));
        Assert.That(html, Does.Not.Contain("Woensdagspreekuur"));
        Assert.That(html, Does.Not.Contain("Taalcafé elders"));
    }

    [Test]
    public async Task Anonymous_visitor_sees_the_public_welcome_with_links_to_schedule_and_login()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);

        var html = await app.Browser().GetStringAsync("/");

        Assert.That(html, Does.Contain("Welkom bij het Sociaal Plein"));
        Assert.That(html, Does.Contain("href=\"/spreekuren\""));
        Assert.That(html, Does.Contain("href=\"/account/inloggen\""));
    }
}
