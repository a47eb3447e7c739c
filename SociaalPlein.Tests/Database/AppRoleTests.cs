using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Database;

/// <summary>
/// The app runs as sociaalplein_app (db/0019), not as the owner: what that role may and may not do at the database.
/// Every other test that goes through the app proves the grants are enough; these prove they are not more.
/// </summary>
public sealed class AppRoleTests : AppFixture
{
    NpgsqlDataSource AppDataSource => App.Services.GetRequiredService<NpgsqlDataSource>();

    protected override async Task ArrangeAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO audit_log (action, outcome) VALUES ('login.failure', 'refused')");
    }

    [Test]
    public async Task The_apps_runtime_connection_runs_as_the_application_role()
    {
        await using var conn = await AppDataSource.OpenConnectionAsync();

        Assert.That(await conn.ExecuteScalarAsync<string>("SELECT current_user"), Is.EqualTo(AppRole.Name));
    }

    [Test]
    public async Task The_apps_runtime_connection_never_compiles_statements_with_jit()
    {
        await using var conn = await AppDataSource.OpenConnectionAsync();

        Assert.That(await conn.ExecuteScalarAsync<string>("SHOW jit"), Is.EqualTo("off"));
    }

    // The pool resets a returned connection: DISCARD ALL, or, once Npgsql has prepared statements on it (here: run three
    // times), the same list without DEALLOCATE. Both start with SET SESSION AUTHORIZATION DEFAULT; the role, set at
    // connection time, must come through, or the next request would run as the login.
    [TestCase(false, TestName = "The_role_holds_after_the_pool_resets_a_connection")]
    [TestCase(true, TestName = "The_role_holds_after_the_pool_resets_a_connection_with_prepared_statements")]
    public async Task The_role_holds_after_the_pool_resets_a_connection(bool prepared)
    {
        var startup = App.Services.GetRequiredService<DatabaseStartup>();
        var oneConnection = new NpgsqlConnectionStringBuilder(startup.RuntimeConnectionString) { MaxPoolSize = 1 };
        await using var pool = DataSourceSettings.Build(oneConnection.ConnectionString);

        int firstBackend;
        await using (var conn = await pool.OpenConnectionAsync())
        {
            for (var i = 0; i < (prepared ? 3 : 1); i++) await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM plein");
            await conn.ExecuteAsync("SET statement_timeout = 4321");
            firstBackend = await conn.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        }

        await using var again = await pool.OpenConnectionAsync();
        var (backend, user, timeout) = await again.QuerySingleAsync<(int, string, string)>(
            "SELECT pg_backend_pid(), current_user::text, current_setting('statement_timeout')");

        Assert.That(backend, Is.EqualTo(firstBackend), "the same server connection, back from the pool");
        Assert.That(timeout, Is.EqualTo("0"), "the pool did reset the connection");
        Assert.That(user, Is.EqualTo(AppRole.Name));
    }

    // Production's set-up (docs/operations.md): the owner's connection for the migrations, a LOGIN role that is a
    // member of sociaalplein_app for everything else.
    [Test]
    public async Task With_a_separate_login_the_app_connects_as_that_login_and_runs_as_the_role()
    {
        var login = $"sp_web_{Guid.NewGuid():N}"[..20];
        var password = Guid.NewGuid().ToString("N");
        await using (var owner = await Db.DataSource.OpenConnectionAsync())
            // Neither a role name nor a password can be a parameter; both are made here, not typed by anyone.
            await owner.ExecuteAsync($"CREATE ROLE {login} LOGIN PASSWORD '{password}' IN ROLE {AppRole.Name}");
        try
        {
            var appLogin = new NpgsqlConnectionStringBuilder(Db.ConnectionString) { Username = login, Password = password };
            await using var app = new AppFactory(Db, settings: new Dictionary<string, string>
            {
                ["ConnectionStrings:SociaalPleinApp"] = appLogin.ConnectionString,
            });
            await Arrange.UserAsync(Db, "losse-login@test.nl", "beheerder");

            await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
                Assert.That(await conn.QuerySingleAsync<(string, string)>("SELECT session_user::text, current_user::text"),
                    Is.EqualTo((login, AppRole.Name)));
            var browser = app.Browser();
            Assert.That((await browser.LogInAsync("losse-login@test.nl", Arrange.Password)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
            Assert.That((await browser.GetAsync("/beheer")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var owner = await Db.DataSource.OpenConnectionAsync();
            await owner.ExecuteAsync($"DROP ROLE {login}");
        }
    }

    // The install of docs/operations.md, as a DBA would do it: an owner that is no superuser runs every migration, the
    // app runs on its own login, and the audit log is append-only for that login too.
    [Test]
    public async Task The_documented_install_works_with_an_owner_that_is_no_superuser_and_a_separate_login()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (owner, web, database) = ($"sp_owner_{suffix}", $"sp_web_{suffix}", $"sp_install_{suffix}");
        var password = Guid.NewGuid().ToString("N");
        // Names and password are made here, not typed by anyone; none of them can be a parameter.
        await TestDatabase.ExecuteOnServerAsync($"CREATE ROLE {owner} LOGIN PASSWORD '{password}'");
        await TestDatabase.ExecuteOnServerAsync($"CREATE DATABASE {database} OWNER {owner} TEMPLATE template0");
        await TestDatabase.ExecuteOnServerAsync($"CREATE ROLE {web} LOGIN PASSWORD '{password}' IN ROLE {AppRole.Name}");
        var db = new FixtureDatabase(database, TestDatabase.ConnectionStringFor(database));
        try
        {
            var server = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = password };
            await using (var app = new AppFactory(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = owner }.ConnectionString,
                settings: new Dictionary<string, string>
                {
                    ["ConnectionStrings:SociaalPleinApp"] = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = web }.ConnectionString,
                }))
            {
                var browser = app.Browser();
                Assert.That((await browser.GetAsync("/health/ready")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
                await Arrange.UserAsync(db, "installatie@test.nl", "beheerder");
                Assert.That((await browser.LogInAsync("installatie@test.nl", Arrange.Password)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

                await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
                Assert.That(await conn.QuerySingleAsync<(string, string)>("SELECT session_user::text, current_user::text"), Is.EqualTo((web, AppRole.Name)));
                var error = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("DELETE FROM audit_log"));
                Assert.That(error!.MessageText, Is.EqualTo("permission denied for table audit_log"));
            }
            await using var check = await db.DataSource.OpenConnectionAsync();
            Assert.That(await check.ExecuteScalarAsync<string>("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'"), Is.EqualTo(owner));
        }
        finally
        {
            await db.DisposeAsync();
            await TestDatabase.ExecuteOnServerAsync($"DROP ROLE {web}");
            await TestDatabase.ExecuteOnServerAsync($"DROP ROLE {owner}");
        }
    }

    [Test]
    public async Task The_application_role_may_write_and_read_the_audit_log()
    {
        await new AuditLog(AppDataSource).WriteAsync(new AuditEntry("export.download", Allowed: true, ObjectType: "export"));

        await using var conn = await AppDataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'export.download'"), Is.EqualTo(1));
    }

    // 0006's triggers refuse these too (with the same SQLSTATE), but an owner may disable triggers: here they are
    // disabled, and the owner shows it could now change the log, so the refusal can only come from the grants.
    [TestCase("UPDATE audit_log SET outcome = 'allowed'", TestName = "The_application_role_may_not_update_the_audit_log_even_without_its_triggers")]
    [TestCase("DELETE FROM audit_log", TestName = "The_application_role_may_not_delete_from_the_audit_log_even_without_its_triggers")]
    [TestCase("TRUNCATE audit_log", TestName = "The_application_role_may_not_truncate_the_audit_log_even_without_its_triggers")]
    public async Task The_application_role_may_not_change_the_audit_log_even_without_its_triggers(string sql)
    {
        await using var owner = await Db.DataSource.OpenConnectionAsync();
        await owner.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER");
        try
        {
            await using (var tx = await owner.BeginTransactionAsync())
            {
                await Assert.DoesNotThrowAsync(() => owner.ExecuteAsync(sql, transaction: tx), "the owner, with the triggers disabled");
                await tx.RollbackAsync();
            }

            await using var app = await AppDataSource.OpenConnectionAsync();
            var error = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync(sql));

            Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(error.MessageText, Is.EqualTo("permission denied for table audit_log"));
            Assert.That(await owner.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE outcome = 'refused'"), Is.EqualTo(1));
        }
        finally
        {
            await owner.ExecuteAsync("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }

    [TestCase("CREATE TABLE eigen_tabel (id integer)", TestName = "The_application_role_may_not_create_a_table")]
    [TestCase("ALTER TABLE audit_log DISABLE TRIGGER USER", TestName = "The_application_role_may_not_disable_the_audit_logs_triggers")]
    [TestCase("DROP TABLE referral_contact", TestName = "The_application_role_may_not_drop_a_table")]
    [TestCase("UPDATE referral_contact SET name = 'Iemand Anders'", TestName = "The_application_role_may_not_rewrite_the_contact_details_a_referral_carried")]
    [TestCase("UPDATE meting SET step = 5", TestName = "The_application_role_may_not_rewrite_a_meting")]
    [TestCase("DELETE FROM meting_agreement", TestName = "The_application_role_may_not_delete_the_record_of_an_agreement_to_metingen")]
    [TestCase("DELETE FROM meting_step", TestName = "The_application_role_may_not_remove_a_step_of_the_meting_scale")]
    [TestCase("INSERT INTO schema_migration (scriptname, applied) VALUES ('db/9999_x.sql', now())", TestName = "The_application_role_may_not_write_the_migration_journal")]
    public async Task The_application_role_may_not_change_the_schema(string sql)
    {
        await using var app = await AppDataSource.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync(sql));

        Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
    }

    [Test]
    public async Task The_application_role_reads_the_migration_journal()
    {
        await using var app = await AppDataSource.OpenConnectionAsync();

        Assert.That(await app.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migration"), Is.EqualTo(Migrations.Scripts.Count));
    }

    // A later migration (0020 …) creates its table as the same owner: the default privileges of 0019 cover it, its
    // sequence included, without a GRANT of its own.
    [Test]
    public async Task A_table_a_later_migration_creates_is_usable_by_the_application_role()
    {
        await using (var owner = await Db.DataSource.OpenConnectionAsync())
            await owner.ExecuteAsync("CREATE TABLE later_feature (id bigserial PRIMARY KEY, name text NOT NULL)");

        await using var app = await AppDataSource.OpenConnectionAsync();
        var id = await app.ExecuteScalarAsync<long>("INSERT INTO later_feature (name) VALUES ('eerste') RETURNING id");
        await app.ExecuteAsync("UPDATE later_feature SET name = 'gewijzigd' WHERE id = @id", new { id });
        Assert.That(await app.ExecuteScalarAsync<string>("SELECT name FROM later_feature WHERE id = @id", new { id }), Is.EqualTo("gewijzigd"));
        Assert.That(await app.ExecuteAsync("DELETE FROM later_feature WHERE id = @id", new { id }), Is.EqualTo(1));
    }

    [Test]
    public void Background_jobs_are_stored_and_read_as_the_application_role()
    {
        var jobs = App.Services.GetRequiredService<IBackgroundJobClient>();

        var jobId = jobs.Enqueue<GidsVerificatieJob>(j => j.RunAsync(CancellationToken.None));

        var job = App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
        Assert.That(job.History.Select(h => h.StateName), Does.Contain("Enqueued"));
    }

    // An installation that had Hangfire's tables before 0019 existed: no default privileges covered them. The
    // grant after Hangfire's install at start-up does, or the app could not even register its recurring jobs.
    [Test]
    public async Task Hangfire_tables_made_before_the_role_existed_are_granted_at_start_up()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        await using (var owner = await db.DataSource.OpenConnectionAsync())
            PostgreSqlObjectsInstaller.Install(owner, BackgroundJobs.Schema);

        await using var app = new AppFactory(db);
        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<GidsVerificatieJob>(j => j.RunAsync(CancellationToken.None));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<bool>(
            "SELECT has_table_privilege(@role, 'hangfire.job', 'INSERT')", new { role = AppRole.Name }), Is.True);
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM hangfire.job WHERE id = @id", new { id = long.Parse(jobId) }), Is.EqualTo(1));
    }
}
