using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Audit;

/// <summary>
/// The audit log's own promises: a login names the account as its object, and a user's input (an address typed at
/// login, a code from a URL) can never write a line of its own, smuggle control codes, or break the insert by length.
/// </summary>
public sealed class AuditEntryTests : DatabaseFixture
{
    static readonly IPAddress Client = IPAddress.Parse("203.0.113.9");

    sealed record Entry(int? UserId, string? UserEmail, string? Role, string? ObjectType, string? ObjectId, string? Subject,
        string? ClientAddress, string Outcome, string? Detail);

    async Task<Entry> LastAsync(string action)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<Entry>("""
            SELECT user_id, user_email, role, object_type, object_id, subject, host(client_address) AS client_address, outcome,
                   detail::text AS detail
            FROM audit_log WHERE action = @action ORDER BY id DESC LIMIT 1
            """, new { action });
    }

    Login NewLogin() => new(Db.DataSource, new AuditLog(Db.DataSource), new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Test]
    public async Task A_login_names_the_account_as_its_object_with_role_and_address()
    {
        var id = await Arrange.UserAsync(Db, "object@test.nl", "professional");

        await NewLogin().AttemptAsync("object@test.nl", Arrange.Password, Client);
        var success = await LastAsync("login.success");
        await NewLogin().AttemptAsync("object@test.nl", "niet-het-wachtwoord", Client);
        var failure = await LastAsync("login.failure");

        Assert.That(success, Is.EqualTo(new Entry(id, "object@test.nl", "professional", "app_user", id.ToString(), null, "203.0.113.9", "allowed", null)));
        Assert.That(failure with { Detail = null },
            Is.EqualTo(new Entry(id, "object@test.nl", "professional", "app_user", id.ToString(), null, "203.0.113.9", "refused", null)));
    }

    [Test]
    public async Task Newlines_and_control_characters_in_a_typed_address_are_neutralised()
    {
        await NewLogin().AttemptAsync("evil@test.nl\r\n2026-11-24 login.success beheerder\u001b[31m", "x", Client);

        var entry = await LastAsync("login.failure");

        Assert.That(entry.UserEmail, Does.Not.Match(@"[\u0000-\u001f\u007f]"));
        Assert.That(entry.UserEmail, Is.EqualTo(@"evil@test.nl\u000d\u000a2026-11-24 login.success beheerder\u001b[31m"));
    }

    [TestCase("B-2026-0001\nvisitor.erased", @"B-2026-0001\u000avisitor.erased")]
    [TestCase("B-2026-0001\u0000\u2028x", @"B-2026-0001\u0000\u2028x")]
    public async Task Every_text_field_of_an_entry_is_neutralised(string typed, string stored)
    {
        await new AuditLog(Db.DataSource).WriteAsync(new AuditEntry("test.injection", Allowed: false, UserEmail: typed,
            ObjectType: "visitor", ObjectId: typed, Subject: typed, ClientAddress: Client, Detail: new { typed }));

        var entry = await LastAsync("test.injection");

        Assert.That((entry.UserEmail, entry.ObjectId, entry.Subject), Is.EqualTo((stored, stored, stored)));
        Assert.That(entry.Detail, Does.Not.Match(@"[\u0000-\u001f]"), "JSON escapes what it holds");
    }

    [Test]
    public async Task An_over_long_value_is_cut_to_fit_instead_of_failing_the_request()
    {
        var longCode = "B-" + new string('9', 200) + "\U0001F600";

        await new AuditLog(Db.DataSource).WriteAsync(new AuditEntry("test.length", Allowed: false, UserEmail: new string('a', 400),
            ObjectId: longCode, Subject: longCode));

        var entry = await LastAsync("test.length");
        Assert.That((entry.UserEmail!.Length, entry.ObjectId!.Length, entry.Subject!.Length), Is.EqualTo((254, 60, 60)));
    }

    [Test]
    public void Inert_never_cuts_a_surrogate_pair_in_half()
    {
        var text = new string('x', 59) + "\U0001F600";

        Assert.That(AuditLog.Inert(text, 60), Is.EqualTo(new string('x', 59)));
    }
}
