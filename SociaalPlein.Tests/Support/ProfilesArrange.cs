using Dapper;

namespace SociaalPlein.Tests.Support;

/// <summary>Directory entries for the profile, handout and /profiel tests: plain INSERTs into the app's tables.</summary>
public static class ProfilesArrange
{
    public static async Task<int> OrganisationAsync(FixtureDatabase db, string name, bool active = true, string domein = "sociaal",
        string street = "Marktstraat 1", string postcode = "3112 AB", string city = "Schiedam", string phone = "010 123 4567")
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO organisation (name, domein, kind, street, postcode, city, phone, email, active)
            VALUES (@name, @domein, 'schuldhulp', @street, @postcode, @city, @phone, 'info@org.test', @active) RETURNING id
            """, new { name, domein, street, postcode, city, phone, active });
    }

    public static async Task<int> ProfessionalAsync(FixtureDatabase db, int organisationId, string name, string function = "Maatschappelijk werker",
        bool active = true, string phone = "", string email = "", string about = "", int[]? pleinIds = null,
        string[]? leefgebieden = null, string[]? languages = null, int[]? wijkIds = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function, phone, email, about, active)
            VALUES (@organisationId, @name, @function, @phone, @email, @about, @active) RETURNING id
            """, new { organisationId, name, function, phone, email, about, active });
        await conn.ExecuteAsync("""
            INSERT INTO professional_plein (professional_id, plein_id) SELECT @id, unnest(@pleinIds);
            INSERT INTO professional_leefgebied (professional_id, leefgebied_id) SELECT @id, l.id FROM leefgebied l WHERE l.code = ANY (@leefgebieden);
            INSERT INTO professional_language (professional_id, language_code) SELECT @id, unnest(@languages);
            INSERT INTO professional_wijk (professional_id, wijk_id) SELECT @id, unnest(@wijkIds);
            """, new { id, pleinIds = pleinIds ?? [], leefgebieden = leefgebieden ?? [], languages = languages ?? [], wijkIds = wijkIds ?? [] });
        return id;
    }

    public static async Task<int> WijkAsync(FixtureDatabase db, int pleinId, string name)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "INSERT INTO wijk (plein_id, name) VALUES (@pleinId, @name) RETURNING id", new { pleinId, name });
    }

    public static async Task LinkAccountAsync(FixtureDatabase db, int userId, int professionalId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE app_user SET professional_id = @professionalId WHERE id = @userId", new { userId, professionalId });
    }

    public static async Task<int> LeefgebiedIdAsync(FixtureDatabase db, string code)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT id FROM leefgebied WHERE code = @code", new { code });
    }
}
