using Dapper;
using Npgsql;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Schema;

/// <summary>The audit log can be written to and read, never changed or emptied (NEN 7513).</summary>
public sealed class AuditLogAppendOnlyTests
{
    FixtureDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _db = await TestDatabase.CreateAsync();
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO audit_log (action, outcome) VALUES ('login.failure', 'refused')");
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _db.DisposeAsync();

    [TestCase("UPDATE audit_log SET outcome = 'allowed'", TestName = "Updating_an_audit_entry_is_refused")]
    [TestCase("DELETE FROM audit_log", TestName = "Deleting_an_audit_entry_is_refused")]
    [TestCase("TRUNCATE audit_log", TestName = "Truncating_the_audit_log_is_refused")]
    public async Task Changing_the_audit_log_is_refused(string sql)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql));

        Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE outcome = 'refused'"), Is.EqualTo(1));
    }
}
