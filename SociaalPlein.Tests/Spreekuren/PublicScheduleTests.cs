using System.Net;
using Dapper;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Spreekuren;

public sealed class PublicScheduleTests : AppFixture
{
    int _plein;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Rooster");
        var other = await Arrange.PleinAsync(Db, "Plein Elders");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var org = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO organisation (name, domein) VALUES ('Schuldhulp Zuid', 'sociaal') RETURNING id");
        var pro = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function) VALUES (@org, 'Fatima El Amrani', 'Schuldhulpverlener') RETURNING id
            """, new { org });
        var financien = await conn.ExecuteScalarAsync<int>("SELECT id FROM leefgebied WHERE code = 'financien'");
        const string insert = """
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at,
                                   location, valid_from, valid_until)
            VALUES (@plein, @org, @pro, @kind, @title, @weekday, @starts, @ends, 'Spreekkamer 2', @from, @until)
            RETURNING id
            """;
        var since = new DateOnly(2020, 1, 1);
        var geld = await conn.ExecuteScalarAsync<int>(insert, new { plein = _plein, org, pro, kind = "spreekuur", title = "Geldzaken op orde",
            weekday = 2, starts = new TimeOnly(9, 30), ends = new TimeOnly(11, 0), from = since, until = (DateOnly?)null });
        await conn.ExecuteAsync(insert, new { plein = _plein, org, pro, kind = "inloop", title = "Verlopen inloop",
            weekday = 3, starts = new TimeOnly(13, 0), ends = new TimeOnly(15, 0), from = since, until = (DateOnly?)new DateOnly(2021, 1, 1) });
        await conn.ExecuteAsync(insert, new { plein = other, org, pro = (int?)null, kind = "inloop", title = "Inloop elders",
            weekday = 4, starts = new TimeOnly(10, 0), ends = new TimeOnly(12, 0), from = since, until = (DateOnly?)null });
        await conn.ExecuteAsync("INSERT INTO spreekuur_leefgebied VALUES (@geld, @financien)", new { geld, financien });
    }

    [Test]
    public async Task Public_schedule_shows_organisation_time_place_and_leefgebied()
    {
        var html = await App.Browser().GetStringAsync("/spreekuren");

        Assert.That(html, Does.Contain("Geldzaken op orde"));
        Assert.That(html, Does.Contain("Schuldhulp Zuid"));
        Assert.That(html, Does.Contain("09:30–11:00"));
        Assert.That(html, Does.Contain("Spreekkamer 2"));
        Assert.That(html, Does.Contain("Financiën"));
        Assert.That(html, Does.Contain("Dinsdag"));
    }

    [Test]
    public async Task Public_schedule_never_shows_the_name_of_a_professional()
    {
        var html = await App.Browser().GetStringAsync("/spreekuren");

        Assert.That(html, Does.Not.Contain("Fatima"));
        Assert.That(html, Does.Not.Contain("El Amrani"));
    }

    [Test]
    public async Task A_spreekuur_past_its_end_date_is_not_shown()
    {
        var html = await App.Browser().GetStringAsync("/spreekuren");

        Assert.That(html, Does.Not.Contain("Verlopen inloop"));
    }

    [Test]
    public async Task Choosing_a_plein_shows_only_that_plein()
    {
        var html = await App.Browser().GetStringAsync($"/spreekuren?plein={_plein}");

        Assert.That(html, Does.Contain("Geldzaken op orde"));
        Assert.That(html, Does.Not.Contain("Inloop elders"));
    }

    [TestCase("999999")]
    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1%27%20OR%201%3D1")]
    public async Task An_unknown_or_malformed_plein_shows_every_plein_instead_of_an_error(string plein)
    {
        var response = await App.Browser().GetAsync($"/spreekuren?plein={plein}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("Geldzaken op orde"));
        Assert.That(html, Does.Contain("Inloop elders"));
    }

    [Test]
    public void Iso_weekday_counts_monday_as_1_and_sunday_as_7()
    {
        Assert.That(PleinTime.IsoWeekday(new DateOnly(2026, 11, 23)), Is.EqualTo(1));
        Assert.That(PleinTime.IsoWeekday(new DateOnly(2026, 11, 29)), Is.EqualTo(7));
    }
}
