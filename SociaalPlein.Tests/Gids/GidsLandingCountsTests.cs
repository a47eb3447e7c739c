using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

/// <summary>
/// The state the gids keeps for speed (db/0043): each professional's facet keys, the directory version, and the landing
/// page's counts kept per version in the search instance. Each must follow every directory change at once.
/// </summary>
public sealed class GidsLandingCountsTests : DatabaseFixture
{
    static readonly GidsMoment Tuesday10 = new(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));

    int _plein, _otherPlein, _wijk, _medisch, _sociaal;
    readonly List<int> _professionals = [];

    protected override async Task ArrangeAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        _plein = await Arrange.PleinAsync(Db, "Plein Noord");
        _otherPlein = await Arrange.PleinAsync(Db, "Plein Zuid");
        _wijk = await conn.ExecuteScalarAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@_plein, 'Centrum') RETURNING id", new { _plein });
        _medisch = await conn.ExecuteScalarAsync<int>("INSERT INTO organisation (name, domein) VALUES ('Praktijk Noord', 'medisch') RETURNING id");
        _sociaal = await conn.ExecuteScalarAsync<int>("INSERT INTO organisation (name, domein) VALUES ('Wijkteam Noord', 'sociaal') RETURNING id");
        foreach (var (name, organisation, leefgebieden, languages) in new[]
                 {
                     ("Anna Smit", _medisch, new[] { "lichamelijke_gezondheid" }, new[] { "nl" }),
                     ("Bram Kok", _sociaal, ["financien", "huisvesting"], ["nl", "ar"]),
                     ("Chaima Ouali", _sociaal, ["financien"], ["nl", "ar", "fr"]),
                     ("Daan Vos", _medisch, ["geestelijke_gezondheid"], ["nl", "tr"]),
                 })
            _professionals.Add(await ProfessionalAsync(conn, name, organisation, leefgebieden, languages, _plein));
        await conn.ExecuteAsync("INSERT INTO professional_wijk VALUES (@id, @_wijk)", new { id = _professionals[1], _wijk });
    }

    static async Task<int> ProfessionalAsync(Npgsql.NpgsqlConnection conn, string name, int organisation, string[] leefgebieden,
        string[] languages, int plein)
    {
        var id = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO professional (organisation_id, name, function) VALUES (@organisation, @name, 'Consulent') RETURNING id",
            new { organisation, name });
        await conn.ExecuteAsync("""
            INSERT INTO professional_leefgebied SELECT @id, id FROM leefgebied WHERE code = ANY (@leefgebieden);
            INSERT INTO professional_language SELECT @id, code FROM language WHERE code = ANY (@languages);
            INSERT INTO professional_plein VALUES (@id, @plein);
            """, new { id, leefgebieden, languages, plein });
        return id;
    }

    /// <summary>The directory facets counted straight from the link tables, as the gids counted them before it kept keys.</summary>
    async Task<List<(string, string, int)>> CountedFromLinkTablesAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string, int)>("""
            WITH m AS (SELECT p.id, p.capacity, o.id AS organisation_id, o.domein FROM professional p
                       JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active)
            SELECT 'leefgebied', l.code, count(*)::int FROM m JOIN professional_leefgebied pl ON pl.professional_id = m.id
            JOIN leefgebied l ON l.id = pl.leefgebied_id AND l.active GROUP BY l.code
            UNION ALL SELECT 'domein', m.domein, count(*)::int FROM m GROUP BY m.domein
            UNION ALL SELECT 'organisatie', m.organisation_id::text, count(*)::int FROM m GROUP BY m.organisation_id
            UNION ALL SELECT 'taal', pg.language_code, count(*)::int FROM m JOIN professional_language pg ON pg.professional_id = m.id
            GROUP BY pg.language_code
            UNION ALL SELECT 'wijk', pw.wijk_id::text, count(*)::int FROM m JOIN professional_wijk pw ON pw.professional_id = m.id
            GROUP BY pw.wijk_id
            UNION ALL SELECT 'plein', pp.plein_id::text, count(*)::int FROM m JOIN professional_plein pp ON pp.professional_id = m.id
            JOIN plein pl ON pl.id = pp.plein_id AND pl.active GROUP BY pp.plein_id
            UNION ALL SELECT 'capaciteit', m.capacity, count(*)::int FROM m GROUP BY m.capacity
            """)).ToList();
    }

    static List<(string, string, int)> DirectoryFacets(GidsPage page) =>
        page.Facets.Where(f => f.Facet is not ("spreekuur" or "open")).Select(f => (f.Facet, f.Key, f.Count)).ToList();

    static async Task<long> VersionAsync(Npgsql.NpgsqlConnection conn) =>
        await conn.ExecuteScalarAsync<long>("SELECT version FROM directory_version");

    /// <summary>What each change case works on: rows of its own, so that the cases need not run in any order.</summary>
    public sealed record Arranged(int Plein, int OtherPlein, int Wijk, int Organisation, int OtherOrganisation, int P1, int P2);

    async Task<Arranged> ArrangeOwnAsync(string name)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var plein = await Arrange.PleinAsync(Db, "Plein " + name);
        var wijk = await conn.ExecuteScalarAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@plein, 'West') RETURNING id", new { plein });
        var organisation = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO organisation (name, domein) VALUES (@name, 'sociaal') RETURNING id", new { name = "Team " + name });
        var p1 = await ProfessionalAsync(conn, "Eva " + name, organisation, ["financien", "huisvesting"], ["nl", "ar"], plein);
        var p2 = await ProfessionalAsync(conn, "Fien " + name, organisation, ["financien"], ["nl", "ar"], plein);
        return new Arranged(plein, _otherPlein, wijk, organisation, _medisch, p1, p2);
    }

    public static IEnumerable<TestCaseData> DirectoryChanges()
    {
        TestCaseData Change(string name, string sql) => new TestCaseData(sql).SetName(name);
        yield return Change("A_new_professional_counts_in_the_organisation_domein_and_capacity_facets",
            "INSERT INTO professional (organisation_id, name, function) VALUES (@Organisation, 'Gijs Nieuw', 'Consulent')");
        yield return Change("A_capacity_change_moves_the_capacity_facet",
            "UPDATE professional SET capacity = 'wachtlijst', capacity_weeks = 4 WHERE id = @P1");
        yield return Change("An_organisation_changing_domein_moves_its_professionals_in_the_domein_facet",
            "UPDATE organisation SET domein = 'welzijn' WHERE id = @Organisation");
        yield return Change("A_professional_moving_organisation_moves_in_the_organisation_and_domein_facets",
            "UPDATE professional SET organisation_id = @OtherOrganisation WHERE id = @P2");
        yield return Change("A_deactivated_leefgebied_leaves_the_leefgebied_facet",
            "UPDATE leefgebied SET active = false WHERE code = 'huisvesting'");
        yield return Change("A_language_added_or_removed_changes_the_language_facet",
            "INSERT INTO professional_language VALUES (@P1, 'pl'); DELETE FROM professional_language WHERE professional_id = @P2 AND language_code = 'ar'");
        yield return Change("A_wijk_and_a_plein_linked_change_their_facets",
            "INSERT INTO professional_wijk VALUES (@P2, @Wijk); INSERT INTO professional_plein VALUES (@P2, @OtherPlein)");
        yield return Change("A_deactivated_plein_leaves_the_plein_facet", "UPDATE plein SET active = false WHERE id = @Plein");
        yield return Change("A_deactivated_professional_leaves_every_facet_and_the_total",
            "UPDATE professional SET active = false WHERE id = @P1");
        yield return Change("A_deactivated_organisation_takes_its_professionals_out",
            "UPDATE organisation SET active = false WHERE id = @Organisation");
    }

    [TestCaseSource(nameof(DirectoryChanges))]
    public async Task After_a_directory_change_the_kept_landing_counts_equal_the_counts_from_the_link_tables(string change)
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var search = new GidsSearch(Db.DataSource);
        var before = await search.RunAsync(new GidsQuery(), Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var version = await VersionAsync(conn);

        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync(change, arranged, tx);
            await tx.CommitAsync();
        }
        var after = await search.RunAsync(new GidsQuery(), Tuesday10);
        var expected = await CountedFromLinkTablesAsync();
        var searched = await new GidsSearch(Db.DataSource).RunAsync(new GidsQuery("consulent"), Tuesday10);

        Assert.Multiple(async () =>
        {
            Assert.That(await VersionAsync(conn), Is.EqualTo(version + 1), "the change raised the directory version once");
            Assert.That(DirectoryFacets(after), Is.EquivalentTo(expected));
            Assert.That(DirectoryFacets(after), Is.Not.EquivalentTo(DirectoryFacets(before)), "the change was one the facets show");
            Assert.That(after.Total, Is.EqualTo(expected.Where(f => f.Item1 == "capaciteit").Sum(f => f.Item3)));
            Assert.That(DirectoryFacets(searched), Is.EquivalentTo(expected), "a search (never kept) counts from the facet keys the same");
        });
    }

    /// <summary>The landing counts the database keeps (db/0120), and the same counted from every professional's facet keys.</summary>
    async Task<(List<(int, int)> Kept, List<(int, int)> Counted, long Changes)> KeptAndCountedAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var kept = (await conn.QueryAsync<(int, int)>("SELECT key, count FROM gids_landing_count WHERE count > 0 ORDER BY key")).ToList();
        var counted = (await conn.QueryAsync<(int, int)>("""
            SELECT k, count(*)::int FROM professional p JOIN organisation o ON o.id = p.organisation_id, unnest(p.facet_keys || 0) k
            WHERE p.active AND o.active AND k IS NOT NULL GROUP BY k ORDER BY k
            """)).ToList();
        return (kept, counted, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM gids_landing_change"));
    }

    // Beyond the changes above: several in one statement or transaction, rows inserted and deleted together, and an
    // organisation switched on again.
    // (A deactivated plein is left out: the page leaves it out when it reads the counts, so the kept counts do not move. The
    // leefgebied case deactivates a leefgebied of this fixture's own and puts it back, as a leefgebied is shared by every case.)
    public static IEnumerable<TestCaseData> DatabaseCountChanges() =>
        DirectoryChanges().Where(c => c.TestName is not ("A_deactivated_plein_leaves_the_plein_facet" or "A_deactivated_leefgebied_leaves_the_leefgebied_facet"))
        .Select(c => new TestCaseData(c.Arguments[0], "").SetName(c.TestName!))
        .Concat(new[]
        {
            new TestCaseData("UPDATE leefgebied SET active = false WHERE code = 'lichamelijke_gezondheid'",
                    "UPDATE leefgebied SET active = true WHERE code = 'lichamelijke_gezondheid'")
                .SetName("A_deactivated_leefgebied_leaves_the_leefgebied_count_and_is_counted_again_when_it_comes_back"),
            new TestCaseData("UPDATE organisation SET active = false, domein = 'welzijn' WHERE id = @Organisation", "")
                .SetName("An_organisation_deactivated_and_changing_domein_in_one_statement_takes_its_professionals_out"),
            new TestCaseData("""
                UPDATE organisation SET active = false WHERE id = @Organisation;
                UPDATE professional SET capacity = 'vol' WHERE id = @P1;
                UPDATE organisation SET active = true, domein = 'medisch' WHERE id = @Organisation
                """, "").SetName("An_organisation_switched_off_and_on_again_brings_its_professionals_back_with_their_new_keys"),
            new TestCaseData("UPDATE professional SET organisation_id = @OtherOrganisation, active = false WHERE id = @P1", "")
                .SetName("A_professional_moving_and_deactivated_in_one_statement_leaves_both_organisations"),
            new TestCaseData("""
                INSERT INTO professional (organisation_id, name, function)
                SELECT @Organisation, 'Import ' || n, 'Consulent' FROM generate_series(1, 30) n;
                INSERT INTO professional_plein SELECT id, @Plein FROM professional WHERE name LIKE 'Import %' AND organisation_id = @Organisation;
                DELETE FROM professional_plein WHERE professional_id = @P2;
                DELETE FROM professional_leefgebied WHERE professional_id = @P2;
                DELETE FROM professional_language WHERE professional_id = @P2;
                DELETE FROM professional WHERE id = @P2
                """, "").SetName("An_import_of_many_professionals_and_a_deleted_one_count_in_one_transaction"),
        });

    [TestCaseSource(nameof(DatabaseCountChanges))]
    public async Task After_a_directory_change_the_landing_counts_the_database_keeps_equal_a_recount(string change, string putBack)
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var before = await KeptAndCountedAsync();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync(change, arranged, tx);
            await tx.CommitAsync();
        }
        try
        {
            var after = await KeptAndCountedAsync();
            var page = await new GidsSearch(Db.DataSource).RunAsync(new GidsQuery(), Tuesday10);
            var expected = await CountedFromLinkTablesAsync();
            Assert.Multiple(() =>
            {
                Assert.That(before.Kept, Is.EqualTo(before.Counted), "before the change");
                Assert.That(after.Kept, Is.EqualTo(after.Counted));
                Assert.That(after.Kept, Is.Not.EqualTo(before.Kept), "the change was one the counts show");
                Assert.That(after.Changes, Is.Zero, "every statement's changes were folded in at the commit");
                Assert.That(DirectoryFacets(page), Is.EquivalentTo(expected), "the landing page shows them");
                Assert.That(page.Total, Is.EqualTo(after.Counted.Single(c => c.Item1 == 0).Item2));
            });
        }
        finally
        {
            if (putBack != "") await conn.ExecuteAsync(putBack);
        }
        var back = await KeptAndCountedAsync();
        Assert.That(back.Kept, Is.EqualTo(back.Counted), "and after it was put back");
    }

    [Test]
    public async Task A_rolled_back_directory_change_leaves_the_landing_counts_the_database_keeps()
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var before = await KeptAndCountedAsync();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("UPDATE organisation SET active = false WHERE id = @Organisation; UPDATE professional SET capacity = 'vol' WHERE id = @P1",
                arranged, tx);
            await tx.RollbackAsync();
        }

        Assert.That(await KeptAndCountedAsync(), Is.EqualTo(before));
    }

    // Two transactions at once: one turns an organisation off, the other edits the facets of one of its professionals.
    // Whichever writes first, the counts after both commits equal a recount.
    [TestCase(true, TestName = "An_organisation_turned_off_while_its_professional_is_edited_is_counted_exactly")]
    [TestCase(false, TestName = "A_professional_edited_while_its_organisation_is_turned_off_is_counted_exactly")]
    public async Task Concurrent_changes_to_an_organisation_and_its_professional_leave_exact_landing_counts(bool organisationFirst)
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        await using var first = await Db.DataSource.OpenConnectionAsync();
        await using var second = await Db.DataSource.OpenConnectionAsync();
        const string turnOff = "UPDATE organisation SET active = false WHERE id = @Organisation";
        const string edit = "INSERT INTO professional_language VALUES (@P1, 'pl'); UPDATE professional SET capacity = 'vol' WHERE id = @P1";
        await using var tx1 = await first.BeginTransactionAsync();
        await first.ExecuteAsync(organisationFirst ? turnOff : edit, arranged, tx1);
        await using var tx2 = await second.BeginTransactionAsync();
        // The second waits for the first's lock (the organisation's row, or the share lock on it); it goes on once that commits.
        var waiting = second.ExecuteAsync(organisationFirst ? edit : turnOff, arranged, tx2);
        await Task.Delay(300);
        var waited = !waiting.IsCompleted;
        await tx1.CommitAsync();
        await waiting;
        await tx2.CommitAsync();
        var after = await KeptAndCountedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True, "the second transaction waited for the first");
            Assert.That(after.Kept, Is.EqualTo(after.Counted));
        });
    }

    // Searches with words or filters keep their counts per directory version too: one matching every professional (all
    // are "Consulent"), one facet, and words with a facet.
    static readonly GidsQuery[] KeptSearches =
    [
        new("consulent"), new(Leefgebieden: ["financien"]), new("consulent", Leefgebieden: ["financien"], Language: "ar"),
    ];

    static (int, List<(string, string, int)>, List<int>) Seen(GidsPage page) => (page.Total, DirectoryFacets(page), page.Hits.Select(h => h.Id).ToList());

    // The same changes, but the leefgebied one on a leefgebied of this fixture's own professionals and put back after the
    // case: a leefgebied is shared by every case, and the landing cases need their change still to be one.
    public static IEnumerable<TestCaseData> KeptSearchChanges() =>
        DirectoryChanges().Where(c => c.TestName != "A_deactivated_leefgebied_leaves_the_leefgebied_facet")
            .Select(c => new TestCaseData(c.Arguments[0], "").SetName(c.TestName!))
            .Append(new TestCaseData("UPDATE leefgebied SET active = false WHERE code = 'lichamelijke_gezondheid'",
                    "UPDATE leefgebied SET active = true WHERE code = 'lichamelijke_gezondheid'")
                .SetName("A_deactivated_leefgebied_leaves_the_leefgebied_facet_and_what_its_name_finds"));

    [TestCaseSource(nameof(KeptSearchChanges))]
    public async Task After_a_directory_change_a_kept_search_shows_what_a_first_search_counts(string change, string putBack)
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var search = new GidsSearch(Db.DataSource);
        foreach (var q in KeptSearches) await search.RunAsync(q, Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync(change, arranged, tx);
            await tx.CommitAsync();
        }

        try
        {
            var expected = await CountedFromLinkTablesAsync();
            var first = new GidsSearch(Db.DataSource);
            Assert.Multiple(async () =>
            {
                foreach (var q in KeptSearches)
                    Assert.That(Seen(await search.RunAsync(q, Tuesday10)), Is.EqualTo(Seen(await first.RunAsync(q, Tuesday10))), q.ToString());
                Assert.That(DirectoryFacets(await search.RunAsync(KeptSearches[0], Tuesday10)), Is.EquivalentTo(expected),
                    "a word every professional matches counts as the link tables do");
            });
        }
        finally
        {
            if (putBack != "") await conn.ExecuteAsync(putBack);
        }
    }

    // Changes no kept search can show (db/0121): contact details, a confirmed entry, a text saved unchanged. The version
    // stands, so every kept search is kept, and what it shows is still what a first search shows, the cards' new values too.
    [TestCase("""
        UPDATE professional SET verified_at = now() - interval '2 days', phone = '020 123 4567', email = 'eva.nieuw@example.test',
            verify_reminder_sent_at = now(), updated_at = now() WHERE id = @P1
        """, TestName = "A_professionals_confirmed_entry_and_contact_details_leave_the_directory_version_and_the_kept_searches")]
    [TestCase("UPDATE professional SET function = function, about = about, name = name WHERE id = @P1",
        TestName = "A_professionals_text_saved_unchanged_leaves_the_directory_version")]
    [TestCase("""
        UPDATE organisation SET description = 'Nieuwe omschrijving', website = 'https://team.example.test', phone = '020 765 4321',
            verified_at = now() - interval '2 days' WHERE id = @Organisation
        """, TestName = "An_organisations_contact_details_and_confirmed_entry_leave_the_directory_version_and_the_kept_searches")]
    public async Task A_change_no_kept_search_can_show_leaves_the_directory_version(string change)
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var search = new GidsSearch(Db.DataSource);
        GidsQuery[] queries = [new(), .. KeptSearches, new("eva")];
        foreach (var q in queries) await search.RunAsync(q, Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var version = await VersionAsync(conn);
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync(change, arranged, tx);
            await tx.CommitAsync();
        }

        var first = new GidsSearch(Db.DataSource);
        Assert.Multiple(async () =>
        {
            Assert.That(await VersionAsync(conn), Is.EqualTo(version));
            foreach (var q in queries)
            {
                var kept = await search.RunAsync(q, Tuesday10);
                var fresh = await first.RunAsync(q, Tuesday10);
                Assert.That(Seen(kept), Is.EqualTo(Seen(fresh)), q.ToString());
                Assert.That(kept.Hits, Is.EqualTo(fresh.Hits), "the cards are read anew: " + q);
            }
        });
    }

    [Test]
    public async Task A_kept_search_finds_a_professional_whose_text_changed_to_match_it()
    {
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var search = new GidsSearch(Db.DataSource);
        var before = await search.RunAsync(new GidsQuery("zondagochtend"), Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE professional SET about = 'Ook op zondagochtend.' WHERE id = @P1", arranged);
        var after = await search.RunAsync(new GidsQuery("zondagochtend"), Tuesday10);

        Assert.Multiple(() =>
        {
            Assert.That(before.Total, Is.Zero);
            Assert.That(after.Total, Is.EqualTo(1));
            Assert.That(after.Hits.Select(h => h.Id), Is.EqualTo(new[] { arranged.P1 }));
            Assert.That(DirectoryFacets(after), Does.Contain(("organisatie", arranged.Organisation.ToString(), 1)));
        });
    }

    [Test]
    public async Task A_kept_typo_search_shows_what_a_first_search_finds_after_a_name_starts_to_match_it()
    {
        // "consulnt" matches no document and no name, so it is found by the loose match on the whole text (every
        // "Consulent"); a new professional whose name matches turns it into a name match, which finds that name alone.
        var arranged = await ArrangeOwnAsync(Guid.NewGuid().ToString("N")[..8]);
        var search = new GidsSearch(Db.DataSource);
        var query = new GidsQuery("consulnt", OwnPleinIds: [arranged.Plein]);
        var loose = await search.RunAsync(query, Tuesday10);
        var keptLoose = await search.RunAsync(query, Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var named = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO professional (organisation_id, name, function) VALUES (@Organisation, 'Pim Consulnt', 'Kok') RETURNING id", arranged);
        var after = await search.RunAsync(query, Tuesday10);
        var keptAfter = await search.RunAsync(query, Tuesday10);

        Assert.Multiple(async () =>
        {
            Assert.That(loose.Total, Is.GreaterThan(1), "the loose match found the consulenten");
            Assert.That(Seen(keptLoose), Is.EqualTo(Seen(loose)));
            Assert.That(Seen(after), Is.EqualTo(Seen(await new GidsSearch(Db.DataSource).RunAsync(query, Tuesday10))));
            Assert.That(after.Hits.Select(h => h.Id), Is.EqualTo(new[] { named }));
            Assert.That(Seen(keptAfter), Is.EqualTo(Seen(after)));
        });
    }

    [Test]
    public async Task A_kept_search_pages_its_kept_order_with_each_searchers_own_pleinen_first()
    {
        var search = new GidsSearch(Db.DataSource);
        await search.RunAsync(new GidsQuery("consulent"), Tuesday10);
        foreach (var own in new[] { _plein, _otherPlein })
            foreach (var page in new[] { 1, 2 })
            {
                var q = new GidsQuery("consulent", Page: page, OwnPleinIds: [own]);
                Assert.That(Seen(await search.RunAsync(q, Tuesday10)), Is.EqualTo(Seen(await new GidsSearch(Db.DataSource).RunAsync(q, Tuesday10))),
                    $"own plein {own}, page {page}");
            }
    }

    [Test]
    public async Task Kept_counts_are_the_same_on_every_page_and_for_every_searchers_own_pleinen()
    {
        var search = new GidsSearch(Db.DataSource);
        var kept = await search.RunAsync(new GidsQuery("consulent", OwnPleinIds: [_plein]), Tuesday10);
        var otherPage = await search.RunAsync(new GidsQuery("consulent", Page: 2), Tuesday10);
        var first = await new GidsSearch(Db.DataSource).RunAsync(new GidsQuery("consulent", Page: 2), Tuesday10);

        Assert.Multiple(() =>
        {
            Assert.That(Seen(otherPage), Is.EqualTo(Seen(first)));
            Assert.That((otherPage.Total, DirectoryFacets(otherPage)), Is.EqualTo((kept.Total, DirectoryFacets(kept))));
        });
    }

    [Test]
    public async Task A_search_on_the_moment_is_counted_again_after_a_new_spreekuur()
    {
        var search = new GidsSearch(Db.DataSource);
        var query = new GidsQuery("consulent", HoldsSpreekuur: true);
        var before = await search.RunAsync(query, Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var bram = _professionals[1];
        await conn.ExecuteAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@_plein, @_sociaal, @bram, 'spreekuur', 'Spreekuur', 4, '09:00', '11:00', DATE '2025-01-01')
            """, new { _plein, _sociaal, bram });
        var after = await search.RunAsync(query, Tuesday10);

        Assert.Multiple(() =>
        {
            Assert.That(after.Total, Is.EqualTo(before.Total + 1), "a new spreekuur leaves the directory version, so this is not kept");
            Assert.That(after.Hits.Select(h => h.Id), Does.Contain(bram));
            Assert.That(DirectoryFacets(after), Does.Contain(("organisatie", _sociaal.ToString(), before.Facets
                .SingleOrDefault(f => f.Facet == "organisatie" && f.Key == _sociaal.ToString())?.Count + 1 ?? 1)));
        });
    }

    [Test]
    public async Task The_landing_counts_are_kept_while_the_directory_version_stands_and_recounted_when_it_moves()
    {
        var search = new GidsSearch(Db.DataSource);
        var kept = await search.RunAsync(new GidsQuery(), Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var version = await VersionAsync(conn);
        var anna = _professionals[0];

        // A real change, with the version then put back: as if the directory had not changed since the counts were kept.
        await conn.ExecuteAsync("UPDATE professional SET capacity = 'vol', capacity_weeks = NULL WHERE id = @anna", new { anna });
        await conn.ExecuteAsync("UPDATE directory_version SET version = @version", new { version });
        var stillKept = await search.RunAsync(new GidsQuery(), Tuesday10);
        await conn.ExecuteAsync("UPDATE directory_version SET version = version + 1");
        var recounted = await search.RunAsync(new GidsQuery(), Tuesday10);

        Assert.Multiple(async () =>
        {
            Assert.That(DirectoryFacets(stillKept), Is.EqualTo(DirectoryFacets(kept)), "kept: not counted again");
            Assert.That(DirectoryFacets(recounted), Is.EquivalentTo(await CountedFromLinkTablesAsync()));
            Assert.That(DirectoryFacets(recounted), Is.Not.EquivalentTo(DirectoryFacets(kept)));
        });
    }

    [Test]
    public async Task The_directory_version_moves_once_per_transaction_and_only_when_it_commits()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var other = await Db.DataSource.OpenConnectionAsync();
        var version = await VersionAsync(other);

        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("UPDATE professional SET about = 'Ook op zaterdag.' WHERE id = ANY (@ids)", new { ids = _professionals.ToArray() }, tx);
            await conn.ExecuteAsync("UPDATE wijk SET name = 'Centrum-Oost' WHERE id = @_wijk", new { _wijk }, tx);
            Assert.That(await VersionAsync(other), Is.EqualTo(version), "not before the commit");
            await tx.CommitAsync();
        }
        var committed = await VersionAsync(other);
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("UPDATE organisation SET name = 'Praktijk Noord-West' WHERE id = @_medisch", new { _medisch }, tx);
            await tx.RollbackAsync();
        }
        var anna = _professionals[0];
        await conn.ExecuteAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@_plein, @_medisch, @anna, 'spreekuur', 'Spreekuur', 3, '09:00', '11:00', DATE '2025-01-01')
            """, new { _plein, _medisch, anna });

        Assert.Multiple(async () =>
        {
            Assert.That(committed, Is.EqualTo(version + 1));
            Assert.That(await VersionAsync(other), Is.EqualTo(committed), "a rolled-back change and a new spreekuur leave it");
        });
    }

    [Test]
    public async Task The_landing_pages_spreekuur_counts_follow_a_new_spreekuur_while_the_directory_counts_are_kept()
    {
        var search = new GidsSearch(Db.DataSource);
        var before = await search.RunAsync(new GidsQuery(), Tuesday10);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var daan = _professionals[3];
        await conn.ExecuteAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@_plein, @_medisch, @daan, 'spreekuur', 'Spreekuur', 2, '09:00', '11:00', DATE '2025-01-01')
            """, new { _plein, _medisch, daan });
        var after = await search.RunAsync(new GidsQuery(), Tuesday10);

        int Count(GidsPage page, string facet, string key) => page.Facets.SingleOrDefault(f => f.Facet == facet && f.Key == key)?.Count ?? 0;
        Assert.Multiple(() =>
        {
            Assert.That(Count(after, "spreekuur", "ja"), Is.EqualTo(Count(before, "spreekuur", "ja") + 1));
            Assert.That(Count(after, "open", "vandaag"), Is.EqualTo(Count(before, "open", "vandaag") + 1));
            Assert.That(Count(after, "open", "nu"), Is.EqualTo(Count(before, "open", "nu") + 1));
            Assert.That(DirectoryFacets(after), Is.EqualTo(DirectoryFacets(before)));
        });
    }
}
