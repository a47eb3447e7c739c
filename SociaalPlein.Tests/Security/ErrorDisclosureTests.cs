using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// Outside Development a failure answers the Dutch error page: never a stack trace, an exception's name or message, or
/// SQL. Forced twice: by a failing endpoint that only this test adds (its message is SQL), and by the database going away
/// under pages, the API and a signed-in session.
/// </summary>
public sealed class ErrorDisclosureTests : DatabaseFixture
{
    const string FailingPath = "/test-only/kapot";
    const string SecretSql = "SELECT password_hash FROM app_user WHERE email = 'geheim@test.nl'";

    // What must never reach a response: our frames and types, the driver's, PostgreSQL's words, the SQL itself.
    static readonly string[] Internals =
        ["SociaalPlein.", "Exception", "   at ", "Npgsql", "SELECT ", "FROM app_user", "password_hash", "stack", "42P01", "3D000"];

    static void AssertDutchPageWithoutInternals(HttpStatusCode status, string body, string what)
    {
        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError), what);
        Assert.That(body, Does.Contain("Er ging iets mis"), what);
        foreach (var secret in Internals) Assert.That(body, Does.Not.Contain(secret), $"{what} shows {secret}");
    }

    [Test]
    public async Task A_failure_with_sql_in_its_message_answers_the_dutch_page_and_nothing_of_it()
    {
        await using var factory = new AppFactory(Db);
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new Failing())));
        using var browser = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        // Signed in: an address without an endpoint sends an anonymous visitor to the login page before anything runs.
        await Arrange.UserAsync(Db, "kapot@test.nl");
        await browser.LogInAsync("kapot@test.nl", Arrange.Password);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var response = await browser.SendAsync(new HttpRequestMessage(method, FailingPath));
            AssertDutchPageWithoutInternals(response.StatusCode, await response.Content.ReadAsStringAsync(), $"{method} {FailingPath}");
            Assert.That(response.Headers.Contains("Content-Security-Policy"), Is.True, "the error page has the headers too");
        }
    }

    [Test]
    public async Task With_the_database_gone_pages_the_api_and_a_session_answer_the_dutch_page_and_nothing_of_the_failure()
    {
        await using var db = await TestDatabase.CreateAsync();
        await Arrange.UserAsync(db, "weg@test.nl", "beheerder");
        await using var app = new AppFactory(db);
        var signedIn = app.Browser();
        await signedIn.LogInAsync("weg@test.nl", Arrange.Password);
        var anonymous = app.Browser();
        Assert.That((await signedIn.GetAsync("/verwijzingen")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await TestDatabase.ExecuteOnServerAsync($"DROP DATABASE \"{db.Name}\" WITH (FORCE)");

        foreach (var (browser, url) in new[] { (signedIn, "/verwijzingen"), (signedIn, "/gids?q=post"), (signedIn, "/api/hsds/organizations"),
                     (anonymous, "/spreekuren"), (signedIn, "/") })
        {
            var response = await browser.GetAsync(url);
            AssertDutchPageWithoutInternals(response.StatusCode, await response.Content.ReadAsStringAsync(), url);
        }
        var login = await anonymous.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = "weg@test.nl",
            ["Input.Password"] = Arrange.Password,
        });
        AssertDutchPageWithoutInternals(login.StatusCode, await login.Content.ReadAsStringAsync(), "POST /account/inloggen");
    }

    /// <summary>Test only: after the app's own pipeline, an endpoint that fails with SQL in its message.</summary>
    sealed class Failing : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) => context.Request.Path == FailingPath
                ? throw new InvalidOperationException($"Query failed: {SecretSql}")
                : nextMiddleware(context));
        };
    }
}
