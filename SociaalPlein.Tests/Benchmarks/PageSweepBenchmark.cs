using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Security;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// Every GET page at region scale: the pages come from the app's endpoint data source and the roles that may open each
/// from <see cref="AuthorizationMatrix"/> (the same discovery and role knowledge as <c>AuthorizationMatrixTests</c>), the
/// addresses from <see cref="PageSweepRecipes"/>. Each is opened through the real app on Kestrel over HTTPS, 5 warm-ups
/// and 30 timed runs, timed by the app's own <c>Server-Timing</c> header; the table goes into docs/benchmarks.md with,
/// for every miss, the plan of its slowest SQL command. A page added later is swept without anyone remembering to; one
/// with route parameters and no recipe fails the sweep. Asserts no times. Run it with
/// <c>dotnet test -c Release --filter FullyQualifiedName~PageSweepBenchmark</c>.
/// </summary>
[Explicit("Benchmark: minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed partial class PageSweepBenchmark : RegionBenchmark
{
    const int Warmups = 5, Runs = 30;
    // Each plan costs a few runs of its page with fresh connections: the furthest misses first, this many.
    const int PlansAtMost = 15;
    // A page whose every warm-up took more than this many times its target is far from it: 10 timed runs say so.
    const int FarOff = 5, FarOffRuns = 10;
    // A page whose first answer took seconds is timed 3 times after that one: the sweep has to end within minutes.
    const double Slow = 2000;
    const int SlowRuns = 3;
    const string BeheerderEmail = "sweep-beheerder@test.nl";
    static string ProjectleiderEmail(int plein) => $"projectleider{plein}@regio.test";

    protected override async Task ArrangeAsync()
    {
        await Arrange.UserAsync(Db, BeheerderEmail, "beheerder");
        foreach (var plein in new[] { PageSweepRecipes.Busiest, PageSweepRecipes.Typical })
            await TwoFactorArrange.EnrolAsync(Db, ProjectleiderEmail(plein));
    }

    protected override Action<IServiceCollection> TestServices => ServerTimingForEveryRole.AddTo;

    // Thousands of API requests from one caller: above the API's rate limit, which is not what is measured.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        [$"{SociaalPlein.Web.Infrastructure.RateLimits.Section}:{nameof(SociaalPlein.Web.Infrastructure.RateLimitSettings.ApiRequestsPerKeyPerMinute)}"] = "1000000",
    };

    /// <summary>One GET page of the app as the sweep found it.</summary>
    internal sealed record SweptPage(string Pattern, MatrixRow Row, SweepRecipe? Recipe);

    sealed record Result(string Pattern, SweepAsker Asker, SweepVariant Variant, string Url, int Target, int Status,
        int TimedRuns, double Median, double P95, double SqlMedian, int MinCommands, int MaxCommands)
    {
        public bool TooManyCommands => MaxCommands > RequestProfiler.CommandsBeforeWarning;
        public bool Answered => Status == Variant.Status;
        public bool Met => Answered && P95 <= Target && !TooManyCommands;
    }

    [Test]
    public async Task Every_get_page_as_every_role_that_may_open_it()
    {
        var address = RealServer.Start(App);
        var (pages, leftOut) = Discover(App.Services);
        var tokens = App.Services.GetRequiredService<UnsubscribeLinks>();
        var (busiestIds, busiestProfessional) = await PageSweepRecipes.ArrangeAsync(Db, PageSweepRecipes.Busiest, busiest: true, tokens.Token);
        var (typicalIds, typicalProfessional) = await PageSweepRecipes.ArrangeAsync(Db, PageSweepRecipes.Typical, busiest: false, tokens.Token);
        var idsOf = new Dictionary<int, Dictionary<string, string>> { [PageSweepRecipes.Busiest] = busiestIds, [PageSweepRecipes.Typical] = typicalIds };
        SweepAsker[] askers =
        [
            new(Asker.Anonymous, null, null),
            new(Asker.Professional, PageSweepRecipes.Busiest, busiestProfessional),
            new(Asker.Professional, PageSweepRecipes.Typical, typicalProfessional),
            new(Asker.Projectleider, PageSweepRecipes.Busiest, ProjectleiderEmail(PageSweepRecipes.Busiest)),
            new(Asker.Projectleider, PageSweepRecipes.Typical, ProjectleiderEmail(PageSweepRecipes.Typical)),
            new(Asker.Beheerder, null, BeheerderEmail),
        ];

        // Signed in once each, before the plans end sessions (a login after that would meet broken pooled connections).
        var browsers = new Dictionary<SweepAsker, HttpClient>();
        foreach (var asker in askers) browsers[asker] = await BrowserAsync(address, asker);
        var started = DateTime.UtcNow;
        var results = await SweepAsync(pages, browsers, idsOf);
        var sweep = DateTime.UtcNow - started;
        // The table first: the plans below take a while and touch the database's settings.
        Report(results, [], leftOut, sweep);
        var plans = await PlansAsync(results, browsers);
        foreach (var browser in browsers.Values) browser.Dispose();

        Assert.That(results.Select(r => r.Pattern).Distinct().Count(), Is.EqualTo(pages.Count), "every page some role may open was swept");
        Report(results, plans, leftOut, sweep);
    }

    /// <summary>Every page as every asker the matrix lets open it (and its recipe asks as), every address of its recipe.</summary>
    static async Task<List<Result>> SweepAsync(List<SweptPage> pages, Dictionary<SweepAsker, HttpClient> browsers,
        Dictionary<int, Dictionary<string, string>> idsOf)
    {
        var results = new List<Result>();
        foreach (var (asker, browser) in browsers)
        {
            var ids = idsOf[asker.Plein ?? PageSweepRecipes.Busiest];
            foreach (var page in pages.Where(p => p.Row.For(asker.Role) == Answer.Ok && (p.Recipe?.Asks(asker) ?? true)))
                foreach (var variant in page.Recipe?.For(asker, page.Pattern) ?? [new SweepVariant("no query", page.Pattern)])
                {
                    var url = SecurityWorld.Fill(variant.Url, ids);
                    var result = await MeasureAsync(browser, page.Pattern, asker, variant, url, TargetOf(page, asker, variant));
                    results.Add(result);
                    TestContext.Progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {asker.Label} {url}: {Verdict(result)}, p95 {Ms(result.P95)}, {result.MaxCommands} commands");
                }
        }
        return results;
    }

    /// <summary>The targets: the API 50 ms at any depth; a page 100 ms at the busiest plein (region-wide askers see it too), 50 ms at a typical one.</summary>
    static int TargetOf(SweptPage page, SweepAsker asker, SweepVariant variant) =>
        page.Pattern.StartsWith("/api/", StringComparison.Ordinal) || (variant.Plein ?? asker.Plein ?? PageSweepRecipes.Busiest) != PageSweepRecipes.Busiest
            ? 50 : 100;

    /// <summary>The slowest SQL command's plan of each address that missed its time (its worst asker), the furthest misses first.</summary>
    async Task<List<(Result Result, SlowestStatement.Plan? Plan)>> PlansAsync(List<Result> results, Dictionary<SweepAsker, HttpClient> browsers)
    {
        var plans = new List<(Result Result, SlowestStatement.Plan? Plan)>();
        foreach (var miss in results.Where(r => r.Answered && r.P95 > r.Target)
                     .GroupBy(r => (r.Pattern, r.Variant.Label)).Select(g => g.MaxBy(r => r.P95)!)
                     .OrderByDescending(r => r.P95 / r.Target).Take(PlansAtMost))
            plans.Add((miss, await SlowestStatement.CaptureAsync(Db, async () => (await browsers[miss.Asker].GetAsync(miss.Url)).Dispose())));
        return plans;
    }

    /// <summary>
    /// The app's GET pages: every endpoint the authorization matrix test finds, by the matrix's row for it. Fails for an
    /// endpoint without a row (the matrix test says which line to add) and for a page with route parameters but no
    /// recipe; returns what is left out and why.
    /// </summary>
    internal static (List<SweptPage> Pages, List<string> LeftOut) Discover(IServiceProvider services)
    {
        var pages = new List<SweptPage>();
        var leftOut = new List<string>();
        var noRow = new List<string>();
        var noRecipe = new List<string>();
        foreach (var endpoint in AuthorizationMatrixTests.Endpoints(services))
        {
            var pattern = AuthorizationMatrixTests.Pattern(endpoint);
            var row = AuthorizationMatrix.Rows.FirstOrDefault(r => r.Pattern == pattern);
            var recipe = PageSweepRecipes.Recipes.GetValueOrDefault(pattern);
            if (row is null) noRow.Add(pattern);
            else if (row.Method != "GET") leftOut.Add($"`{row.Method} {pattern}`: not a GET page");
            else if (recipe is { LeftOut: { } why }) leftOut.Add($"`{pattern}`: {why}");
            else if (recipe is null && endpoint.RoutePattern.Parameters.Count > 0) noRecipe.Add(pattern);
            else if (new[] { row.Anonymous, row.Professional, row.Projectleider, row.Beheerder }.All(a => a != Answer.Ok))
                leftOut.Add($"`{pattern}`: no role gets a page there ({row.Note})");
            else pages.Add(new SweptPage(pattern, row, recipe));
        }
        Assert.That(noRow, Is.Empty, "Endpoints the authorization matrix does not know; add their rows first (AuthorizationMatrixTests says how)");
        Assert.That(noRecipe, Is.Empty,
            "GET pages with route parameters but no recipe: add a line to PageSweepRecipes.Recipes (SociaalPlein.Tests/Benchmarks/PageSweepRecipes.cs) saying which region objects to open them with");
        var gone = PageSweepRecipes.Recipes.Keys.Except(AuthorizationMatrixTests.DiscoveredPatterns(services)).ToList();
        Assert.That(gone, Is.Empty, "Recipes for pages the app no longer has: remove them");
        return (pages, leftOut);
    }

    static async Task<HttpClient> BrowserAsync(Uri address, SweepAsker asker)
    {
        var browser = RealServer.Browser(address);
        browser.Timeout = Patience;
        if (asker.Email is null) return browser;
        var login = await browser.LogInAsync(asker.Email, Arrange.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{asker.Label} ({asker.Email}) logs in");
        return browser;
    }

    static async Task<Result> MeasureAsync(HttpClient browser, string pattern, SweepAsker asker, SweepVariant variant, string url, int target)
    {
        var app = new List<double>();
        var sql = new List<double>();
        var commands = new List<int>();
        var status = 0;
        var (warmups, runs) = (Warmups, Runs);
        for (var i = 0; i < warmups + runs; i++)
        {
            using var response = await AnswerAsync(browser, url);
            if (response is null) { status = NoAnswer; break; }
            await response.Content.ReadAsByteArrayAsync();
            status = (int)response.StatusCode;
            if (status != variant.Status) break;
            var header = response.Headers.TryGetValues(ServerTimingForEveryRole.Header, out var values) ? string.Join(",", values) : "";
            var m = ServerTiming().Match(header);
            Assert.That(m.Success, $"{url} as {asker.Label}: no Server-Timing header ({header})");
            app.Add(Ms(m, "app"));
            sql.Add(Ms(m, "db"));
            commands.Add(int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
            if (i == 0 && app[0] > Slow) (warmups, runs) = (1, SlowRuns);
            else if (i == warmups - 1 && app.Min() > FarOff * target) runs = FarOffRuns;
        }
        if (status != variant.Status) return new Result(pattern, asker, variant, url, target, status, 0, double.NaN, double.NaN, double.NaN, 0, 0);
        var timed = app.Skip(warmups).ToList();
        var (median, p95) = GidsSearchBenchmark.Percentiles(timed);
        var timedCommands = commands.Skip(warmups).ToList();
        return new Result(pattern, asker, variant, url, target, status, timed.Count, median, p95,
            GidsSearchBenchmark.Percentiles(sql.Skip(warmups)).Median, timedCommands.Min(), timedCommands.Max());
    }

    /// <summary>Status of a page that gave no answer within <see cref="Patience"/>.</summary>
    const int NoAnswer = -1;
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    static async Task<HttpResponseMessage?> AnswerAsync(HttpClient browser, string url)
    {
        try { return await browser.GetAsync(url); }
        catch (TaskCanceledException) { return null; }
    }

    static double Ms(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("""db;dur=(?<db>[0-9.]+);desc="(?<n>[0-9]+) quer(?:y|ies)", app;dur=(?<app>[0-9.]+)""")]
    private static partial Regex ServerTiming();
}
