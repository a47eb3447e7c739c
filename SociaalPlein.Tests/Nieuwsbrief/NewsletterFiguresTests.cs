using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// Every figure of the newsletter equals the same figure counted over the arranged rows (NewsletterOracle), for one
/// plein and for a region, in a quarter with the DST change and in others; the plein outside the scope never counts.
/// </summary>
public sealed class NewsletterFiguresTests : DatabaseFixture
{
    NewsletterWorld _world = null!;

    protected override async Task ArrangeAsync() => _world = await NewsletterWorld.CreateAsync(Db);

    const int Noord = 9001, Zuid = 9002;

    static IEnumerable<TestCaseData> Scopes()
    {
        foreach (var (ids, name) in new[] { (new[] { Noord }, "Noord"), ([Zuid], "Zuid"), ([Noord, Zuid], "regio") })
        foreach (var quarter in new[] { "2026-Q1", "2025-Q4", "2025-Q3", "2026-Q2" })
            yield return new TestCaseData(ids, quarter).SetArgDisplayNames(name, quarter);
    }

    async Task<(NewsletterFigures Figures, NewsletterOracle Expected)> LoadAsync(int[] pleinIds, string quarter)
    {
        Assert.That(Quarter.TryParse(quarter, out var q), Is.True);
        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync(pleinIds, q);
        return (figures, new NewsletterOracle(_world, pleinIds, q));
    }

    [TestCaseSource(nameof(Scopes))]
    public async Task Kerncijfers_of_the_quarter_and_the_one_before_equal_counts_over_the_rows(int[] pleinIds, string quarter)
    {
        var (figures, expected) = await LoadAsync(pleinIds, quarter);
        var previous = new NewsletterOracle(_world, pleinIds, figures.Quarter.Previous);

        Assert.That(figures.Current, Is.EqualTo(expected.KeyFigures()));
        Assert.That(figures.Previous, Is.EqualTo(previous.KeyFigures()));
        Assert.That(figures.Current.Referrals, Is.GreaterThan(0), "the arranged quarter has referrals to count");
    }

    // The real tables of the arranged plein-quarters, read as a whole rendering (every sum, every total wherever it
    // is printed): no "<5" or "x" follows from the rest.
    [TestCaseSource(nameof(Scopes))]
    public async Task Nothing_left_out_of_a_real_quarters_tables_follows_from_what_is_printed(int[] pleinIds, string quarter)
    {
        var (figures, _) = await LoadAsync(pleinIds, quarter);
        var rendering = Rendering.Of(figures);

        Assert.That(rendering.Sums.Select(s => s.Name), Does.Contain("leefgebieden").And.Contain("leeftijd"), "the tables are read");
        Assert.That(rendering.Sums.SelectMany(s => s.Cells).Concat(rendering.Totals.Values), Does.Contain(SmallCounts.Hidden),
            "the arranged quarters have small counts to protect");
        Assert.That(rendering.Pinned(), Is.Empty);
        Assert.That(Rendering.Disagreements(figures), Is.Empty);
    }

    [TestCaseSource(nameof(Scopes))]
    public async Task Referrals_per_leefgebied_domein_matrix_and_top_flows_equal_counts_over_the_rows(int[] pleinIds, string quarter)
    {
        var (figures, expected) = await LoadAsync(pleinIds, quarter);

        Assert.That(figures.ReferralsPerLeefgebied, Is.EqualTo(expected.ReferralsPerLeefgebied()));
        Assert.That(figures.DomeinFlows, Is.EqualTo(expected.DomeinFlows()));
        Assert.That(figures.TopOrganisationFlows, Is.EqualTo(expected.TopOrganisationFlows()));
        Assert.That(figures.ReferralsPerLeefgebied.Sum(l => l.Count), Is.EqualTo(figures.Current.Referrals));
        Assert.That(figures.DomeinFlows.Sum(f => f.Count), Is.EqualTo(figures.Current.Referrals));
    }

    [TestCaseSource(nameof(Scopes))]
    public async Task Outcomes_at_the_quarters_end_equal_counts_over_the_rows(int[] pleinIds, string quarter)
    {
        var (figures, expected) = await LoadAsync(pleinIds, quarter);

        Assert.That(figures.Outcomes, Is.EqualTo(expected.Outcomes()));
        Assert.That(figures.Outcomes.Total, Is.EqualTo(figures.Current.Referrals));
        Assert.That(figures.Outcomes.Afgerond + figures.Outcomes.Afgewezen + figures.Outcomes.NietBereikt + figures.Outcomes.Open,
            Is.EqualTo(figures.Outcomes.Total));
    }

    [TestCaseSource(nameof(Scopes))]
    public async Task Age_bands_genders_and_wijken_of_the_quarters_visitors_equal_counts_over_the_rows(int[] pleinIds, string quarter)
    {
        var (figures, expected) = await LoadAsync(pleinIds, quarter);

        Assert.That(figures.AgeBands, Is.EqualTo(expected.AgeBands()));
        Assert.That(figures.Genders, Is.EqualTo(expected.Genders()));
        Assert.That(figures.Wijken, Is.EqualTo(expected.Wijken()));
        foreach (var dimension in new[] { figures.AgeBands, figures.Genders, figures.Wijken })
            Assert.That(dimension.Sum(c => c.Count), Is.EqualTo(figures.Current.UniqueVisitors));
    }

    [TestCaseSource(nameof(Scopes))]
    public async Task The_trend_of_eight_quarters_equals_counts_over_the_rows_and_ends_with_the_kerncijfers(int[] pleinIds, string quarter)
    {
        var (figures, _) = await LoadAsync(pleinIds, quarter);

        Assert.That(figures.Trend, Is.EqualTo(NewsletterOracle.Trend(_world, pleinIds, figures.Quarter)));
        Assert.That(figures.Trend[^1], Is.EqualTo(new QuarterTrend(figures.Quarter, figures.Current.UniqueVisitors,
            figures.Current.Visits, figures.Current.Referrals)));
        Assert.That(figures.Trend[^2].Referrals, Is.EqualTo(figures.Previous.Referrals));
    }

    [Test]
    public async Task A_region_sums_its_pleinen_and_counts_a_professional_active_at_both_once()
    {
        var region = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([Zuid, Noord], new Quarter(2026, 1));
        var perPlein = region.PerPlein.Select(p => p.Figures).ToList();

        Assert.That(region.Scope.Pleinen.Select(p => p.Name), Is.EqualTo(new[] { "Sociaal Plein Noord", "Sociaal Plein Zuid" }));
        Assert.That(region.Scope.Title, Is.EqualTo("Regio Sociaal Plein Noord en Sociaal Plein Zuid"));
        Assert.That(region.PerPlein.Select(p => p.Plein.Id), Is.EqualTo(new[] { Noord, Zuid }));
        Assert.That(perPlein, Is.EqualTo(new[] { Noord, Zuid }.Select(id => new NewsletterOracle(_world, [id], region.Quarter).KeyFigures())));
        Assert.That(region.Current with { ActiveProfessionals = 0, ActiveOrganisations = 0, NewMembers = 0 }, Is.EqualTo(new KeyFigures(
            perPlein.Sum(f => f.UniqueVisitors), perPlein.Sum(f => f.NewVisitors), perPlein.Sum(f => f.Visits),
            perPlein.Sum(f => f.SpreekuurVisits), perPlein.Sum(f => f.InloopVisits), perPlein.Sum(f => f.Referrals),
            perPlein.Sum(f => f.FrequentVisitors), 0, 0, 0)));
        Assert.That(region.Current.ActiveProfessionals, Is.LessThan(perPlein.Sum(f => f.ActiveProfessionals)),
            "professionals of both pleinen count once in the region");
        Assert.That(region.Current.ActiveOrganisations, Is.LessThan(perPlein.Sum(f => f.ActiveOrganisations)));
    }

    [Test]
    public async Task A_single_plein_has_no_comparison_rows()
    {
        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([Noord, Noord], new Quarter(2026, 1));

        Assert.That(figures.Scope.IsRegional, Is.False);
        Assert.That(figures.PerPlein, Is.Empty);
    }

    [Test]
    public async Task No_plein_or_an_id_that_is_no_plein_is_refused()
    {
        var query = new NewsletterFiguresQuery(Db.DataSource);

        await Assert.ThrowsAsync<ArgumentException>(() => query.LoadAsync([], new Quarter(2026, 1)));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => query.LoadAsync([Noord, 987654], new Quarter(2026, 1)));
        Assert.That(e.Message, Does.Contain("987654"));
    }
}
