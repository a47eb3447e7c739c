using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

public sealed partial class ApiKeyTests : AppFixture
{
    const string Page = "/beheer/api-sleutels";
    int _nieuwland;
    int _ettenLeur;

    protected override async Task ArrangeAsync()
    {
        await GidsApiArrange.SeedDemoAsync(Db);
        _nieuwland = await GidsApiArrange.PleinIdAsync(Db, "Sociaal Plein Nieuwland");
        _ettenLeur = await GidsApiArrange.PleinIdAsync(Db, "Sociaal Plein Etten-Leur");
        await Arrange.UserAsync(Db, "beheer@test.nl", "beheerder", [_nieuwland, _ettenLeur]);
        await Arrange.UserAsync(Db, "pro@test.nl", "professional", [_nieuwland]);
    }

    async Task<HttpClient> LoggedInAsync(string email)
    {
        var client = App.Browser();
        Assert.That((await client.LogInAsync(email, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return client;
    }

    async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Test]
    public async Task A_valid_key_reads_only_its_own_pleins_directory()
    {
        var client = App.Browser().WithApiKey(await GidsApiArrange.ApiKeyAsync(Db, _nieuwland));

        var organisations = await client.GetJsonAsync("/api/hsds/organizations");
        var professionals = await client.GetJsonAsync("/api/hsds/services?full=true&per_page=200");

        Assert.That(organisations.GetProperty("total_items").GetInt32(), Is.EqualTo(await ScalarAsync<int>("""
            SELECT count(*) FROM organisation o WHERE o.active
              AND EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @_nieuwland)
            """, new { _nieuwland })));
        Assert.That(professionals.GetProperty("total_items").GetInt32(), Is.EqualTo(await ScalarAsync<int>("""
            SELECT count(*) FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active
              AND EXISTS (SELECT 1 FROM professional_plein pp WHERE pp.professional_id = p.id AND pp.plein_id = @_nieuwland)
            """, new { _nieuwland })));
        Assert.That(professionals.GetProperty("total_items").GetInt32(),
            Is.LessThan(await ScalarAsync<int>("SELECT count(*) FROM professional")), "the other plein's professionals are not in it");
        var etten = HsdsIds.For("plein", _ettenLeur);
        Assert.That(professionals.GetProperty("contents").EnumerateArray()
            .SelectMany(s => s.GetProperty("service_at_locations").EnumerateArray())
            .Select(a => a.GetProperty("location_id").GetString()), Has.None.EqualTo(etten));
    }

    [Test]
    public async Task A_key_asking_for_an_entry_of_another_plein_gets_404_and_its_own_plein_is_fine()
    {
        var client = App.Browser().WithApiKey(await GidsApiArrange.ApiKeyAsync(Db, _nieuwland, "Plein-wissel"));
        var elsewhere = await ScalarAsync<int>("""
            SELECT p.id FROM professional p WHERE p.active AND NOT p.plein_ids @> ARRAY[@_nieuwland] AND p.plein_ids @> ARRAY[@_ettenLeur]
            ORDER BY p.id LIMIT 1
            """, new { _nieuwland, _ettenLeur });
        var own = await ScalarAsync<int>("SELECT p.id FROM professional p WHERE p.active AND p.plein_ids @> ARRAY[@_nieuwland] ORDER BY p.id LIMIT 1",
            new { _nieuwland });

        await client.GetProblemAsync($"/api/hsds/services/{HsdsIds.For("professional", elsewhere)}", 404);
        await client.GetJsonAsync($"/api/hsds/services/{HsdsIds.For("professional", own)}");
    }

    [Test]
    public async Task A_revoked_key_gets_401()
    {
        var key = await GidsApiArrange.ApiKeyAsync(Db, _nieuwland, "Ingetrokken");
        await ScalarAsync<int>("UPDATE plein_api_key SET revoked_at = now() WHERE key_hash = @hash RETURNING id", new { hash = ApiKeys.Hash(key) });

        await App.Browser().WithApiKey(key).GetProblemAsync("/api/hsds/services", 401);
    }

    [TestCase("")]
    [TestCase("niet-een-sleutel")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("' OR 1=1 --")]
    public async Task An_unknown_key_gets_401(string key)
    {
        await App.Browser().WithApiKey(key).GetProblemAsync("/api/hsds/organizations", 401);
    }

    [Test]
    public async Task A_wrong_key_is_refused_even_next_to_a_valid_login()
    {
        var client = (await LoggedInAsync("pro@test.nl")).WithApiKey("niet-een-sleutel");

        await client.GetProblemAsync("/api/hsds/organizations", 401);
    }

    [Test]
    public async Task A_key_of_a_deactivated_plein_gets_401()
    {
        var plein = await Arrange.PleinAsync(Db, "Plein Gesloten");
        var key = await GidsApiArrange.ApiKeyAsync(Db, plein);
        await ScalarAsync<int>("UPDATE plein SET active = false WHERE id = @plein RETURNING id", new { plein });

        await App.Browser().WithApiKey(key).GetProblemAsync("/api/hsds/organizations", 401);
    }

    [Test]
    public async Task A_key_made_on_the_page_is_shown_once_stored_only_as_its_hash_and_works()
    {
        var beheerder = await LoggedInAsync("beheer@test.nl");

        var response = await Create(beheerder, _ettenLeur, "Sociale kaart Etten-Leur");

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var key = ShownKey().Match(html).Groups[1].Value;
        Assert.That(key, Has.Length.EqualTo(43));
        Assert.That(await ScalarAsync<byte[]>("SELECT key_hash FROM plein_api_key WHERE name = 'Sociale kaart Etten-Leur'"),
            Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        Assert.That(await TablesContainingAsync(key), Is.Empty, "the plain key is nowhere in the database");
        Assert.That(await beheerder.GetStringAsync(Page), Does.Not.Contain(key).And.Contain("Sociale kaart Etten-Leur"));
        await App.Browser().WithApiKey(key).GetJsonAsync("/api/hsds/organizations");
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'api_key.create' AND plein_id = @_ettenLeur",
            new { _ettenLeur }), Is.EqualTo(1));
    }

    [Test]
    public async Task Revoking_on_the_page_ends_the_keys_access()
    {
        var beheerder = await LoggedInAsync("beheer@test.nl");
        var key = ShownKey().Match(await (await Create(beheerder, _nieuwland, "Tijdelijke koppeling")).Content.ReadAsStringAsync()).Groups[1].Value;
        var id = await ScalarAsync<int>("SELECT id FROM plein_api_key WHERE name = 'Tijdelijke koppeling'");

        var response = await beheerder.SubmitFormAsync(Page, new Dictionary<string, string>(), $"{Page}?handler=Revoke&id={id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ScalarAsync<DateTime?>("SELECT revoked_at FROM plein_api_key WHERE id = @id", new { id }), Is.Not.Null);
        Assert.That(await beheerder.GetStringAsync(Page), Does.Contain("is ingetrokken"));
        await App.Browser().WithApiKey(key).GetProblemAsync("/api/hsds/organizations", 401);
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'api_key.revoke' AND object_id = @id",
            new { id = id.ToString() }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_new_key_reads_no_work_contact_details_until_the_beheerder_allows_them_on_the_page()
    {
        var beheerder = await LoggedInAsync("beheer@test.nl");
        var key = ShownKey().Match(await (await Create(beheerder, _nieuwland, "Kaart met contact")).Content.ReadAsStringAsync()).Groups[1].Value;
        var id = await ScalarAsync<int>("SELECT id FROM plein_api_key WHERE name = 'Kaart met contact'");
        var client = App.Browser().WithApiKey(key);
        var url = $"/api/hsds/services/{HsdsIds.For("professional", await WithWorkContactsAsync())}";

        var before = await client.GetJsonAsync(url);
        var allowed = await beheerder.SubmitFormAsync(Page, new Dictionary<string, string>(), $"{Page}?handler=WorkContacts&id={id}&allowed=true");
        var after = await client.GetJsonAsync(url);
        await beheerder.SubmitFormAsync(Page, new Dictionary<string, string>(), $"{Page}?handler=WorkContacts&id={id}&allowed=false");
        var withdrawn = await client.GetJsonAsync(url);

        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        foreach (var hidden in new[] { before, withdrawn })
            Assert.That(new[] { "email", "phones", "contacts" }.Where(f => hidden.TryGetProperty(f, out _)), Is.Empty);
        Assert.That(after.GetProperty("email").GetString(), Does.Contain("@"));
        Assert.That(after.GetProperty("contacts")[0].GetProperty("phones")[0].GetProperty("number").GetString(), Is.Not.Empty);
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'api_key.work_contacts' AND object_id = @id",
            new { id = id.ToString() }), Is.EqualTo(2));
    }

    [Test]
    public async Task A_signed_in_colleague_reads_work_contact_details()
    {
        var service = await (await LoggedInAsync("pro@test.nl")).GetJsonAsync(
            $"/api/hsds/services/{HsdsIds.For("professional", await WithWorkContactsAsync())}");

        Assert.That(service.GetProperty("contacts")[0].GetProperty("email").GetString(), Does.Contain("@"));
    }

    // A Nieuwland professional with both a work e-mail and a work phone.
    Task<int> WithWorkContactsAsync() => ScalarAsync<int>("""
        SELECT p.id FROM professional p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.active AND o.active AND p.email <> '' AND p.phone <> '' AND p.plein_ids @> ARRAY[@_nieuwland] ORDER BY p.id LIMIT 1
        """, new { _nieuwland });

    [TestCase("", "Geef de sleutel een naam")]
    [TestCase(" x ", "minstens 2 tekens")]
    [TestCase("<script>alert(1)</script>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "hoogstens 80 tekens")]
    public async Task A_bad_name_is_reported_next_to_the_field_and_nothing_is_stored(string name, string message)
    {
        var before = await ScalarAsync<int>("SELECT count(*) FROM plein_api_key");

        var response = await Create(await LoggedInAsync("beheer@test.nl"), _nieuwland, name);

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(FieldError("naam-fout").Match(html).Groups[1].Value, Does.Contain(message));
        Assert.That(html, Does.Not.Contain("<script>alert(1)"));
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM plein_api_key"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_second_key_in_use_with_the_same_name_is_refused()
    {
        var beheerder = await LoggedInAsync("beheer@test.nl");
        await Create(beheerder, _nieuwland, "Dubbel");

        var html = await (await Create(beheerder, _nieuwland, "dubbel")).Content.ReadAsStringAsync();

        Assert.That(FieldError("naam-fout").Match(html).Groups[1].Value, Does.Contain("al een sleutel"));
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM plein_api_key WHERE lower(name) = 'dubbel'"), Is.EqualTo(1));
    }

    [TestCase("", "Kies het plein")]
    [TestCase("999999", "Kies een plein uit de lijst")]
    public async Task A_missing_or_unknown_plein_is_reported_next_to_the_field(string plein, string message)
    {
        var response = await (await LoggedInAsync("beheer@test.nl")).SubmitFormAsync(Page, new Dictionary<string, string>
        {
            ["Input.PleinId"] = plein, ["Input.Name"] = "Zonder plein",
        }, $"{Page}?handler=Create");

        Assert.That(FieldError("plein-fout").Match(await response.Content.ReadAsStringAsync()).Groups[1].Value, Does.Contain(message));
        Assert.That(await ScalarAsync<int>("SELECT count(*) FROM plein_api_key WHERE name = 'Zonder plein'"), Is.Zero);
    }

    [Test]
    public async Task A_professional_may_not_open_the_key_page()
    {
        var response = await (await LoggedInAsync("pro@test.nl")).GetAsync(Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }

    Task<HttpResponseMessage> Create(HttpClient client, int pleinId, string name) =>
        client.SubmitFormAsync(Page, new Dictionary<string, string>
        {
            ["Input.PleinId"] = pleinId.ToString(), ["Input.Name"] = name,
        }, $"{Page}?handler=Create");

    /// <summary>Every table (any schema) with a row whose text holds the value.</summary>
    async Task<List<string>> TablesContainingAsync(string value)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var tables = await conn.QueryAsync<string>("""
            SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            """);
        var found = new List<string>();
        foreach (var table in tables)
            // The table name comes from the catalog, quoted by format('%I'); the value is a parameter.
            if (await conn.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table} t WHERE strpos(t::text, @value) > 0)", new { value }))
                found.Add(table);
        return found;
    }

    [GeneratedRegex("data-api-key>([A-Za-z0-9_-]+)<")]
    private static partial Regex ShownKey();

    static Regex FieldError(string id) => new($"id=\"{id}\"[^>]*>([^<]*)<");
}
