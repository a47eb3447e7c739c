using Dapper;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

/// <summary>
/// The beheer's professional list search: a part of a name or of an organisation name, accents and case folded, through
/// the trigram indexes when the words are long enough and by reading the list when they are not.
/// </summary>
public sealed class ProfessionalListTests : DatabaseFixture
{
    ProfessionalAdmin _admin = null!;

    protected override async Task ArrangeAsync()
    {
        _admin = new ProfessionalAdmin(Db.DataSource);
        var plein = await Arrange.PleinAsync(Db, "Plein Noord");
        var praktijk = await BeheerArrange.OrganisationAsync(Db, "Huisartsenpraktijk De Linde", "medisch");
        var wijkteam = await BeheerArrange.OrganisationAsync(Db, "Wijkteam 100% Noord", "sociaal");
        var buurthuis = await BeheerArrange.OrganisationAsync(Db, "Buurthuis Zuid", "welzijn");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        foreach (var (name, organisation, active) in new[]
                 {
                     ("Ayşe Çelik", praktijk, true), ("Kees Jansen", praktijk, true), ("Ingrid Janssen", wijkteam, true),
                     ("Oud_Collega Jansen", wijkteam, false), ("Piet de Boer", wijkteam, true), ("Linde de Wit", praktijk, true),
                 })
        {
            var id = await conn.ExecuteScalarAsync<int>("""
                INSERT INTO professional (organisation_id, name, function, active) VALUES (@organisation, @name, 'Consulent', @active)
                RETURNING id
                """, new { organisation, name, active });
            await conn.ExecuteAsync("INSERT INTO professional_plein VALUES (@id, @plein)", new { id, plein });
        }
        // More than a list holds, to show the total counts past it.
        await conn.ExecuteAsync("""
            INSERT INTO professional (organisation_id, name, function)
            SELECT @buurthuis, 'Vrijwilliger ' || lpad(n::text, 3, '0'), 'Buurtvrijwilliger' FROM generate_series(1, 210) n
            """, new { buurthuis });
    }

    async Task<IReadOnlyList<string>> Names(string search, bool inactive = false) =>
        (await _admin.ListAsync(search, inactive)).Rows.Select(r => r.Name).ToList();

    [TestCase("celik")]
    [TestCase("ÇELIK")]
    [TestCase("ayse c")]
    public async Task A_part_of_a_name_finds_the_professional_with_or_without_accents_and_in_any_case(string search)
    {
        Assert.That(await Names(search), Is.EqualTo(new[] { "Ayşe Çelik" }));
    }

    [Test]
    public async Task A_part_of_an_organisation_name_finds_its_professionals_in_name_order()
    {
        Assert.That(await Names("wijkteam"), Is.EqualTo(new[] { "Ingrid Janssen", "Piet de Boer" }));
    }

    [Test]
    public async Task A_name_and_an_organisation_both_matching_list_the_professional_once()
    {
        var (rows, total) = await _admin.ListAsync("linde", false);

        Assert.That(rows.Select(r => r.Name), Is.EqualTo(new[] { "Ayşe Çelik", "Kees Jansen", "Linde de Wit" }));
        Assert.That(total, Is.EqualTo(3));
    }

    [Test]
    public async Task Inactive_professionals_are_listed_only_when_asked_for()
    {
        Assert.That(await Names("jansen"), Is.EqualTo(new[] { "Kees Jansen" }));
        Assert.That(await Names("jansen", inactive: true), Is.EqualTo(new[] { "Kees Jansen", "Oud_Collega Jansen" }));
    }

    [TestCase("100%", new[] { "Ingrid Janssen", "Oud_Collega Jansen", "Piet de Boer" })]
    [TestCase("j%n", new string[0])]
    [TestCase("r_d", new string[0])]
    [TestCase("oud_c", new[] { "Oud_Collega Jansen" })]
    public async Task Percent_and_underscore_are_plain_characters(string search, string[] expected)
    {
        Assert.That(await Names(search, inactive: true), Is.EqualTo(expected));
    }

    [TestCase("de")]
    [TestCase("j")]
    public async Task Words_shorter_than_a_trigram_still_find_every_name_containing_them(string search)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var expected = (await conn.QueryAsync<string>("""
            SELECT p.name FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.active AND (lower(p.name) LIKE '%' || @search || '%' OR lower(o.name) LIKE '%' || @search || '%')
            ORDER BY p.name, p.id LIMIT 200
            """, new { search })).ToList();

        Assert.That(expected, Is.Not.Empty);
        Assert.That(await Names(search), Is.EqualTo(expected));
    }

    [Test]
    public async Task The_total_counts_every_match_past_the_listed_two_hundred()
    {
        var (rows, total) = await _admin.ListAsync("vrijwilliger", false);
        var (all, everyone) = await _admin.ListAsync("", false);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(ProfessionalAdmin.ListLimit));
            Assert.That(total, Is.EqualTo(210));
            Assert.That(all, Has.Count.EqualTo(ProfessionalAdmin.ListLimit));
            Assert.That(everyone, Is.EqualTo(215));
        });
    }
}
