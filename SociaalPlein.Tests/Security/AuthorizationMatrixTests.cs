using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// The authorization matrix, walked: every endpoint the app registers has a row in <see cref="AuthorizationMatrix"/>,
/// every row is asked as every asker with real ids, and docs/security.md shows the same table.
/// </summary>
public sealed class AuthorizationMatrixTests : AppFixture
{
    SecurityWorld _world = null!;

    protected override async Task ArrangeAsync() => _world = await SecurityWorld.ArrangeAsync(Db, App.Services);

    /// <summary>
    /// Every endpoint of the app by the pattern it is matched with: a page by its shortest route (a page answers at
    /// "/gids" and "/gids/index"), anything else by its route pattern.
    /// </summary>
    public static IReadOnlyList<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath ?? e.RoutePattern.RawText)
            .Select(g => g.OrderBy(e => e.RoutePattern.RawText!.Length).First())
            .ToList();

    public static IReadOnlyList<string> DiscoveredPatterns(IServiceProvider services) =>
        Endpoints(services).Select(Pattern).Distinct().Order(StringComparer.Ordinal).ToList();

    public static string Pattern(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/').ToLowerInvariant();

    [Test]
    public void Every_endpoint_of_the_app_has_a_row_in_the_matrix_and_every_row_an_endpoint()
    {
        var discovered = DiscoveredPatterns(App.Services);
        var listed = AuthorizationMatrix.Rows.Select(r => r.Pattern).ToList();

        var missing = discovered.Except(listed).ToList();
        Assert.That(missing, Is.Empty,
            "Endpoints without an expected answer. Add a line to AuthorizationMatrix.Rows (SociaalPlein.Tests/Security/AuthorizationMatrix.cs):\n" +
            string.Join("\n", missing.Select(AuthorizationMatrix.SuggestedRow)));
        var gone = listed.Except(discovered).ToList();
        Assert.That(gone, Is.Empty, "Rows of AuthorizationMatrix.Rows for endpoints the app no longer has: remove them.");
        Assert.That(listed, Is.Unique, "one row per endpoint");
    }

    [Test]
    public async Task Every_route_answers_every_asker_as_the_matrix_says()
    {
        var wrong = new List<string>();
        var asked = 0;
        foreach (var asker in Enum.GetValues<Asker>())
        {
            using var browser = await _world.BrowserAsync(App, asker);
            foreach (var row in AuthorizationMatrix.Rows.Where(r => r.For(asker) is not null))
            {
                var url = _world.Fill(row.Url);
                using var response = await SendAsync(browser, row.Method, url);
                var answer = Classify(response);
                asked++;
                if (answer != row.For(asker).ToString()) wrong.Add($"{row.Method} {url} as {asker}: {answer}, expected {row.For(asker)}");
            }
        }

        Assert.That(wrong, Is.Empty, $"{wrong.Count} of {asked} answers differ from AuthorizationMatrix.Rows");
        Assert.That(asked, Is.GreaterThan(AuthorizationMatrix.Rows.Length * 4));
    }

    [Test]
    public void The_table_in_docs_security_md_is_the_matrix_the_test_asserts()
    {
        var rewritten = GeneratedDocs.Write("security.md", "authorization-matrix", AuthorizationMatrix.Markdown());

        Assert.That(rewritten, Is.False,
            "docs/security.md's authorization matrix differed from AuthorizationMatrix.Rows and has been rewritten from it: review and commit the change.");
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient browser, string method, string url) =>
        method == "POST" ? browser.PostAsync(url, new FormUrlEncodedContent([])) : browser.GetAsync(url);

    /// <summary>The answer as the matrix names it; anything it has no name for as the status and where it leads.</summary>
    public static string Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location is not { } l ? ""
            : l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0];
        return (response.StatusCode, location) switch
        {
            (HttpStatusCode.OK, _) => nameof(Answer.Ok),
            (HttpStatusCode.Redirect, "/account/inloggen") => nameof(Answer.Login),
            (HttpStatusCode.Redirect, "/account/geweigerd") => nameof(Answer.Denied),
            (HttpStatusCode.Redirect, "/") => nameof(Answer.Home),
            (HttpStatusCode.BadRequest, _) => nameof(Answer.BadRequest),
            (HttpStatusCode.Unauthorized, _) => nameof(Answer.Unauthorized),
            (HttpStatusCode.Forbidden, _) => nameof(Answer.Forbidden),
            (HttpStatusCode.NotFound, _) => nameof(Answer.NotFound),
            var (status, to) => $"{(int)status} {to}".Trim(),
        };
    }
}
