using Bogus;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Demo;

/// <summary>The logins of the demo; all three share one password.</summary>
public static class DemoAccounts
{
    public const string Password = "Plein-demo-2026";
    public const string Beheerder = "beheerder@demo.sociaalplein.nl";
    public const string Projectleider = "projectleider@demo.sociaalplein.nl";
    public const string Professional = "professional@demo.sociaalplein.nl";
}

public sealed record DemoSeedResult(
    int Pleinen, int Organisations, int Professionals, int Spreekuren, int Visitors, int Visits, int Referrals, int Users);

/// <summary>
/// Development's demo data: two pleinen with their partners, professionals and spreekuren, and two years of
/// visits, referrals and metingen up to <c>today</c>. Deterministic: the same date gives the same data, byte for byte.
/// </summary>
public sealed class DemoSeed(NpgsqlDataSource db)
{
    // Any fixed number, other than the migrations' lock. ("SPDM" in ASCII.)
    const long AdvisoryLockKey = 0x5350444D;

    /// <summary>
    /// Seeds the whole demo in one transaction when the database holds no plein yet; otherwise changes nothing
    /// and returns null. <paramref name="demoPasswordHash"/> becomes the password hash of the three demo accounts.
    /// </summary>
    public async Task<DemoSeedResult?> RunAsync(DateOnly today, string demoPasswordHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await HoldsNoPleinAsync(conn, tx, ct)) return null;

        var leefgebieden = (await conn.QueryAsync<(string Code, int Id)>(new CommandDefinition(
            "SELECT code, id FROM leefgebied", transaction: tx, cancellationToken: ct))).ToDictionary(l => l.Code, l => l.Id);
        var directory = new DemoDirectoryBuilder(today).Build();
        await new DemoDirectoryWriter(conn, tx, leefgebieden, ct).WriteAsync(directory);
        var (users, inserted) = await WriteAccountsAsync(conn, tx, directory, demoPasswordHash, ct);
        await WriteSubscribersAsync(conn, tx, directory, today, ct);

        var register = new DemoRegisterBuilder(directory, users, today).Build();
        var pleinIds = directory.Pleinen.Select(p => p.Id).ToArray();
        await new DemoRegisterWriter(conn, leefgebieden, ct).WriteAsync(register, pleinIds);
        await DemoMetingen.WriteAsync(conn, tx, pleinIds, ct);
        await tx.CommitAsync(ct);

        return new DemoSeedResult(directory.Pleinen.Count, directory.Organisations.Count, directory.Professionals.Count,
            directory.Spreekuren.Count, register.Visitors.Count, register.Visits.Count, register.Referrals.Count, inserted);
    }

    // The transaction-scoped lock makes a second, concurrent run wait until the first has committed, and then
    // see its pleinen.
    static async Task<bool> HoldsNoPleinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@AdvisoryLockKey)",
            new { AdvisoryLockKey }, tx, cancellationToken: ct));
        return !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM plein)", transaction: tx, cancellationToken: ct));
    }

    sealed record Account(string Email, string DisplayName, string Role, int? ProfessionalId, int[] PleinIds);

    /// <summary>
    /// The three demo accounts. An account that already exists (say, a beheerder made with create-admin under the
    /// same address) is left as it is, and only joined to the pleinen.
    /// </summary>
    static async Task<(DemoUsers Users, int Inserted)> WriteAccountsAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        DemoDirectory directory, string passwordHash, CancellationToken ct)
    {
        var (nieuwland, ettenLeur) = (directory.Pleinen[0], directory.Pleinen[1]);
        var professional = directory.AccountProfessional;
        Account[] accounts =
        [
            new(DemoAccounts.Beheerder, "Marloes Jacobs", "beheerder", null, [nieuwland.Id, ettenLeur.Id]),
            new(DemoAccounts.Projectleider, "Jeroen van Dijk", "projectleider", null, [nieuwland.Id]),
            new(DemoAccounts.Professional, professional.Name, "professional", professional.Id, [nieuwland.Id]),
        ];
        var ids = new List<int>();
        var inserted = 0;
        foreach (var account in accounts)
        {
            var id = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
                INSERT INTO app_user (email, display_name, password_hash, role, professional_id, created_at)
                VALUES (@Email, @DisplayName, @passwordHash, @Role, @ProfessionalId, @createdAt)
                ON CONFLICT (email) DO NOTHING
                RETURNING id
                """, new { account.Email, account.DisplayName, passwordHash, account.Role, account.ProfessionalId,
                    createdAt = DemoClock.At(nieuwland.OpenedOn.AddDays(-14), new TimeOnly(9, 0)) }, tx, cancellationToken: ct));
            if (id is not null) inserted++;
            id ??= await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT id FROM app_user WHERE email = @Email", new { account.Email }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO app_user_plein (user_id, plein_id) SELECT @id, unnest(@PleinIds)
                ON CONFLICT DO NOTHING
                """, new { id, account.PleinIds }, tx, cancellationToken: ct));
            ids.Add(id.Value);
        }
        return (new DemoUsers(ids[0], ids[1], ids[2]), inserted);
    }

    /// <summary>A few partner contacts per plein who receive the quarterly newsletter; one has unsubscribed.</summary>
    static async Task WriteSubscribersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DemoDirectory directory,
        DateOnly today, CancellationToken ct)
    {
        var faker = new Faker("nl") { Random = new Randomizer(20_26_03) };
        foreach (var plein in directory.Pleinen)
        {
            var partners = faker.Random.ListItems(directory.Organisations.Where(o => o.Pleinen.Contains(plein)).ToList(), 6);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < partners.Count; i++)
            {
                var person = DemoNames.Person(faker);
                if (!names.Add(person.Name)) { i--; continue; }
                var organisation = partners[i];
                await conn.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO newsletter_subscriber (plein_id, name, organisation_name, email, unsubscribed_at, created_at)
                    VALUES (@PleinId, @Name, @OrganisationName, @Email, @UnsubscribedAt, @CreatedAt)
                    """, new
                {
                    PleinId = plein.Id, person.Name, OrganisationName = organisation.Template.Name,
                    Email = $"{DemoNames.EmailLocalPart(person.FirstName, person.LastName)}@{organisation.Template.Domain}",
                    UnsubscribedAt = i == 0 ? DemoClock.DaysAgo(faker.Random, today, 20, 200) : (DateTime?)null,
                    CreatedAt = DemoClock.OfficeHours(faker.Random, plein.OpenedOn.AddDays(faker.Random.Number(0, 300))),
                }, tx, cancellationToken: ct));
            }
        }
    }
}
