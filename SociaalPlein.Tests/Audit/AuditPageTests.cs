using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Export;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Audit;

/// <summary>/beheer/audit through the real app: beheerder only, filters with Dutch messages, the export and its own entry.</summary>
public sealed partial class AuditPageTests : AppFixture
{
    int _a, _b;

    protected override async Task ArrangeAsync()
    {
        _a = await Arrange.PleinAsync(Db, "Plein Auditpagina A");
        _b = await Arrange.PleinAsync(Db, "Plein Auditpagina B");
        await AuditArrange.EntriesAsync(Db, 400, _a, _b, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(3));
        // A value that looks like a spreadsheet formula: the CSV must keep it inert.
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO audit_log (occurred_at, user_email, action, object_type, object_id, outcome)
            VALUES (timestamptz '2026-02-01 10:00:00+00', 'formule@test.nl', 'test.formula', 'visitor', '=HYPERLINK("x")', 'refused')
            """);
    }

    async Task<long> CountAsync(string where, object? args = null) => await BeheerArrange.ScalarAsync<long>(Db,
        $"SELECT count(*) FROM audit_log WHERE {where}", args);

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Other_roles_are_refused_the_audit_log_and_its_export(string role)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, role);

        foreach (var url in new[] { "/beheer/audit", "/beheer/audit/csv", "/beheer/audit?actie=login.success" })
        {
            var response = await browser.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"), url);
        }
    }

    [Test]
    public async Task The_beheerder_sees_the_matching_entries_newest_first_never_cached()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var response = await browser.GetAsync($"/beheer/audit?actie=referral.view&plein={_b}&van=2026-03-01&tot=2026-03-31");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var shown = AuditId().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        var expected = (await ExpectedIdsAsync("""
            action = 'referral.view' AND plein_id = @_b
            AND (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN DATE '2026-03-01' AND DATE '2026-03-31'
            """, new { _b })).ToList();
        Assert.That(shown, Is.EqualTo(expected.Take(50)));
        Assert.That(html.Contains("rel=\"next\""), Is.EqualTo(expected.Count > 50), "a link to older entries only when there are more");
        Assert.That(await browser.GetStringAsync("/beheer"), Does.Contain("href=\"/beheer/audit\""), "linked from the beheer start page");
    }

    async Task<IEnumerable<long>> ExpectedIdsAsync(string where, object args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QueryAsync<long>($"SELECT id FROM audit_log WHERE {where} ORDER BY occurred_at DESC, id DESC", args);
    }

    [TestCase("gebruiker=geen-adres", "Vul het e-mailadres van een gebruiker in")]
    [TestCase("betrokkene=Jan%20Jansen", "Vul een bezoekerscode in, zoals B-K7QM-4XRA")]
    [TestCase("betrokkene=P0000000000000000", "Bij dit pseudoniem hoort geen bezoeker.")]
    [TestCase("actie=DROP%20TABLE", "Kies een actie uit de lijst.")]
    [TestCase("uitkomst=misschien", "Kies toegestaan of geweigerd.")]
    [TestCase("plein=999999", "Kies een plein uit de lijst.")]
    [TestCase("van=31-02-2026", "Vul een datum in als dd-mm-jjjj")]
    [TestCase("van=2026-05-01&tot=2026-04-01", "De einddatum ligt voor de begindatum.")]
    public async Task A_bad_filter_gets_a_Dutch_message_next_to_its_field(string query, string message)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var response = await browser.GetAsync($"/beheer/audit?{query}");
        var csv = await browser.GetAsync($"/beheer/audit/csv?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(message));
        Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no file for a bad filter");
    }

    [Test]
    public async Task The_export_holds_exactly_the_filtered_entries_and_is_itself_audited()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);
        var exportsBefore = await CountAsync("action = 'audit.exported'");

        var response = await browser.GetAsync($"/beheer/audit/csv?actie=visitor.view&plein={_a}");
        var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var lines = body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("tijdstip_utc;gebruiker_id;gebruiker;rol;actie"));
        var expected = await CountAsync("action = 'visitor.view' AND plein_id = @_a", new { _a });
        Assert.That(lines.Length - 1, Is.EqualTo(expected));
        Assert.That(lines.Skip(1), Has.All.Contains(";visitor.view;"));
        Assert.That(lines[1], Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z;"), "UTC to the second");

        var entry = await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT detail::text FROM audit_log WHERE action = 'audit.exported' ORDER BY id DESC LIMIT 1
            """);
        Assert.That(await CountAsync("action = 'audit.exported'"), Is.EqualTo(exportsBefore + 1));
        Assert.That(entry, Does.Contain($"\"rows\": {expected}").And.Contain("\"action\": \"visitor.view\"").And.Contain($"\"plein\": {_a}"));
    }

    [Test]
    public async Task The_export_keeps_a_formula_inert()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var body = await browser.GetStringAsync("/beheer/audit/csv?actie=test.formula");

        Assert.That(body, Does.Contain("'=HYPERLINK"));
    }

    [Test]
    public async Task A_stable_pseudonym_from_an_export_finds_the_visitors_entries()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, p.SenderUserId, p.PleinId, new DateOnly(2026, 11, 23));
        var secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO plein_export_secret (plein_id, secret) VALUES (@PleinId, @secret)", new { p.PleinId, secret });
        var entry = await BeheerArrange.ScalarAsync<long>(Db, """
            INSERT INTO audit_log (action, object_type, subject, plein_id, outcome) VALUES ('visitor.view', 'visitor', @Code, @PleinId, 'allowed')
            RETURNING id
            """, new { visitor.Code, p.PleinId });
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var html = await browser.GetStringAsync($"/beheer/audit?betrokkene={Pseudonyms.Of(secret, visitor.Id).ToUpperInvariant()}");

        var shown = AuditId().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.That(shown, Does.Contain(entry));
        Assert.That(shown, Is.EqualTo((await ExpectedIdsAsync("subject = @Code", new { visitor.Code })).Take(50)));
    }

    [TestCase("2fa.enabled")]
    [TestCase("account.2fa_reset")]
    public async Task An_action_name_with_digits_finds_its_entries(string action)
    {
        var entry = await BeheerArrange.ScalarAsync<long>(Db, """
            INSERT INTO audit_log (action, object_type, outcome) VALUES (@action, 'app_user', 'allowed') RETURNING id
            """, new { action });
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var response = await browser.GetAsync($"/beheer/audit?actie={action}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(AuditId().Matches(html).Select(m => long.Parse(m.Groups[1].Value)), Does.Contain(entry));
    }

    [GeneratedRegex("data-audit-id=\"(\\d+)\"")]
    private static partial Regex AuditId();
}
