using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Demo;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Tests.Support;

/// <summary>The small plein whose directory the API tests know field by field.</summary>
public sealed record ProefDirectory(int PleinId, int OrganisationId, int ProfessionalId, int SpreekuurId, int InloopId);

/// <summary>Arranging the gids API: the demo (two pleinen, for "the seeded counts"), a small known plein, keys.</summary>
public static class GidsApiArrange
{
    public static async Task SeedDemoAsync(FixtureDatabase db) =>
        await new DemoSeed(db.DataSource).RunAsync(new DateOnly(2026, 3, 16), "x");

    /// <summary>
    /// "Sociaal Plein Proef": one active organisation with one active professional (and what must not show: an
    /// inactive colleague, an inactive organisation with an active professional, an expired spreekuur).
    /// </summary>
    public static async Task<ProefDirectory> ProefPleinAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var plein = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO plein (name, municipality, address, opened_on)
            VALUES ('Sociaal Plein Proef', 'Proefdorp', 'Dorpsplein 3, 1234 CD Proefdorp', DATE '2024-01-01') RETURNING id
            """);
        var organisation = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO organisation (name, domein, description, phone, email, website, street, postcode, city)
            VALUES ('Buurtwerk Proef', 'welzijn', 'Welzijn in de wijk.', '010 123 4567', 'info@buurtwerk-proef.nl',
                    'https://buurtwerk-proef.nl', 'Dorpsstraat 1', '1234 AB', 'Proefdorp') RETURNING id
            """);
        var closed = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO organisation (name, domein, active) VALUES ('Opgeheven Stichting', 'sociaal', false) RETURNING id");
        var anna = await ProfessionalAsync(conn, organisation, "Anna Proef", "Schuldhulpverlener", active: true);
        var bert = await ProfessionalAsync(conn, organisation, "Bert Weg", "Wijkcoach", active: false);
        var carla = await ProfessionalAsync(conn, closed, "Carla Stop", "Wijkcoach", active: true);
        await conn.ExecuteAsync("""
            INSERT INTO organisation_plein (organisation_id, plein_id) VALUES (@organisation, @plein), (@closed, @plein);
            INSERT INTO professional_plein (professional_id, plein_id) VALUES (@anna, @plein), (@bert, @plein), (@carla, @plein);
            INSERT INTO organisation_leefgebied (organisation_id, leefgebied_id)
                SELECT @organisation, id FROM leefgebied WHERE code IN ('financien', 'sociaal_netwerk');
            INSERT INTO professional_leefgebied (professional_id, leefgebied_id) SELECT @anna, id FROM leefgebied WHERE code = 'financien';
            INSERT INTO professional_language (professional_id, language_code) VALUES (@anna, 'nl'), (@anna, 'ar');
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at,
                                   location, valid_from, valid_until)
            VALUES (@plein, @organisation, @anna, 'spreekuur', 'Oud spreekuur', 1, '09:00', '10:00', '', DATE '2020-01-01', DATE '2020-12-31');
            """, new { plein, organisation, closed, anna, bert, carla });
        var spreekuur = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, location, valid_from)
            VALUES (@plein, @organisation, @anna, 'spreekuur', 'Spreekuur geldzaken', 2, '09:00', '11:00', 'Kamer 2', DATE '2024-01-01')
            RETURNING id
            """, new { plein, organisation, anna });
        var inloop = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO spreekuur (plein_id, organisation_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@plein, @organisation, 'inloop', 'Inloop buurtwerk', 4, '13:30', '15:00', DATE '2024-01-01')
            RETURNING id
            """, new { plein, organisation });
        return new ProefDirectory(plein, organisation, anna, spreekuur, inloop);
    }

    static Task<int> ProfessionalAsync(Npgsql.NpgsqlConnection conn, int organisation, string name, string function, bool active) =>
        conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function, email, phone, about, active)
            VALUES (@organisation, @name, @function, 'werk@buurtwerk-proef.nl', '06 1234 5678', 'Hulp bij geldzaken.', @active)
            RETURNING id
            """, new { organisation, name, function, active });

    public static async Task<string> ApiKeyAsync(FixtureDatabase db, int pleinId, string name = "Proefkaart") =>
        (await new ApiKeys(db.DataSource).CreateAsync(pleinId, name, createdBy: null)).Key;

    public static async Task<int> PleinIdAsync(FixtureDatabase db, string name)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT id FROM plein WHERE name = @name", new { name });
    }

    public static HttpClient WithApiKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The problem details body of a refused request, with its status checked.</summary>
    public static async Task<JsonElement> GetProblemAsync(this HttpClient client, string url, int status)
    {
        var response = await client.GetAsync(url);
        Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{url}: {await response.Content.ReadAsStringAsync()}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), url);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
