using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Accounts;

public sealed class TwoFactorTests : DatabaseFixture
{
    static readonly IPAddress Client = IPAddress.Parse("192.0.2.9");
    // A fixed secret and a fixed clock: a "wrong" code such as 123456 stays wrong on every run.
    static readonly byte[] NewPhoneSecret = TwoFactorArrange.SecretFor("nieuwe-telefoon@test.nl");
    FakeTimeProvider _clock = null!;
    Login _login = null!;
    TwoFactor _twoFactor = null!;

    [SetUp]
    public void NewClock()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 10, TimeSpan.Zero));
        var audit = new AuditLog(Db.DataSource);
        _login = new Login(Db.DataSource, audit, _clock);
        _twoFactor = new TwoFactor(Db.DataSource, audit, _clock, TwoFactorArrange.ProtectionFor(Db), _login);
    }

    string CodeAt(string email, int stepsFromNow) =>
        Totp.Code(TwoFactorArrange.SecretFor(email), Totp.StepAt(_clock.GetUtcNow()) + stepsFromNow);

    async Task<SignedInUser> PasswordAsync(string email) =>
        await _login.AttemptAsync(email, Arrange.Password, Client) ?? throw new InvalidOperationException("The password step failed.");

    async Task<SignedInUser?> CodeAsync(SignedInUser user, string code) =>
        await _twoFactor.SecondStepAsync(user.Id, user.SecurityStamp, code, Client);

    [Test]
    public async Task The_password_of_an_account_with_two_factor_does_not_sign_in_by_itself()
    {
        var plein = await Arrange.PleinAsync(Db, "Plein Twee Stappen");
        await Arrange.UserAsync(Db, "tweestap@test.nl", "projectleider", [plein]);

        var afterPassword = await PasswordAsync("tweestap@test.nl");
        var afterCode = await CodeAsync(afterPassword, CodeAt("tweestap@test.nl", 0));

        Assert.That(afterPassword.HasTwoFactor, Is.True);
        Assert.That(afterPassword.PleinIds, Is.Empty, "nothing to act on before the second step");
        Assert.That(afterCode?.PleinIds, Is.EqualTo(new[] { plein }));
    }

    [Test]
    public async Task A_code_is_accepted_once_and_refused_when_used_again()
    {
        await Arrange.UserAsync(Db, "eenmalig@test.nl", "beheerder");
        var code = CodeAt("eenmalig@test.nl", 0);

        Assert.That(await CodeAsync(await PasswordAsync("eenmalig@test.nl"), code), Is.Not.Null);
        Assert.That(await CodeAsync(await PasswordAsync("eenmalig@test.nl"), code), Is.Null, "the same code a second time");
    }

    [Test]
    public async Task After_a_code_is_used_the_codes_of_earlier_steps_are_refused_too()
    {
        await Arrange.UserAsync(Db, "later@test.nl", "beheerder");

        Assert.That(await CodeAsync(await PasswordAsync("later@test.nl"), CodeAt("later@test.nl", 0)), Is.Not.Null);
        Assert.That(await CodeAsync(await PasswordAsync("later@test.nl"), CodeAt("later@test.nl", -1)), Is.Null);
        Assert.That(await CodeAsync(await PasswordAsync("later@test.nl"), CodeAt("later@test.nl", 1)), Is.Not.Null, "the next step's code is new");
    }

    [TestCase(-1, true)]
    [TestCase(1, true)]
    [TestCase(-2, false)]
    [TestCase(2, false)]
    public async Task Codes_one_step_off_are_accepted_and_two_steps_off_refused(int steps, bool accepted)
    {
        var email = $"stap{steps + 2}@test.nl";
        await Arrange.UserAsync(Db, email, "projectleider");

        var user = await CodeAsync(await PasswordAsync(email), CodeAt(email, steps));

        Assert.That(user is not null, Is.EqualTo(accepted));
    }

    [Test]
    public async Task Five_wrong_codes_lock_the_account_like_wrong_passwords()
    {
        await Arrange.UserAsync(Db, "raden@test.nl", "beheerder");
        var user = await PasswordAsync("raden@test.nl");
        for (var i = 0; i < Login.MaxFailures; i++)
            Assert.That(await CodeAsync(user, "000000"), Is.Null);

        Assert.That(await CodeAsync(user, CodeAt("raden@test.nl", 0)), Is.Null, "the right code while locked");
        Assert.That(await _login.AttemptAsync("raden@test.nl", Arrange.Password, Client), Is.Null, "the right password while locked");

        _clock.Advance(Login.LockoutPeriod + TimeSpan.FromSeconds(1));
        Assert.That(await CodeAsync(await PasswordAsync("raden@test.nl"), CodeAt("raden@test.nl", 0)), Is.Not.Null);
    }

    [Test]
    public async Task A_right_password_does_not_reset_the_count_of_wrong_codes()
    {
        await Arrange.UserAsync(Db, "opnieuw@test.nl", "beheerder");
        for (var i = 0; i < Login.MaxFailures - 1; i++)
            await CodeAsync(await PasswordAsync("opnieuw@test.nl"), "000000");

        await CodeAsync(await PasswordAsync("opnieuw@test.nl"), "111111");

        Assert.That(await _login.AttemptAsync("opnieuw@test.nl", Arrange.Password, Client), Is.Null, "locked after the fifth wrong code");
    }

    [Test]
    public async Task A_changed_security_stamp_between_the_steps_refuses_the_code()
    {
        await Arrange.UserAsync(Db, "gewijzigd@test.nl", "beheerder");
        var user = await PasswordAsync("gewijzigd@test.nl");
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE app_user SET security_stamp = gen_random_uuid() WHERE email = 'gewijzigd@test.nl'");

        Assert.That(await CodeAsync(user, CodeAt("gewijzigd@test.nl", 0)), Is.Null);
    }

    [Test]
    public async Task Enrolment_needs_a_valid_code_and_stores_the_secret_protected_with_ten_hashed_recovery_codes()
    {
        var id = await Arrange.UserAsync(Db, "inschrijven@test.nl", "professional");
        var secret = NewPhoneSecret;
        var now = Totp.StepAt(_clock.GetUtcNow());

        Assert.That(await _twoFactor.EnableAsync(id, secret, "123456", Client), Is.Null);
        Assert.That((await _twoFactor.StatusAsync(id)).Enabled, Is.False, "a wrong code stores nothing");

        var codes = await _twoFactor.EnableAsync(id, secret, Totp.Code(secret, now), Client);

        Assert.That(codes, Has.Count.EqualTo(TwoFactor.RecoveryCodeCount).And.All.Match(@"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$"));
        Assert.That(codes, Is.Unique);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<string>("SELECT totp_secret_protected FROM app_user WHERE id = @id", new { id });
        var storedBytes = Convert.FromBase64String(stored);
        Assert.That(Encoding.ASCII.GetString(storedBytes), Does.Not.Contain(Totp.ToBase32(secret)));
        Assert.That(storedBytes.AsSpan().IndexOf(secret), Is.EqualTo(-1), "not the raw secret either");
        var hashes = (await conn.QueryAsync<byte[]>("SELECT code_hash FROM recovery_code WHERE user_id = @id", new { id })).ToList();
        Assert.That(hashes, Has.Count.EqualTo(TwoFactor.RecoveryCodeCount));
        var codeTexts = codes!.Select(c => Encoding.ASCII.GetBytes(c.Replace("-", ""))).ToList();
        Assert.That(hashes.Any(h => codeTexts.Any(c => h.AsSpan().IndexOf(c) >= 0)), Is.False, "no code stored as text");
        Assert.That(await _twoFactor.EnableAsync(id, secret, Totp.Code(secret, now + 1), Client), Is.Null, "on already");
    }

    [Test]
    public async Task A_recovery_code_signs_in_once()
    {
        var id = await Arrange.UserAsync(Db, "herstel@test.nl", "professional");
        var secret = NewPhoneSecret;
        var codes = (await _twoFactor.EnableAsync(id, secret, Totp.Code(secret, Totp.StepAt(_clock.GetUtcNow())), Client))!;

        var first = await CodeAsync(await PasswordAsync("herstel@test.nl"), codes[3].ToLowerInvariant().Replace("-", " "));
        var again = await CodeAsync(await PasswordAsync("herstel@test.nl"), codes[3]);

        Assert.That(first, Is.Not.Null, "typed in lower case with spaces");
        Assert.That(again, Is.Null);
        Assert.That((await _twoFactor.StatusAsync(id)).RecoveryCodesLeft, Is.EqualTo(TwoFactor.RecoveryCodeCount - 1));
    }

    [Test]
    public async Task Switching_off_needs_a_current_code_and_then_the_password_alone_signs_in()
    {
        var id = await Arrange.UserAsync(Db, "uitzetten@test.nl", "professional");
        var secret = NewPhoneSecret;
        var now = Totp.StepAt(_clock.GetUtcNow());
        await _twoFactor.EnableAsync(id, secret, Totp.Code(secret, now), Client);

        Assert.That(await _twoFactor.DisableAsync(id, Totp.Code(secret, now), Client), Is.False, "the code used for enrolment");
        Assert.That(await _twoFactor.DisableAsync(id, Totp.Code(secret, now + 1), Client), Is.True);

        Assert.That((await PasswordAsync("uitzetten@test.nl")).HasTwoFactor, Is.False);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM recovery_code WHERE user_id = @id", new { id }), Is.Zero);
    }

    [Test]
    public async Task Enrolment_codes_logins_and_switching_off_are_audited_without_the_codes()
    {
        var id = await Arrange.UserAsync(Db, "spoor@test.nl", "professional");
        var secret = NewPhoneSecret;
        var now = Totp.StepAt(_clock.GetUtcNow());
        var codes = (await _twoFactor.EnableAsync(id, secret, Totp.Code(secret, now), Client))!;
        await CodeAsync(await PasswordAsync("spoor@test.nl"), "000000");
        await CodeAsync(await PasswordAsync("spoor@test.nl"), Totp.Code(secret, now + 1));
        await CodeAsync(await PasswordAsync("spoor@test.nl"), codes[0]);
        _clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        await _twoFactor.DisableAsync(id, Totp.Code(secret, now + 2), Client);

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Action, string Outcome, string Address, string? Detail)>("""
            SELECT action, outcome, host(client_address), detail::text FROM audit_log WHERE user_id = @id ORDER BY id
            """, new { id })).ToList();
        Assert.That(rows.Select(r => (r.Action, r.Outcome)), Is.EqualTo(new[]
        {
            ("2fa.enabled", "allowed"), ("login.second_factor_failed", "refused"), ("login.success", "allowed"),
            ("recovery_code.used", "allowed"), ("login.success", "allowed"), ("2fa.disabled", "allowed"),
        }));
        Assert.That(rows.Select(r => r.Address), Is.All.EqualTo("192.0.2.9"));
        Assert.That(rows.Select(r => r.Detail ?? ""), Has.None.Contains(codes[0]).And.None.Contains("000000"));
        Assert.That(rows[2].Detail, Does.Contain("totp"));
        Assert.That(rows[4].Detail, Does.Contain("recovery_code"));
    }
}
