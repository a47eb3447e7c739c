using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// Writes the directory (a few hundred rows) with Dapper, one row at a time where its id is needed later and
/// with unnest() for the link tables.
/// </summary>
internal sealed class DemoDirectoryWriter(
    NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyDictionary<string, int> leefgebieden, CancellationToken ct)
{
    // The province of each town the demo uses (the HSDS API needs one in every address).
    static readonly Dictionary<string, string> Provinces = new()
    {
        ["Schiedam"] = "Zuid-Holland", ["Rotterdam"] = "Zuid-Holland", ["Etten-Leur"] = "Noord-Brabant", ["Breda"] = "Noord-Brabant",
    };

    public async Task WriteAsync(DemoDirectory directory)
    {
        foreach (var plein in directory.Pleinen) await WritePleinAsync(plein);
        foreach (var organisation in directory.Organisations) await WriteOrganisationAsync(organisation);
        foreach (var professional in directory.Professionals) await WriteProfessionalAsync(professional);
        foreach (var spreekuur in directory.Spreekuren) await WriteSpreekuurAsync(spreekuur);
        await WriteLinksAsync(directory);
    }

    async Task WritePleinAsync(DemoPlein plein)
    {
        plein.Id = await ScalarAsync("""
            INSERT INTO plein (name, municipality, address, province, opened_on, created_at)
            VALUES (@Name, @Municipality, @Address, @Province, @OpenedOn, @CreatedAt)
            RETURNING id
            """, new
        {
            plein.Name, plein.Municipality, plein.Address, Province = Provinces[plein.Municipality], plein.OpenedOn,
            CreatedAt = DemoClock.At(plein.OpenedOn.AddDays(-30), new TimeOnly(10, 0)),
        });
        var wijkIds = new List<int>();
        foreach (var (name, _) in plein.Wijken)
            wijkIds.Add(await ScalarAsync(
                "INSERT INTO wijk (plein_id, name) VALUES (@PleinId, @name) RETURNING id", new { PleinId = plein.Id, name }));
        plein.WijkIds = [.. wijkIds];
    }

    async Task WriteOrganisationAsync(DemoOrganisation o)
    {
        var t = o.Template;
        o.Id = await ScalarAsync("""
            INSERT INTO organisation (name, domein, kind, description, phone, email, website, street, postcode, city, province,
                                      capacity, capacity_weeks, capacity_set_at, verified_at, created_at, updated_at)
            VALUES (@Name, @Domein, @Kind, @Description, @Phone, @Email, @Website, @Street, @Postcode, @City, @Province,
                    @Capacity, @CapacityWeeks, @CapacitySetAt, @VerifiedAt, @CreatedAt, @VerifiedAt)
            RETURNING id
            """, new
        {
            t.Name, t.Domein, t.Kind, t.Description, o.Phone, o.Email, Website = $"https://www.{t.Domain}", o.Street, o.Postcode, t.City, Province = Provinces[t.City],
            Capacity = o.Capacity.State, CapacityWeeks = o.Capacity.Weeks, CapacitySetAt = o.Capacity.SetAt, o.VerifiedAt, o.CreatedAt,
        });
    }

    async Task WriteProfessionalAsync(DemoProfessional p)
    {
        p.Id = await ScalarAsync("""
            INSERT INTO professional (organisation_id, name, function, email, phone, about, capacity, capacity_weeks,
                                      capacity_set_at, verified_at, created_at, updated_at)
            VALUES (@OrganisationId, @Name, @Function, @Email, @Phone, @About, @Capacity, @CapacityWeeks,
                    @CapacitySetAt, @VerifiedAt, @CreatedAt, @VerifiedAt)
            RETURNING id
            """, new
        {
            OrganisationId = p.Organisation.Id, p.Name, p.Function, p.Email, p.Phone, p.About,
            Capacity = p.Capacity.State, CapacityWeeks = p.Capacity.Weeks, CapacitySetAt = p.Capacity.SetAt, p.VerifiedAt, p.CreatedAt,
        });
    }

    async Task WriteSpreekuurAsync(DemoSpreekuur s)
    {
        s.Id = await ScalarAsync("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at,
                                   location, valid_from)
            VALUES (@PleinId, @OrganisationId, @ProfessionalId, @Kind, @Title, @Weekday, @StartsAt, @EndsAt, @Location, @ValidFrom)
            RETURNING id
            """, new
        {
            PleinId = s.Plein.Id, OrganisationId = s.Organisation.Id, ProfessionalId = s.Professional?.Id, s.Kind, s.Title,
            Weekday = (short)s.Weekday, s.StartsAt, s.EndsAt, s.Location, s.ValidFrom,
        });
    }

    async Task WriteLinksAsync(DemoDirectory d)
    {
        await LinkAsync("organisation_plein (organisation_id, plein_id)",
            d.Organisations.SelectMany(o => o.Pleinen.Select(p => (o.Id, p.Id))));
        await LinkAsync("organisation_leefgebied (organisation_id, leefgebied_id)",
            d.Organisations.SelectMany(o => o.Leefgebieden.Select(code => (o.Id, leefgebieden[code]))));
        await LinkAsync("professional_plein (professional_id, plein_id)",
            d.Professionals.SelectMany(p => p.Pleinen.Select(plein => (p.Id, plein.Id))));
        await LinkAsync("professional_leefgebied (professional_id, leefgebied_id)",
            d.Professionals.SelectMany(p => p.Leefgebieden.Select(code => (p.Id, leefgebieden[code]))));
        // One or two wijken per plein, picked from the id so the random stream (and all other data) stays as it was.
        await LinkAsync("professional_wijk (professional_id, wijk_id)",
            d.Professionals.SelectMany(p => p.Pleinen.SelectMany(plein => WijkenOf(p.Id, plein.WijkIds)).Select(w => (p.Id, w))));
        await LinkAsync("spreekuur_leefgebied (spreekuur_id, leefgebied_id)",
            d.Spreekuren.SelectMany(s => s.Leefgebieden.Select(code => (s.Id, leefgebieden[code]))));
        var languages = d.Professionals.SelectMany(p => p.Languages.Select(code => (p.Id, code))).ToList();
        await ExecuteAsync("""
            INSERT INTO professional_language (professional_id, language_code)
            SELECT * FROM unnest(@Ids, @Codes)
            """, new { Ids = languages.Select(l => l.Id).ToArray(), Codes = languages.Select(l => l.code).ToArray() });
    }

    static IEnumerable<int> WijkenOf(int professionalId, int[] wijken) =>
        new[] { wijken[professionalId % wijken.Length], wijken[(professionalId * 7 + 3) % wijken.Length] }.Distinct();

    // The table name is ours, never input; the values travel as array parameters.
    Task LinkAsync(string table, IEnumerable<(int Left, int Right)> pairs)
    {
        var list = pairs.ToList();
        return ExecuteAsync($"INSERT INTO {table} SELECT * FROM unnest(@Left, @Right)",
            new { Left = list.Select(p => p.Left).ToArray(), Right = list.Select(p => p.Right).ToArray() });
    }

    Task<int> ScalarAsync(string sql, object args) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, args, tx, cancellationToken: ct));

    Task ExecuteAsync(string sql, object args) =>
        conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
}
