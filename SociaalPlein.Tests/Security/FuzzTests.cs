using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// The fuzz run: generated bad input (<see cref="BadInput"/>, fixed seed) into every form and query string of every
/// page of the matrix. Zero 5xx answers, zero rows stored (every table's count before and after, the audit log aside),
/// no payload ever echoed unencoded — also not afterwards, on any page. The counts go to docs/security.md.
/// </summary>
public sealed partial class FuzzTests : AppFixture
{
    const int Seed = 20261124;
    const int PostsPerForm = 40;
    const int QueriesPerPage = 8;

    SecurityWorld _world = null!;

    protected override async Task ArrangeAsync() => _world = await SecurityWorld.ArrangeAsync(Db, App.Services);

    /// <summary>A form as a page renders it: where it goes, how, and its fields with the values it carries.</summary>
    sealed record Form(string Page, string Method, string Action, IReadOnlyList<(string Name, string Value)> Fields);

    [Test]
    public async Task A_thousand_bad_inputs_get_no_5xx_store_nothing_and_come_back_encoded()
    {
        var bad = new BadInput(Seed);
        using var beheerder = await _world.BrowserAsync(App, Asker.Beheerder);
        using var anonymous = await _world.BrowserAsync(App, Asker.Anonymous);
        var pages = AuthorizationMatrix.Rows.Where(r => r.Method == "GET" && (r.Beheerder == Answer.Ok || r.Anonymous == Answer.Ok)).ToList();
        var forms = new List<Form>();
        foreach (var row in pages)
        {
            var browser = row.Beheerder == Answer.Ok ? beheerder : anonymous;
            var url = _world.Fill(row.Url);
            forms.AddRange(FormsOn(url, await browser.GetStringAsync(url)));
        }
        forms = forms.DistinctBy(f => (f.Method, f.Action.Split('?')[0], string.Join(",", f.Fields.Select(x => x.Name)))).ToList();
        var posts = forms.Where(f => f.Method == "post").ToList();
        Assert.That(posts, Has.Count.GreaterThanOrEqualTo(15), "the run found the app's forms");

        var before = await TableCounts.ReadAsync(Db);
        var run = new Run();
        foreach (var form in posts)
        {
            var browser = pages.First(p => _world.Fill(p.Url) == form.Page).Beheerder == Answer.Ok ? beheerder : anonymous;
            var token = await TokenAsync(browser, form.Page);
            for (var i = 0; i < PostsPerForm; i++)
            {
                var (body, kinds) = BadBody(bad, form.Fields);
                var content = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(token)}&{body}", Encoding.ASCII,
                    "application/x-www-form-urlencoded");
                await run.SendAsync(browser, new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content }, $"POST {form.Action} ({kinds})",
                    form.Fields.Count);
            }
        }
        foreach (var row in pages)
        {
            var browser = row.Beheerder == Answer.Ok ? beheerder : anonymous;
            var url = _world.Fill(row.Url);
            var names = forms.Where(f => f.Method == "get" && f.Page == url).SelectMany(f => f.Fields.Select(x => x.Name))
                .Concat(new Uri("https://x" + url).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]))
                .Concat(["id", "q", "plein", "page", "handler"])
                .Distinct().ToList();
            for (var i = 0; i < QueriesPerPage; i++)
            {
                var (query, kinds) = BadBody(bad, names.Select(n => (n, "")).ToList());
                var path = i == 0 ? Placeholder().Replace(row.Url, _ => bad.Of("unknown-id").Encoded) : url.Split('?')[0];
                await run.SendAsync(browser, new HttpRequestMessage(HttpMethod.Get, $"{path}?{query}"), $"GET {path} ({kinds})", names.Count);
            }
        }

        var afterwards = new List<string>();
        foreach (var row in pages.Where(p => p.Beheerder == Answer.Ok))
        {
            var url = _world.Fill(row.Url);
            using var response = await beheerder.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500 || BadInput.RawScripts.Any(body.Contains)) afterwards.Add($"{url}: {(int)response.StatusCode}");
        }

        TestContext.Out.WriteLine(run.Report(forms, posts));
        Assert.That(run.ServerErrors, Is.Empty, "5xx answers");
        Assert.That(run.Requests, Is.GreaterThanOrEqualTo(1000));
        Assert.That(run.Echoed, Is.Empty, "payloads echoed unencoded");
        Assert.That(TableCounts.Changes(before, await TableCounts.ReadAsync(Db)), Is.Empty, "rows stored from bad input");
        Assert.That(afterwards, Is.Empty, "pages that fail or show a stored payload unencoded afterwards");
        // Written only by a run that passed, like the benchmarks write theirs.
        GeneratedDocs.Write("security.md", "fuzz-run", run.Report(forms, posts));
    }

    [Test]
    public async Task A_tampered_checkbox_value_gets_the_form_again_with_its_messages_not_a_500()
    {
        using var browser = await _world.BrowserAsync(App, Asker.Professional);
        var before = await TableCounts.ReadAsync(Db);

        var response = await browser.SubmitFormAsync("/verwijzingen/nieuw", new Dictionary<string, string>
        {
            ["Input.Spoed"] = "misschien",
            ["Input.ConsentFeedback"] = "' OR 1=1 --",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The page words a refused value its own way ("Deze waarde klopt niet…"); the checkboxes are drawn again, unticked.
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("De verwijzing is nog niet verstuurd").And.Contain("Deze waarde klopt niet"));
        Assert.That(TableCounts.Changes(before, await TableCounts.ReadAsync(Db)), Is.Empty);
    }

    /// <summary>
    /// Every field gets a bad value, and one of them one far longer than any field takes, so that no request is valid by
    /// chance (an SQL payload is a valid name); now and then a name twice, the bad value first.
    /// </summary>
    static (string Body, string Kinds) BadBody(BadInput bad, IReadOnlyList<(string Name, string Value)> fields)
    {
        var parts = new List<string>();
        var kinds = new SortedSet<string>();
        var distinct = fields.DistinctBy(f => f.Name).ToList();
        var tooLong = distinct.Count == 0 ? -1 : bad.Index(distinct.Count);
        foreach (var (i, (name, value)) in distinct.Index())
        {
            var payload = i == tooLong ? bad.FarTooLong() : bad.Next();
            kinds.Add(payload.Kind);
            parts.Add($"{Uri.EscapeDataString(name)}={payload.Encoded}");
            if (bad.Chance(0.15f))
            {
                kinds.Add("duplicate-key");
                parts.Add($"{Uri.EscapeDataString(name)}={(bad.Chance(0.5f) ? Uri.EscapeDataString(value) : bad.Next().Encoded)}");
            }
        }
        return (string.Join("&", parts), string.Join(", ", kinds));
    }

    static async Task<string> TokenAsync(HttpClient browser, string page)
    {
        var token = BrowserExtensions.AntiforgeryToken().Match(await browser.GetStringAsync(page));
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>The forms of a page (the logout form of the layout aside: it ends the session the run needs).</summary>
    static IEnumerable<Form> FormsOn(string page, string html)
    {
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            var method = attributes.GetValueOrDefault("method", "get").ToLowerInvariant();
            var action = WebUtility.HtmlDecode(attributes.GetValueOrDefault("action", page));
            if (action == "") action = page;
            if (action.StartsWith("/account/uitloggen", StringComparison.Ordinal)) continue;
            var fields = FieldElement().Matches(form.Groups[2].Value)
                .Select(f => Attributes(f.Value))
                .Where(a => a.TryGetValue("name", out var name) && name != "__RequestVerificationToken")
                .Select(a => (WebUtility.HtmlDecode(a["name"]), WebUtility.HtmlDecode(a.GetValueOrDefault("value", ""))))
                .ToList();
            if (fields.Count > 0) yield return new Form(page, method, action, fields);
        }
    }

    static Dictionary<string, string> Attributes(string tag) =>
        AttributePattern().Matches(tag).GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.First().Groups[2].Value);

    /// <summary>What the run sent and got back.</summary>
    sealed class Run
    {
        public int Requests { get; private set; }
        public int Values { get; private set; }
        public SortedDictionary<int, int> ByStatus { get; } = [];
        public List<string> ServerErrors { get; } = [];
        public List<string> Echoed { get; } = [];

        public async Task SendAsync(HttpClient browser, HttpRequestMessage request, string what, int values)
        {
            using var response = await browser.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Requests++;
            Values += values;
            var status = (int)response.StatusCode;
            ByStatus[status] = ByStatus.GetValueOrDefault(status) + 1;
            if (status >= 500) ServerErrors.Add($"{status} {what}");
            if (BadInput.RawScripts.Any(body.Contains)) Echoed.Add($"{status} {what}");
        }

        public string Report(IReadOnlyList<Form> forms, IReadOnlyList<Form> posts) => $"""
            Last run (`FuzzTests`, seed {Seed}): {Requests:N0} requests carrying {Values:N0} bad values, into {posts.Count} POST forms
            ({PostsPerForm} each, every field bad at once) and the query strings of {forms.Count - posts.Count} search and filter forms and
            every page of the matrix ({QueriesPerPage} each, one with a bad id in the address). Answers by status:
            {string.Join(", ", ByStatus.Select(s => $"{s.Key}: {s.Value:N0}"))}. 5xx answers: {ServerErrors.Count}; payloads echoed
            unencoded: {Echoed.Count}; rows stored: none (checked per table).
            """;
    }

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<(?:input|select|textarea)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldElement();

    [GeneratedRegex(@"([a-zA-Z_:][-a-zA-Z0-9_:.]*)=""([^""]*)""")]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"\{[a-z]+\}")]
    private static partial Regex Placeholder();
}
