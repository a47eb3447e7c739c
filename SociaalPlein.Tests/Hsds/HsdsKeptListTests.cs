using Dapper;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>
/// The lists' kept totals and bookmarks (HsdsDirectory.Paging): with a bookmark every 3 keys, so that the demo's pairs
/// span many of them, every page holds what plain SQL of the pairs in order holds at its place, and the total stays the
/// plain count after each kind of directory change and after a spreekuur's last day has passed. One directory for the
/// whole class, as the app has one: what it kept from an earlier read must not show through.
/// </summary>
public sealed class HsdsKeptListTests : DatabaseFixture
{
    static readonly DateOnly Today = new(2026, 3, 16);
    static readonly HsdsScope Colleague = new(null, false, Today);

    HsdsDirectory _directory = null!;

    protected override async Task ArrangeAsync()
    {
        await GidsApiArrange.SeedDemoAsync(Db);
        _directory = new HsdsDirectory(Db.DataSource) { BookmarkGap = 3 };
    }

    // Written out on its own, not from HsdsDirectory's text: a professional (active, of an active organisation) is at an
    // active plein when linked to it or holding a spreekuur there that has not ended, each pair once, in pair order.
    const string PairsInOrder = """
        SELECT hsds_id('service-at-location', sal.professional_id::text || ':' || sal.plein_id::text)::text
        FROM (SELECT professional_id, plein_id FROM professional_plein
              UNION
              SELECT professional_id, plein_id FROM spreekuur
              WHERE professional_id IS NOT NULL AND active AND (valid_until IS NULL OR valid_until >= @today)) sal
        JOIN plein pl ON pl.id = sal.plein_id AND pl.active
        JOIN professional p ON p.id = sal.professional_id AND p.active
        JOIN organisation o ON o.id = p.organisation_id AND o.active
        WHERE (@plein::int IS NULL OR sal.plein_id = @plein)
        ORDER BY sal.professional_id, sal.plein_id
        """;

    Task<List<string>> ExpectedPairsAsync(DateOnly today, int? plein = null) =>
        HsdsArrange.ListAsync<string>(Db, PairsInOrder, new { today, plein });

    async Task<(int Total, List<string> Ids)> EveryPageAsync(HsdsScope scope, int perPage)
    {
        var ids = new List<string>();
        var totals = new HashSet<int>();
        for (var page = 1; ; page++)
        {
            var read = await _directory.ServiceAtLocationsAsync(new HsdsFilter(), scope, HsdsDepth.List, page, perPage);
            totals.Add(read.TotalItems);
            ids.AddRange(read.Contents.Select(s => s.Id));
            if (read.LastPage || read.Empty) break;
        }
        Assert.That(totals, Has.Count.EqualTo(1), "one total on every page");
        return (totals.Single(), ids);
    }

    async Task<int> TotalAsync(HsdsScope scope) =>
        (await _directory.ServiceAtLocationsAsync(new HsdsFilter(), scope, HsdsDepth.List, 1, 2)).TotalItems;

    async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary>An active professional and an active plein they are neither linked to nor hold a spreekuur at.</summary>
    static Task<(int Professional, int Organisation, int Plein)> ProfessionalAndPleinApartAsync(Npgsql.NpgsqlConnection conn, string order) =>
        conn.QueryFirstAsync<(int, int, int)>($"""
            SELECT p.id, p.organisation_id, pl.id
            FROM professional p JOIN organisation o ON o.id = p.organisation_id CROSS JOIN plein pl
            WHERE p.active AND o.active AND pl.active
              AND NOT EXISTS (SELECT 1 FROM professional_plein pp WHERE pp.professional_id = p.id AND pp.plein_id = pl.id)
              AND NOT EXISTS (SELECT 1 FROM spreekuur s WHERE s.professional_id = p.id AND s.plein_id = pl.id)
            ORDER BY {order}, pl.id LIMIT 1
            """);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(7)]
    public async Task Every_page_holds_the_pairs_plain_SQL_gives_at_its_place(int perPage)
    {
        var expected = await ExpectedPairsAsync(Today);

        // Twice: the first walk counts and keeps the bookmarks, the second reads every page from them.
        var first = await EveryPageAsync(Colleague, perPage);
        var again = await EveryPageAsync(Colleague, perPage);

        Assert.That(expected, Has.Count.GreaterThan(3 * 3), "the demo's pairs span several bookmarks");
        Assert.Multiple(() =>
        {
            Assert.That(first.Ids, Is.EqualTo(expected));
            Assert.That(again.Ids, Is.EqualTo(expected));
            Assert.That(first.Total, Is.EqualTo(expected.Count));
            Assert.That(again.Total, Is.EqualTo(expected.Count));
        });
    }

    [Test]
    public async Task A_page_past_the_end_is_empty_with_the_same_total()
    {
        var expected = await ExpectedPairsAsync(Today);
        await TotalAsync(Colleague);

        var past = await _directory.ServiceAtLocationsAsync(new HsdsFilter(), Colleague, HsdsDepth.List, expected.Count + 1, 1);
        var deep = await _directory.ServiceAtLocationsAsync(new HsdsFilter(), Colleague, HsdsDepth.List, 1000, 50);

        Assert.Multiple(() =>
        {
            Assert.That(past.Empty && deep.Empty);
            Assert.That(past.TotalItems, Is.EqualTo(expected.Count));
            Assert.That(deep.TotalItems, Is.EqualTo(expected.Count));
        });
    }

    [Test]
    public async Task A_keys_plein_pages_its_own_pairs_in_order()
    {
        var plein = await GidsApiArrange.PleinIdAsync(Db, "Sociaal Plein Nieuwland");
        var expected = await ExpectedPairsAsync(Today, plein);

        var read = await EveryPageAsync(new HsdsScope(plein, false, Today), 2);

        Assert.That(read.Ids, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_total_follows_every_kind_of_directory_change()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var (professional, organisation, unlinked) = await ProfessionalAndPleinApartAsync(conn, "p.id");
        var pleinen = (await conn.QueryAsync<int>("SELECT id FROM plein WHERE active ORDER BY id")).ToList();
        var changes = new (string What, string Sql)[]
        {
            ("a professional linked to another plein",
                "INSERT INTO professional_plein (professional_id, plein_id) VALUES (@professional, @unlinked)"),
            ("that link removed", "DELETE FROM professional_plein WHERE professional_id = @professional AND plein_id = @unlinked"),
            ("a spreekuur at a plein the professional is not linked to", """
                INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
                VALUES (@unlinked, @organisation, @professional, 'spreekuur', 'Spreekuur', 2, '09:00', '10:00', DATE '2026-01-01')
                """),
            ("that spreekuur ended yesterday", "UPDATE spreekuur SET valid_until = DATE '2026-03-15' WHERE professional_id = @professional AND plein_id = @unlinked"),
            ("that spreekuur running again", "UPDATE spreekuur SET valid_until = NULL WHERE professional_id = @professional AND plein_id = @unlinked"),
            ("that spreekuur switched off", "UPDATE spreekuur SET active = false WHERE professional_id = @professional AND plein_id = @unlinked"),
            ("the professional inactive", "UPDATE professional SET active = false WHERE id = @professional"),
            ("the professional active again", "UPDATE professional SET active = true WHERE id = @professional"),
            ("the organisation inactive", "UPDATE organisation SET active = false WHERE id = @organisation"),
            ("the organisation active again", "UPDATE organisation SET active = true WHERE id = @organisation"),
            ("a plein closed", "UPDATE plein SET active = false WHERE id = @first"),
            ("the plein open again", "UPDATE plein SET active = true WHERE id = @first"),
        };

        await TotalAsync(Colleague);
        var seen = new List<int>();
        foreach (var (what, sql) in changes)
        {
            await conn.ExecuteAsync(sql, new { professional, organisation, unlinked, first = pleinen[0] });
            var expected = (await ExpectedPairsAsync(Today)).Count;
            seen.Add(expected);
            Assert.That(await TotalAsync(Colleague), Is.EqualTo(expected), $"after {what}");
            Assert.That((await EveryPageAsync(Colleague, 4)).Ids, Is.EqualTo(await ExpectedPairsAsync(Today)), $"the pages after {what}");
        }
        Assert.That(seen.Distinct().Count(), Is.GreaterThan(2), "the changes changed the total");
    }

    [Test]
    public async Task A_spreekuur_drops_out_the_day_after_its_last_day_without_any_directory_change()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var (professional, organisation, unlinked) = await ProfessionalAndPleinApartAsync(conn, "p.id DESC");
        await conn.ExecuteAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from, valid_until)
            VALUES (@unlinked, @organisation, @professional, 'inloop', 'Laatste inloop', 1, '13:00', '15:00', DATE '2026-01-01', @Today)
            """, new { unlinked, organisation, professional, Today });
        var lastDay = Colleague;
        var dayAfter = Colleague with { Today = Today.AddDays(1) };

        var onItsLastDay = await TotalAsync(lastDay);
        var theDayAfter = await TotalAsync(dayAfter);
        var pagesTheDayAfter = (await EveryPageAsync(dayAfter, 3)).Ids;

        Assert.Multiple(async () =>
        {
            Assert.That(onItsLastDay, Is.EqualTo((await ExpectedPairsAsync(Today)).Count));
            Assert.That(theDayAfter, Is.EqualTo((await ExpectedPairsAsync(Today.AddDays(1))).Count));
            Assert.That(theDayAfter, Is.EqualTo(onItsLastDay - 1));
            Assert.That(pagesTheDayAfter, Is.EqualTo(await ExpectedPairsAsync(Today.AddDays(1))));
        });
    }

    [Test]
    public async Task A_keys_organisations_follow_their_links_to_its_plein()
    {
        var plein = await GidsApiArrange.PleinIdAsync(Db, "Sociaal Plein Nieuwland");
        var key = new HsdsScope(plein, false, Today);
        const string Linked = """
            SELECT count(*)::int FROM organisation o
            WHERE o.active AND EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @plein)
            """;
        var outside = await HsdsArrange.ScalarAsync<int>(Db, """
            SELECT id FROM organisation o WHERE active
              AND NOT EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @plein)
            ORDER BY id LIMIT 1
            """, new { plein });
        var before = (await _directory.OrganizationsAsync("", key, HsdsDepth.List, false, 1, 1)).TotalItems;

        await ExecuteAsync("INSERT INTO organisation_plein (organisation_id, plein_id) VALUES (@outside, @plein)", new { outside, plein });
        var linked = (await _directory.OrganizationsAsync("", key, HsdsDepth.List, false, 1, 1)).TotalItems;
        await ExecuteAsync("DELETE FROM organisation_plein WHERE organisation_id = @outside AND plein_id = @plein", new { outside, plein });
        var unlinked = (await _directory.OrganizationsAsync("", key, HsdsDepth.List, false, 1, 1)).TotalItems;

        Assert.Multiple(() =>
        {
            Assert.That(linked, Is.EqualTo(before + 1));
            Assert.That(unlinked, Is.EqualTo(before));
        });
        Assert.That(unlinked, Is.EqualTo(await HsdsArrange.ScalarAsync<int>(Db, Linked, new { plein })));
    }

    [Test]
    public async Task Modified_after_follows_a_change_written_only_to_the_history() =>
        await ModifiedAfterFindsOnlyAsync(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), (professional, since) => ExecuteAsync("""
            INSERT INTO directory_change (entity_type, entity_id, field, old_value, new_value, changed_at)
            VALUES ('professional', @professional, 'about', 'oud', 'nieuw', @since)
            """, new { professional, since }));

    [Test]
    public async Task Modified_after_follows_an_entry_confirmed_unchanged_which_leaves_the_gids_version_alone()
    {
        var version = await HsdsArrange.ScalarAsync<long>(Db, "SELECT version FROM directory_version");

        // What the profile's "klopt nog" writes: the confirmation and updated_at, no history and nothing the gids keeps.
        // Later than the history the test above writes, so that only this change is after it.
        await ModifiedAfterFindsOnlyAsync(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), (professional, since) => ExecuteAsync(
            "UPDATE professional SET verified_at = now(), updated_at = @stamped WHERE id = @professional",
            new { professional, stamped = since.AddDays(1).UtcDateTime }));

        Assert.That(await HsdsArrange.ScalarAsync<long>(Db, "SELECT version FROM directory_version"), Is.EqualTo(version),
            "the gids's kept searches stay");
    }

    /// <summary>
    /// With <paramref name="since"/> after everything stored, the services modified after it are none; after
    /// <paramref name="change"/> to the first active professional they are that professional alone, read from the
    /// same kept list.
    /// </summary>
    async Task ModifiedAfterFindsOnlyAsync(DateTimeOffset since, Func<int, DateTimeOffset, Task> change)
    {
        var filter = new HsdsFilter(ModifiedAfter: since);
        var professional = await HsdsArrange.ScalarAsync<int>(Db, """
            SELECT p.id FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active ORDER BY p.id LIMIT 1
            """);
        var before = await _directory.ServicesAsync(filter, Colleague, HsdsDepth.List, 1, 10);

        await change(professional, since);
        var after = await _directory.ServicesAsync(filter, Colleague, HsdsDepth.List, 1, 10);

        Assert.Multiple(() =>
        {
            Assert.That(before.TotalItems, Is.Zero);
            Assert.That(after.TotalItems, Is.EqualTo(1));
            Assert.That(after.Contents.Select(s => s.Id), Is.EqualTo(new[] { HsdsIds.For("professional", professional) }));
        });
    }
}
