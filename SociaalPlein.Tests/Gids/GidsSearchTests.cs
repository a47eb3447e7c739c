using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

/// <summary>What the gids search promises, on a small directory arranged with plain INSERTs.</summary>
public sealed class GidsSearchTests : DatabaseFixture
{
    // Tuesday 24 November 2026, 10:00 at the plein.
    static readonly GidsMoment Tuesday10 = new(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));

    GidsSearch _search = null!;
    int _nieuwland, _etten, _wijkOost, _schuldhulp, _huisarts;

    protected override async Task ArrangeAsync()
    {
        _search = new GidsSearch(Db.DataSource);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        _nieuwland = await Arrange.PleinAsync(Db, "Plein Nieuwland");
        _etten = await Arrange.PleinAsync(Db, "Plein Etten-Leur");
        _wijkOost = await conn.ExecuteScalarAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@_nieuwland, 'Oost') RETURNING id", new { _nieuwland });
        _schuldhulp = await Organisation(conn, "Stichting Schuldhulpverlening Zuid", "sociaal");
        _huisarts = await Organisation(conn, "Huisartsenpraktijk De Linde", "medisch");
        var welzijn = await Organisation(conn, "Welzijn op Recept", "welzijn");

        var ingrid = await Professional(conn, _schuldhulp, "Ingrid Janssen", "Schuldhulpverlener", ["financien"], ["nl", "ar"], _nieuwland, "ruimte");
        await conn.ExecuteAsync("INSERT INTO professional_wijk VALUES (@ingrid, @_wijkOost)", new { ingrid, _wijkOost });
        await Spreekuur(conn, ingrid, _schuldhulp, _nieuwland, weekday: 2, "09:00", "11:00");
        var pieter = await Professional(conn, welzijn, "Pieter de Vries", "Maatschappelijk werker", ["sociaal_netwerk", "financien"], ["nl"], _nieuwland, "wachtlijst");
        await Spreekuur(conn, pieter, welzijn, _nieuwland, weekday: 2, "13:00", "15:00");
        await Professional(conn, _huisarts, "Fatima Bakkali", "Huisarts", ["lichamelijke_gezondheid"], ["nl", "ar", "fr"], _etten, "vol");
        await Professional(conn, _huisarts, "Kees Jansen", "Praktijkondersteuner GGZ", ["geestelijke_gezondheid"], ["nl"], _etten, "ruimte");
        await Professional(conn, welzijn, "Jan Kees Jansenius", "Welzijnscoach", ["sociaal_netwerk"], ["nl", "tr"], _etten, "ruimte");
        await Professional(conn, welzijn, "Ayşe Çelik", "Buurtvrijwilliger", ["dagbesteding"], ["nl"], _etten, "ruimte");
        var gone = await Professional(conn, welzijn, "Oud Collega", "Welzijnscoach", ["financien"], ["nl"], _nieuwland, "ruimte");
        await conn.ExecuteAsync("UPDATE professional SET active = false WHERE id = @gone", new { gone });
        // Enough extra professionals for three pages.
        for (var i = 1; i <= 45; i++)
            await Professional(conn, welzijn, $"Vrijwilliger {i:00} Zuid", "Buurtvrijwilliger", ["dagbesteding"], ["nl"], _etten, "ruimte");
    }

    async Task<IReadOnlyList<string>> Names(GidsQuery q) => (await _search.RunAsync(q, Tuesday10)).Hits.Select(h => h.Name).ToList();

    [TestCase("schulden", "Ingrid Janssen", TestName = "A_synonym_finds_the_professionals_of_its_leefgebied")]
    [TestCase("financien", "Ingrid Janssen", TestName = "A_word_without_its_accent_finds_the_accented_leefgebied")]
    [TestCase("schuld", "Ingrid Janssen", TestName = "Part_of_a_dutch_compound_finds_the_whole_word")]
    [TestCase("maatschapelijk", "Pieter de Vries", TestName = "A_typo_in_a_function_still_finds_it")]
    [TestCase("Jansen", "Ingrid Janssen", TestName = "A_typo_in_a_name_finds_the_name_spelled_otherwise")]
    [TestCase("arabisch", "Fatima Bakkali", TestName = "A_language_name_finds_who_speaks_it")]
    [TestCase("eenzaam", "Pieter de Vries", TestName = "Eenzaam_finds_the_leefgebied_sociaal_netwerk_en_eenzaamheid")]
    public async Task Free_text_finds(string text, string expected)
    {
        Assert.That(await Names(new GidsQuery(text)), Does.Contain(expected));
    }

    [Test]
    public async Task An_exact_name_match_ranks_first()
    {
        var names = await Names(new GidsQuery("Kees Jansen"));

        Assert.That(names[0], Is.EqualTo("Kees Jansen"));
        Assert.That(names, Does.Contain("Jan Kees Jansenius"));
    }

    [TestCase("Ayşe Çelik")]
    [TestCase("ayse celik")]
    public async Task An_exact_name_match_ranks_first_with_or_without_its_accents(string text)
    {
        Assert.That((await Names(new GidsQuery(text)))[0], Is.EqualTo("Ayşe Çelik"));
    }

    [Test]
    public async Task An_empty_query_shows_the_whole_active_directory_sorted_by_name()
    {
        var page = await _search.RunAsync(new GidsQuery(), Tuesday10);

        Assert.That(page.Total, Is.EqualTo(51));
        Assert.That(page.Hits.Select(h => h.Name), Is.Ordered);
        Assert.That(page.Hits.Select(h => h.Name), Does.Not.Contain("Oud Collega"));
    }

    [Test]
    public async Task A_search_that_finds_nobody_suggests_the_nearest_names()
    {
        var page = await _search.RunAsync(new GidsQuery("Fatma Bakali xyz"), Tuesday10);

        Assert.That(page.Total, Is.Zero);
        Assert.That(page.Suggestions, Does.Contain("Fatima Bakkali"));
    }

    static IEnumerable<TestCaseData> SingleFacets()
    {
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Leefgebieden: ["financien"])), new[] { "Ingrid Janssen", "Pieter de Vries" }).SetName("Facet_leefgebied_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Domein: "medisch")), new[] { "Fatima Bakkali", "Kees Jansen" }).SetName("Facet_domein_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(OrganisationId: t._schuldhulp)), new[] { "Ingrid Janssen" }).SetName("Facet_organisatie_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Language: "ar")), new[] { "Fatima Bakkali", "Ingrid Janssen" }).SetName("Facet_taal_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(WijkId: t._wijkOost)), new[] { "Ingrid Janssen" }).SetName("Facet_wijk_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(PleinId: t._nieuwland)), new[] { "Ingrid Janssen", "Pieter de Vries" }).SetName("Facet_plein_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(HoldsSpreekuur: true)), new[] { "Ingrid Janssen", "Pieter de Vries" }).SetName("Facet_houdt_spreekuur_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Open: "vandaag")), new[] { "Ingrid Janssen", "Pieter de Vries" }).SetName("Facet_spreekuur_vandaag_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Open: "nu")), new[] { "Ingrid Janssen" }).SetName("Facet_nu_open_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Capacity: "vol")), new[] { "Fatima Bakkali" }).SetName("Facet_capaciteit_alone");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery("schulden", Leefgebieden: ["financien", "sociaal_netwerk"])), new[] { "Pieter de Vries" }).SetName("Text_and_two_leefgebieden_combined");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Language: "ar", Domein: "sociaal", PleinId: t._nieuwland)), new[] { "Ingrid Janssen" }).SetName("Taal_domein_and_plein_combined");
        yield return new TestCaseData(new Func<GidsSearchTests, GidsQuery>(t => new GidsQuery(Capacity: "ruimte", Open: "vandaag")), new[] { "Ingrid Janssen" }).SetName("Capaciteit_and_spreekuur_vandaag_combined");
    }

    [TestCaseSource(nameof(SingleFacets))]
    public async Task Facets_alone_and_combined_find_exactly_the_matching_professionals(Func<GidsSearchTests, GidsQuery> query, string[] expected)
    {
        var page = await _search.RunAsync(query(this), Tuesday10);

        Assert.That(page.Hits.Select(h => h.Name), Is.EquivalentTo(expected));
        Assert.That(page.Total, Is.EqualTo(expected.Length));
    }

    [TestCase("")]
    [TestCase("welzijn")]
    public async Task Every_facet_count_equals_the_number_of_results_when_that_facet_is_chosen(string text)
    {
        var page = await _search.RunAsync(new GidsQuery(text), Tuesday10);
        Assert.That(page.Facets, Is.Not.Empty);

        foreach (var facet in page.Facets)
        {
            var narrowed = facet.Facet switch
            {
                "leefgebied" => new GidsQuery(text, Leefgebieden: [facet.Key]),
                "domein" => new GidsQuery(text, Domein: facet.Key),
                "organisatie" => new GidsQuery(text, OrganisationId: int.Parse(facet.Key)),
                "taal" => new GidsQuery(text, Language: facet.Key),
                "wijk" => new GidsQuery(text, WijkId: int.Parse(facet.Key)),
                "plein" => new GidsQuery(text, PleinId: int.Parse(facet.Key)),
                "capaciteit" => new GidsQuery(text, Capacity: facet.Key),
                "spreekuur" => new GidsQuery(text, HoldsSpreekuur: true),
                "open" => new GidsQuery(text, Open: facet.Key),
                _ => throw new AssertionException($"Unknown facet {facet.Facet}"),
            };
            Assert.That((await _search.RunAsync(narrowed, Tuesday10)).Total, Is.EqualTo(facet.Count), $"{facet.Facet}={facet.Key}");
        }
    }

    [Test]
    public async Task Pages_hold_twenty_and_together_hold_every_result_once()
    {
        var pages = new List<GidsPage>();
        for (var p = 1; p <= 3; p++) pages.Add(await _search.RunAsync(new GidsQuery(Page: p), Tuesday10));

        Assert.That(pages.Select(p => p.Hits.Count), Is.EqualTo(new[] { 20, 20, 11 }));
        Assert.That(pages.SelectMany(p => p.Hits.Select(h => h.Id)), Is.Unique);
        Assert.That(pages.Select(p => p.Total), Has.All.EqualTo(51));
    }

    [Test]
    public async Task A_page_past_the_end_is_empty_but_still_counts_the_results()
    {
        var page = await _search.RunAsync(new GidsQuery(Page: 4), Tuesday10);

        Assert.That(page.Hits, Is.Empty);
        Assert.That(page.Total, Is.EqualTo(51));
    }

    [TestCase("'; DROP TABLE professional; --")]
    [TestCase("schuld & | ! :* ( ) <-> \\")]
    [TestCase("<script>alert(1)</script>")]
    public async Task Operators_and_sql_in_the_text_are_plain_words(string text)
    {
        await Assert.DoesNotThrowAsync(() => _search.RunAsync(new GidsQuery(text), Tuesday10));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM professional"), Is.EqualTo(52));
    }

    [Test]
    public async Task Next_spreekuur_is_today_while_it_runs_and_next_week_after_it_ended()
    {
        var morning = (await _search.RunAsync(new GidsQuery("Ingrid Janssen"), Tuesday10)).Hits[0];
        var evening = (await _search.RunAsync(new GidsQuery("Ingrid Janssen"), Tuesday10 with { Now = new TimeOnly(18, 0) })).Hits[0];

        Assert.That((morning.NextWeekday, morning.NextDaysAhead), Is.EqualTo((2, 0)));
        Assert.That((evening.NextWeekday, evening.NextDaysAhead), Is.EqualTo((2, 7)));
    }

    [Test]
    public async Task Renaming_a_leefgebied_synonym_is_found_at_once()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("UPDATE leefgebied SET synonyms = synonyms || '{geldproblemen}' WHERE code = 'financien'", transaction: tx);

        var found = await conn.QueryAsync<string>(
            "SELECT name FROM professional WHERE search @@ to_tsquery('dutch_unaccent', 'geldproblemen:*')", transaction: tx);

        Assert.That(found, Does.Contain("Ingrid Janssen"));
        await tx.RollbackAsync();
    }

    [Test]
    public async Task The_searchers_own_pleinen_rank_before_a_better_match_at_another_plein()
    {
        var anyone = await _search.RunAsync(new GidsQuery("Jansen"), Tuesday10);
        var fromNieuwland = await _search.RunAsync(new GidsQuery("Jansen", OwnPleinIds: [_nieuwland]), Tuesday10);

        Assert.That(anyone.Hits[0].Name, Is.EqualTo("Kees Jansen"), "the exact name wins when no plein is one's own");
        Assert.That(fromNieuwland.Hits.Select(h => h.Name).Take(2), Is.EqualTo(new[] { "Ingrid Janssen", "Kees Jansen" }));
        Assert.That(fromNieuwland.Hits.Select(h => (h.Name, h.OwnPlein, h.Pleinen)).Take(2),
            Is.EqualTo(new[] { ("Ingrid Janssen", true, "Plein Nieuwland"), ("Kees Jansen", false, "Plein Etten-Leur") }));
        Assert.That(fromNieuwland.Total, Is.EqualTo(anyone.Total), "other pleinen are still found, after one's own");
    }

    [Test]
    public async Task Linking_and_unlinking_a_plein_or_wijk_changes_its_filter_and_facet_at_once()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var fatima = await conn.ExecuteScalarAsync<int>("SELECT id FROM professional WHERE name = 'Fatima Bakkali'");
        var atNieuwland = new GidsQuery { Text = "Bakkali", PleinId = _nieuwland };
        var inOost = new GidsQuery { Text = "Bakkali", WijkId = _wijkOost };
        Assert.That(await Names(atNieuwland), Is.Empty, "arranged at Etten-Leur only");

        await conn.ExecuteAsync("""
            INSERT INTO professional_plein VALUES (@fatima, @_nieuwland);
            INSERT INTO professional_wijk VALUES (@fatima, @_wijkOost);
            """, new { fatima, _nieuwland, _wijkOost });
        var linked = await _search.RunAsync(new GidsQuery { Text = "Bakkali" }, Tuesday10);
        var foundLinked = (await Names(atNieuwland), await Names(inOost));

        await conn.ExecuteAsync("""
            DELETE FROM professional_plein WHERE professional_id = @fatima AND plein_id = @_nieuwland;
            DELETE FROM professional_wijk WHERE professional_id = @fatima;
            """, new { fatima, _nieuwland });
        var unlinked = await _search.RunAsync(new GidsQuery { Text = "Bakkali" }, Tuesday10);
        var foundUnlinked = (await Names(atNieuwland), await Names(inOost));

        Assert.Multiple(() =>
        {
            Assert.That(foundLinked.Item1, Is.EqualTo(new[] { "Fatima Bakkali" }));
            Assert.That(foundLinked.Item2, Is.EqualTo(new[] { "Fatima Bakkali" }));
            Assert.That(linked.Facets.Where(f => f.Facet is "plein" or "wijk").Select(f => f.Label),
                Is.EquivalentTo(new[] { "Plein Nieuwland", "Plein Etten-Leur", "Oost" }));
            Assert.That(unlinked.Facets.Where(f => f.Facet is "plein" or "wijk").Select(f => f.Label),
                Is.EquivalentTo(new[] { "Plein Etten-Leur" }));
            Assert.That(foundUnlinked.Item1, Is.Empty);
            Assert.That(foundUnlinked.Item2, Is.Empty);
        });
    }

    [TestCase("professional_search_text_trgm", "@Folded <% p.search_text")]
    [TestCase("professional_search", "p.search @@ to_tsquery('dutch_unaccent', @TsQuery)")]
    [TestCase("professional_name_trgm", "@Folded <% lower(immutable_unaccent(p.name))")]
    public async Task The_text_conditions_can_use_their_gin_index(string index, string condition)
    {
        // On a small table PostgreSQL rightly prefers a sequential scan; switching that off shows whether the
        // condition is written so that the index can serve it at all (the benchmark shows it does at scale).
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("SET enable_seqscan = off");
        var plan = string.Join("\n", await conn.QueryAsync<string>(
            "EXPLAIN SELECT p.id FROM professional p WHERE " + condition, new { Folded = "janssen", TsQuery = "schuld:*" }));

        Assert.That(plan, Does.Contain(index));
    }

    static async Task<int> Organisation(Npgsql.NpgsqlConnection conn, string name, string domein) =>
        await conn.ExecuteScalarAsync<int>("INSERT INTO organisation (name, domein) VALUES (@name, @domein) RETURNING id", new { name, domein });

    static async Task<int> Professional(Npgsql.NpgsqlConnection conn, int organisation, string name, string function,
        string[] leefgebieden, string[] languages, int plein, string capacity)
    {
        var id = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function, capacity, capacity_weeks)
            VALUES (@organisation, @name, @function, @capacity, CASE WHEN @capacity = 'wachtlijst' THEN 6 END) RETURNING id
            """, new { organisation, name, function, capacity });
        await conn.ExecuteAsync("""
            INSERT INTO professional_leefgebied SELECT @id, id FROM leefgebied WHERE code = ANY (@leefgebieden);
            INSERT INTO professional_language SELECT @id, code FROM language WHERE code = ANY (@languages);
            INSERT INTO professional_plein VALUES (@id, @plein);
            """, new { id, leefgebieden, languages, plein });
        return id;
    }

    static Task Spreekuur(Npgsql.NpgsqlConnection conn, int professional, int organisation, int plein, int weekday, string from, string until) =>
        conn.ExecuteAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@plein, @organisation, @professional, 'spreekuur', 'Spreekuur', @weekday, @from::time, @until::time, DATE '2025-01-01')
            """, new { plein, organisation, professional, weekday, from, until });
}
