using Dapper;
using Npgsql;
using SociaalPlein.Data.Database;

namespace SociaalPlein.Tests.Database;

/// <summary>The embedded cluster behind `dotnet run`: created once, reused, found again when left running.</summary>
public sealed class LocalPostgresTests
{
    string _home = null!;

    [SetUp]
    public void NewHome() => _home = Path.Combine(Path.GetTempPath(), $"sociaalplein-local-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveHome()
    {
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    [Test]
    public async Task Cluster_keeps_its_data_between_a_stop_and_the_next_start()
    {
        await using (var first = await LocalPostgres.StartAsync(_home, durable: false, _ => { }))
        {
            await first.EnsureDatabaseAsync("bewaard");
            await using var conn = new NpgsqlConnection(first.ConnectionString("bewaard"));
            await conn.ExecuteAsync("CREATE TABLE teken (waarde text); INSERT INTO teken VALUES ('nog hier')");
        }

        await using var second = await LocalPostgres.StartAsync(_home, durable: false, _ => { });
        await using var again = new NpgsqlConnection(second.ConnectionString("bewaard"));

        Assert.That(await again.ExecuteScalarAsync<string>("SELECT waarde FROM teken"), Is.EqualTo("nog hier"));
    }

    [Test]
    public async Task A_cluster_left_running_is_reused_and_left_running_by_the_second_user()
    {
        await using var first = await LocalPostgres.StartAsync(_home, durable: false, _ => { });

        await using (var second = await LocalPostgres.StartAsync(_home, durable: false, _ => { }))
            Assert.That(second.Port, Is.EqualTo(first.Port));

        // The second one attached rather than started, so disposing it left the server up for the first.
        await using var conn = new NpgsqlConnection(first.ConnectionString("postgres"));
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT 1"), Is.EqualTo(1));
    }

    [Test]
    public async Task Cluster_has_the_contrib_extensions_and_dutch_collation()
    {
        await using var cluster = await LocalPostgres.StartAsync(_home, durable: false, _ => { });
        await using var conn = new NpgsqlConnection(cluster.ConnectionString("postgres"));

        var available = await conn.QueryAsync<string>(
            "SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent')");
        var sorted = await conn.QueryAsync<string>(
            "SELECT n FROM unnest(ARRAY['Zuidema', 'Özdemir', 'Aydin']) n ORDER BY n");

        Assert.That(available, Is.EquivalentTo(new[] { "pg_trgm", "unaccent" }));
        Assert.That(sorted, Is.EqualTo(new[] { "Aydin", "Özdemir", "Zuidema" }));
    }

    [Test]
    public void Missing_binaries_give_one_message_that_says_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_home, "leeg")).FullName;

        var error = Assert.Throws<LocalPostgresException>(() => PostgresBinaries.Find(empty, Path.Combine(_home, "nergens")));

        Assert.That(error!.Message, Does.Contain("apt-get install postgresql postgresql-contrib"));
        Assert.That(error.Message, Does.Contain("ConnectionStrings__SociaalPlein"));
    }

    // Debian's /usr/bin/pg_dump is a wrapper that may pick another version; the one beside initdb matches the cluster.
    [Test]
    public void A_client_program_is_taken_from_beside_initdb_following_its_link()
    {
        var installation = Directory.CreateDirectory(Path.Combine(_home, "pg", "bin")).FullName;
        var links = Directory.CreateDirectory(Path.Combine(_home, "links")).FullName;
        var elsewhere = Directory.CreateDirectory(Path.Combine(_home, "elders")).FullName;
        foreach (var program in new[] { "initdb", "pg_ctl", "pg_dump" }) File.WriteAllText(Path.Combine(installation, program), "");
        foreach (var program in new[] { "initdb", "pg_ctl" }) File.CreateSymbolicLink(Path.Combine(links, program), Path.Combine(installation, program));
        File.WriteAllText(Path.Combine(elsewhere, "pg_dump"), "");

        var found = PostgresBinaries.FindClient("pg_dump", $"{elsewhere}:{links}", Path.Combine(_home, "nergens"));

        Assert.That(found, Is.EqualTo(Path.Combine(installation, "pg_dump")));
    }

    [Test]
    public void A_missing_client_program_gives_a_message_that_says_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_home, "leeg")).FullName;

        var error = Assert.Throws<LocalPostgresException>(() => PostgresBinaries.FindClient("pg_restore", empty, Path.Combine(_home, "nergens")));

        Assert.That(error!.Message, Does.StartWith("pg_restore was not found"));
        Assert.That(error.Message, Does.Contain("apt-get install postgresql-client"));
    }
}
