using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Database;

public sealed class MigrationTests
{
    [Test]
    public async Task Migrations_apply_to_an_empty_database_and_create_the_schema()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();

        await Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance);

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var tables = (await conn.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToHashSet();
        Assert.That(tables, Is.SupersetOf(new[]
        {
            "plein", "wijk", "organisation", "professional", "leefgebied", "language", "spreekuur",
            "visitor", "referral_contact", "visit", "visit_leefgebied", "referral", "referral_status_event",
            "newsletter", "newsletter_subscriber", "newsletter_delivery", "app_user", "app_user_plein",
            "audit_log", "data_protection_key",
        }));
        var extensions = await conn.QueryAsync<string>("SELECT extname FROM pg_extension");
        Assert.That(extensions, Is.SupersetOf(new[] { "pg_trgm", "unaccent" }));
        Assert.That(await AppliedScriptsAsync(conn), Is.EqualTo(Migrations.Scripts));
    }

    [Test]
    public async Task Running_the_migrations_twice_changes_nothing()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        await Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance);
        var before = await SchemaFingerprintAsync(db);

        await Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance);

        Assert.That(await SchemaFingerprintAsync(db), Is.EqualTo(before));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await AppliedScriptsAsync(conn), Is.EqualTo(Migrations.Scripts));
    }

    [Test]
    public async Task Two_concurrent_migration_runs_both_succeed_and_apply_each_script_once()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();

        await Task.WhenAll(
            Task.Run(() => Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance)),
            Task.Run(() => Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance)));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await AppliedScriptsAsync(conn), Is.EqualTo(Migrations.Scripts));
    }

    [Test]
    public async Task A_failing_migration_stops_with_the_file_name_and_the_database_error_and_keeps_earlier_scripts()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("CREATE TABLE plein (id integer)"); // 0002 will find it in the way

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance));

        Assert.That(error!.Script, Is.EqualTo("db/0002_plein_and_directory.sql"));
        Assert.That(error.Message, Does.Contain("0002_plein_and_directory.sql").And.Contain("already exists"));
        await using var check = await db.DataSource.OpenConnectionAsync();
        Assert.That(await AppliedScriptsAsync(check), Is.EqualTo(new[] { "db/0001_extensions.sql" }));
        Assert.That(await check.ExecuteScalarAsync<bool>("SELECT to_regclass('organisation') IS NULL"), Is.True,
            "the failed script's own transaction is rolled back");
    }

    [Test]
    public void Every_migration_file_in_db_is_embedded_and_numbered()
    {
        var folder = Path.Combine(RepositoryRoot(), "db");
        var files = Directory.GetFiles(folder, "*.sql").Select(f => "db/" + Path.GetFileName(f)).Order(StringComparer.Ordinal);

        Assert.That(Migrations.Scripts, Is.EqualTo(files));
        Assert.That(Migrations.Scripts, Has.All.Match(@"^db/\d{4}_[a-z0-9_]+\.sql$"));
    }

    static async Task<List<string>> AppliedScriptsAsync(NpgsqlConnection conn) =>
        (await conn.QueryAsync<string>("SELECT scriptname FROM schema_migration ORDER BY scriptname")).ToList();

    // Every column of every table with its type, nullability and default, plus every constraint.
    static async Task<List<string>> SchemaFingerprintAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("""
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT conrelid::regclass || ':' || conname || ':' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'rows:' || count(*) FROM schema_migration
            ORDER BY 1
            """)).ToList();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SociaalPlein.sln"))) return dir.FullName;
        throw new InvalidOperationException("SociaalPlein.sln not found above the test binaries.");
    }
}
