using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// The antiforgery sweep: every POST handler of every page, found from the app's endpoints, posted without the
/// token by a signed-in beheerder (who passes every folder's policy) answers 400 and stores nothing.
/// </summary>
public sealed class AntiforgeryTests : AppFixture
{
    // Pages that take a POST without a token on purpose, and why.
    static readonly Dictionary<string, string> Exempt = new()
    {
        ["/Error"] = "the status page is re-executed for a refused POST; it renders text and changes nothing",
    };

    // Pages whose policy admits only the half-signed-in cookie of the password step: a beheerder's POST is sent to the
    // login page before the token is checked. The_code_step_refuses_a_post_without_the_token posts there half signed in.
    static readonly string[] HalfSignedIn = ["/Account/Inloggen/Code"];

    SecurityWorld _world = null!;

    protected override async Task ArrangeAsync() => _world = await SecurityWorld.ArrangeAsync(Db, App.Services);

    /// <summary>Every page's POST handlers (null: the unnamed OnPost), with the address the matrix asks the page at.</summary>
    public static async Task<IReadOnlyList<(string Page, string Url, string? Handler)>> PostHandlersAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var handlers = new List<(string, string, string?)>();
        foreach (var endpoint in AuthorizationMatrixTests.Endpoints(services).Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null))
        {
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>()!;
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var pattern = AuthorizationMatrixTests.Pattern(endpoint);
            var url = AuthorizationMatrix.Rows.FirstOrDefault(r => r.Pattern == pattern)?.Url
                      ?? throw new InvalidOperationException($"{pattern} has no row in AuthorizationMatrix.Rows (see AuthorizationMatrixTests).");
            handlers.AddRange(compiled.HandlerMethods
                .Where(h => HttpMethods.IsPost(h.HttpMethod))
                .Select(h => (page.ViewEnginePath, url, h.Name)));
        }
        return handlers;
    }

    [Test]
    public async Task Every_post_without_the_antiforgery_token_answers_400_and_stores_nothing()
    {
        var handlers = await PostHandlersAsync(App.Services);
        using var browser = await _world.BrowserAsync(App, Asker.Beheerder);
        var before = await TableCounts.ReadAsync(Db);
        var wrong = new List<string>();

        foreach (var (page, template, handler) in handlers.Where(h => !Exempt.ContainsKey(h.Page) && !HalfSignedIn.Contains(h.Page)))
        {
            var url = _world.Fill(template);
            if (handler is not null) url += (url.Contains('?') ? "&" : "?") + "handler=" + handler;
            using var response = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = _world.Plein.BeheerderEmail,
                ["Input.Password"] = Arrange.Password,
                ["Input.Name"] = "Zonder token",
                ["Note"] = "Zonder token",
            }));
            if (response.StatusCode != HttpStatusCode.BadRequest) wrong.Add($"{page} handler {handler ?? "(post)"} at {url}: {(int)response.StatusCode}");
        }

        Assert.That(handlers.Count(h => !Exempt.ContainsKey(h.Page)), Is.GreaterThanOrEqualTo(20), "the sweep found the app's forms");
        Assert.That(wrong, Is.Empty);
        Assert.That(TableCounts.Changes(before, await TableCounts.ReadAsync(Db)), Is.Empty, "nothing stored");
        Assert.That((await browser.GetAsync("/verwijzingen")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the logout form refused too: still signed in");
    }

    [Test]
    public async Task Only_the_listed_pages_accept_a_post_without_the_token()
    {
        var handlers = await PostHandlersAsync(App.Services);
        using var anonymous = App.Browser();

        foreach (var page in Exempt.Keys)
        {
            Assert.That(handlers.Select(h => h.Page), Does.Contain(page), $"{page} is exempt but has no POST handler: remove it from the list");
            var url = AuthorizationMatrix.Rows.Single(r => r.Pattern == page.ToLowerInvariant()).Url;
            Assert.That((await anonymous.PostAsync(url, new FormUrlEncodedContent([]))).StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        }
    }

    [Test]
    public async Task The_code_step_refuses_a_post_without_the_token()
    {
        using var browser = App.Browser();
        var password = await browser.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = _world.Plein.BeheerderEmail,
            ["Input.Password"] = Arrange.Password,
        });
        Assert.That(password.Headers.Location?.OriginalString, Does.StartWith(BrowserExtensions.CodePage), "half signed in");
        var before = await TableCounts.ReadAsync(Db);

        using var response = await browser.PostAsync(BrowserExtensions.CodePage, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Code"] = await TwoFactorArrange.NextCodeAsync(_world.Plein.BeheerderEmail) }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TableCounts.Changes(before, await TableCounts.ReadAsync(Db)), Is.Empty, "nothing stored");
        Assert.That((await browser.GetAsync("/verwijzingen")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "not signed in");
    }
}
