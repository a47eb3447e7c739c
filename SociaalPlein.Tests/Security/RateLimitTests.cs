using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// The rate limiter with the limits production has (<see cref="RateLimitSettings"/>' defaults): POSTs under /account per
/// client address and per e-mail address, the API per key. Each test is its own client address (the test host has no
/// network peer: <see cref="ClientFromHeader"/> gives each request the address the test names).
/// </summary>
public sealed class RateLimitTests : DatabaseFixture
{
    static readonly RateLimitSettings Production = new();
    AppFactory? _factory;
    WebApplicationFactory<Program>? _app;

    WebApplicationFactory<Program> App => _app ??= ClientFromHeader.In(_factory = new AppFactory(Db, settings: new Dictionary<string, string>
    {
        [$"{RateLimits.Section}:{nameof(RateLimitSettings.AccountPostsPerAddressPerMinute)}"] = Production.AccountPostsPerAddressPerMinute.ToString(),
        [$"{RateLimits.Section}:{nameof(RateLimitSettings.AccountPostsPerEmailPer15Minutes)}"] = Production.AccountPostsPerEmailPer15Minutes.ToString(),
    }));

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_factory is not null) await _factory.DisposeAsync();
    }

    HttpClient From(string address) => ClientFromHeader.Browser(App, address);

    // Without a token: the limiter counts a POST before antiforgery looks at it, so a refused form still counts.
    static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email) =>
        client.PostAsync("/account/inloggen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "geraden-wachtwoord",
        }));

    [Test]
    public async Task Logins_from_one_address_are_refused_with_429_after_the_limit_and_another_address_goes_on()
    {
        using var attacker = From("198.51.100.7");
        for (var i = 0; i < Production.AccountPostsPerAddressPerMinute; i++)
            Assert.That((await PostLoginAsync(attacker, $"iemand{i}@test.nl")).StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), $"attempt {i + 1}");

        var refused = await PostLoginAsync(attacker, "nog-iemand@test.nl");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), Is.InRange(1, 60));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Te veel pogingen").And.Contain("Wacht 1 minuut"));
        using var colleague = From("198.51.100.8");
        Assert.That((await PostLoginAsync(colleague, "collega@test.nl")).StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await attacker.GetAsync("/account/inloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "only POSTs are limited");
    }

    [Test]
    public async Task Posts_naming_one_email_address_are_refused_after_the_limit_whatever_address_they_come_from()
    {
        for (var i = 0; i < Production.AccountPostsPerEmailPer15Minutes; i++)
        {
            using var client = From($"203.0.113.{i + 1}");
            // Spelled differently each time: the limit is per address as the app reads it (trimmed, lower case).
            var spelling = i % 2 == 0 ? "Doelwit@Test.nl " : "doelwit@test.nl";
            Assert.That((await PostLoginAsync(client, spelling)).StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), $"attempt {i + 1}");
        }

        using var next = From("203.0.113.200");
        var refused = await PostLoginAsync(next, "DOELWIT@test.nl");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.Contains("Retry-After"), Is.True);
        Assert.That((await PostLoginAsync(next, "iemand-anders@test.nl")).StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
    }

    async Task ExhaustEmailAsync(string email, string addressPrefix)
    {
        for (var i = 0; i < Production.AccountPostsPerEmailPer15Minutes; i++)
        {
            using var client = From($"{addressPrefix}{i + 1}");
            Assert.That((await PostLoginAsync(client, email)).StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), $"attempt {i + 1}");
        }
    }

    [Test]
    public async Task A_refusal_by_the_email_window_states_its_real_wait_of_15_minutes()
    {
        await ExhaustEmailAsync("wachten@test.nl", "192.0.2.");

        using var next = From("192.0.2.200");
        var refused = await PostLoginAsync(next, "wachten@test.nl");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.GetValues("Retry-After").Single(), Is.EqualTo("900"));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Wacht 15 minuten"));
    }

    [Test]
    public async Task An_extra_form_key_ending_in_email_does_not_move_a_post_out_of_its_email_partition()
    {
        for (var i = 0; i < Production.AccountPostsPerEmailPer15Minutes + 1; i++)
        {
            using var client = From($"198.18.0.{i + 1}");
            // The decoy comes first in the form; the login binds Input.Email, and so must the limiter.
            var response = await client.PostAsync("/account/inloggen", new FormUrlEncodedContent(
            [
                new("Decoy.Email", $"anders-{i}@test.nl"),
                new("Input.Email", "gericht@test.nl"),
                new("Input.Password", "geraden-wachtwoord"),
            ]));
            var expected = i < Production.AccountPostsPerEmailPer15Minutes ? "allowed" : "refused";
            Assert.That(response.StatusCode == HttpStatusCode.TooManyRequests ? "refused" : "allowed", Is.EqualTo(expected), $"attempt {i + 1}");
        }
    }

    [Test]
    public async Task Refused_attempts_leave_one_audit_entry_per_email_address_and_window()
    {
        await ExhaustEmailAsync("spoor@test.nl", "192.0.2.1");
        for (var i = 0; i < 5; i++)
        {
            using var client = From($"198.18.1.{i + 1}");
            Assert.That((await PostLoginAsync(client, "spoor@test.nl")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var details = (await conn.QueryAsync<string>("""
            SELECT detail::text FROM audit_log WHERE action = 'account.rate_limited' AND user_email = 'spoor@test.nl' AND outcome = 'refused'
            """)).ToList();
        Assert.That(details, Has.Count.EqualTo(1));
        Assert.That(details[0], Does.Contain("\"limit\": \"email\"").And.Contain("\"window_minutes\": 15"));
    }

    [Test]
    public async Task The_limit_covers_every_post_under_account_not_only_the_login()
    {
        using var client = From("198.51.100.99");
        for (var i = 0; i < Production.AccountPostsPerAddressPerMinute; i++)
            await client.PostAsync($"/account/pagina-{i}", new FormUrlEncodedContent([]));

        Assert.That((await client.PostAsync("/account/wachtwoord-vergeten", new FormUrlEncodedContent([]))).StatusCode,
            Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task The_api_answers_429_in_json_after_the_limit_per_key()
    {
        using var client = From("198.51.100.50");
        client.DefaultRequestHeaders.Add("X-Api-Key", "een-sleutel-die-niet-bestaat");
        for (var i = 0; i < Production.ApiRequestsPerKeyPerMinute; i++)
            Assert.That((await client.GetAsync("/api/hsds/organizations")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"request {i + 1}");

        var refused = await client.GetAsync("/api/hsds/organizations");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Te veel verzoeken"));
        Assert.That(refused.Headers.Contains("Retry-After"), Is.True);
        using var otherKey = From("198.51.100.50");
        otherKey.DefaultRequestHeaders.Add("X-Api-Key", "een-andere-sleutel");
        Assert.That((await otherKey.GetAsync("/api/hsds/organizations")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "per key, not per address");
    }
}
