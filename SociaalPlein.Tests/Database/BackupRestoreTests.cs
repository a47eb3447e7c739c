using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Demo;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Database;

/// <summary>
/// The backup and restore procedure of docs/operations.md, run: <c>pg_dump -Fc</c> of a seeded database,
/// <c>pg_restore</c> into a fresh one on the same server (where the roles already are), and the restored copy holds
/// the same rows and lets a user log in through the app, as the application role.
/// </summary>
public sealed class BackupRestoreTests
{
    string _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"sociaalplein-backup-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_dump_restored_into_a_fresh_database_has_the_same_rows_in_every_table_and_a_working_login()
    {
        await using var source = await TestDatabase.CreateAsync();
        await new DemoSeed(source.DataSource).RunAsync(PleinTime.Today(TimeProvider.System), Passwords.Hash(DemoAccounts.Password));
        // Outside Development staff sign in with two-factor: the restored login then also proves that the secret, protected
        // with the key ring in the database, is read back from the dump.
        await TwoFactorArrange.EnrolAsync(source, DemoAccounts.Projectleider);
        // A login through the app adds what only a running app writes: the audit log, the DataProtection key ring, and
        // Hangfire's schema with the recurring jobs.
        await using (var app = new AppFactory(source))
            Assert.That((await app.Browser().LogInAsync(DemoAccounts.Projectleider, DemoAccounts.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var before = await RowCountsAsync(source);

        var dump = Path.Combine(_folder, "sociaalplein.dump");
        await RunAsync("pg_dump", source, "--format=custom", "--file", dump, source.Name);
        await using var restored = await TestDatabase.CreateEmptyAsync();
        await RunAsync("pg_restore", restored, "--exit-on-error", "--dbname", restored.Name, dump);

        Assert.That(before["public.referral"], Is.GreaterThan(1000), "the demo register was seeded");
        Assert.That(before["public.audit_log"], Is.GreaterThan(0), "the login was audited");
        Assert.That(before["public.data_protection_key"], Is.GreaterThan(0), "the key ring was stored");
        Assert.That(before.Keys, Does.Contain("hangfire.job"), "Hangfire's tables are in the dump too");
        Assert.That(await RowCountsAsync(restored), Is.EqualTo(before));
        await using (var conn = await restored.DataSource.OpenConnectionAsync())
            Assert.That(await conn.QuerySingleAsync<(bool, bool)>(
                "SELECT has_table_privilege(@role, 'audit_log', 'INSERT'), has_table_privilege(@role, 'audit_log', 'UPDATE')",
                new { role = AppRole.Name }), Is.EqualTo((true, false)), "the grants came back with the tables");

        await using var restoredApp = new AppFactory(restored);
        var browser = restoredApp.Browser();
        var login = await browser.LogInAsync(DemoAccounts.Projectleider, DemoAccounts.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That(await browser.GetStringAsync("/"), Does.Contain("Sociaal Plein Nieuwland"));
    }

    /// <summary>The number of rows of every table in every schema of the database (ours and Hangfire's), in one statement.</summary>
    static async Task<Dictionary<string, long>> RowCountsAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var counts = await conn.QueryAsync<(string Table, long Rows)>("""
            SELECT n.nspname || '.' || c.relname,
                   (xpath('/row/count/text()',
                          query_to_xml(format('SELECT count(*) FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """);
        return counts.ToDictionary(c => c.Table, c => c.Rows);
    }

    /// <summary>
    /// Runs a PostgreSQL client program against the test server, with the connection in PG* environment variables as
    /// docs/operations.md does (so the password never shows in a process list). A missing program fails the test
    /// with what to install.
    /// </summary>
    static async Task RunAsync(string program, FixtureDatabase db, params string[] args)
    {
        var server = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var start = new ProcessStartInfo(PostgresBinaries.FindClient(program), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        start.Environment["PGPASSWORD"] = server.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', args)}:\n{await errors}{await output}");
    }
}
