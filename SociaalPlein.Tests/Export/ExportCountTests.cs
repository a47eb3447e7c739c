using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Export;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// Every table under every filter exports exactly the rows that an independent count in SQL finds, and the page
/// shows that count before the download. A file URL without a period exports the whole history; the page without one
/// counts the last closed quarter (and the whole history when "alles" is chosen).
/// </summary>
public sealed partial class ExportCountTests : ExportFixture
{
    /// <summary>A filter as the URL carries it, and the same filter spelled out for the independent count.</summary>
    public sealed record Filter(string Query, bool AllPleinen = false, DateOnly? Van = null, DateOnly? Tot = null, string? Leefgebied = null, string? Domein = null)
    {
        public override string ToString() => Query == "" ? "(no filter)" : Query;
    }

    static readonly DateOnly Opened = new(2024, 1, 1);

    static IEnumerable<Filter> Filters =>
    [
        new(""),
        new("kwartaal=2026-Q1", Van: new(2026, 1, 1), Tot: new(2026, 3, 31)),
        new("van=2026-02-10&tot=2026-04-02", Van: new(2026, 2, 10), Tot: new(2026, 4, 2)),
        new("leefgebied=financien", Leefgebied: "financien"),
        new("domein=sociaal", Domein: "sociaal"),
        new("domein=welzijn", Domein: "welzijn"),
        new("domein=medisch&leefgebied=huisvesting&kwartaal=2026-Q1", Van: new(2026, 1, 1), Tot: new(2026, 3, 31), Leefgebied: "huisvesting", Domein: "medisch"),
        new("kwartaal=2025-Q4", Van: new(2025, 10, 1), Tot: new(2025, 12, 31)),
        new("plein=alle", AllPleinen: true),
        new("plein=alle&leefgebied=financien&kwartaal=2026-Q1", AllPleinen: true, Van: new(2026, 1, 1), Tot: new(2026, 3, 31), Leefgebied: "financien"),
    ];

    static IEnumerable<TestCaseData> Cases =>
        from dataset in ExportTable.All.Select(d => d.Name)
        from filter in Filters
        select new TestCaseData(dataset, filter).SetName($"Export_of_{dataset}_counts_exactly_the_rows_an_independent_count_finds({filter})");

    [TestCaseSource(nameof(Cases))]
    public async Task Export_counts_exactly_the_rows_an_independent_count_finds(string dataset, Filter filter)
    {
        var (email, query) = (filter.AllPleinen ? P.BeheerderEmail : P.ProjectleiderEmail, filter.Query);
        var browser = await SignedInAsync(email);
        var expected = await IndependentCountAsync(dataset, filter);

        var response = await browser.GetAsync(ExportUrl($"{dataset}.standaard.csv", query));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rows = ParseCsv(await response.Content.ReadAsByteArrayAsync(), ',');
        Assert.That(rows, Has.Count.EqualTo(expected));

        // The page as the filter leaves it: without a period it counts the last closed quarter, so "alles" is asked
        // for to see the file's whole history counted.
        var hasPeriod = filter.Van is not null;
        var page = await browser.GetStringAsync($"/export?{query}" + (hasPeriod ? "" : "&kwartaal=alles"));
        Assert.That(ShownCount(page, dataset), Is.EqualTo(expected), "the page's count before the download");
        if (!hasPeriod)
        {
            var lastQuarter = SociaalPlein.Data.Nieuwsbrief.Quarter.LastCompleted(Today);
            var chosenForYou = await browser.GetStringAsync($"/export?{query}");
            Assert.That(ShownCount(chosenForYou, dataset),
                Is.EqualTo(await IndependentCountAsync(dataset, filter with { Van = lastQuarter.Start, Tot = lastQuarter.LastDay })),
                "without a period the page counts the last closed quarter");
        }
    }

    [Test]
    public async Task Without_a_period_the_form_chooses_the_last_closed_quarter_and_says_so()
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);
        var page = await browser.GetStringAsync("/export");
        var lastQuarter = SociaalPlein.Data.Nieuwsbrief.Quarter.LastCompleted(Today);

        Assert.That(page, Does.Contain($"<option value=\"{lastQuarter.Key}\" selected=\"selected\">"), "the quarter is selected in the form");
        Assert.That(page, Does.Contain("De aantallen gelden voor 1 juli 2026 tot en met 30 september 2026 (Q3 2026)."));
        Assert.That(page, Does.Contain("Je koos geen periode, dus dit is het laatste afgesloten kwartaal"));

        var chosen = await browser.GetStringAsync("/export?kwartaal=2026-Q1");
        Assert.That(chosen, Does.Contain("De aantallen gelden voor 1 januari 2026 tot en met").And.Not.Contain("Je koos geen periode"));
    }

    [Test]
    public async Task The_filters_leave_something_to_count()
    {
        // The cases above are only meaningful if the arrangement gives most filters rows to find.
        var nonEmpty = 0;
        foreach (var filter in Filters) if (await IndependentCountAsync("verwijzingen", filter) > 0) nonEmpty++;
        Assert.That(nonEmpty, Is.GreaterThanOrEqualTo(Filters.Count() - 2));
    }

    static long ShownCount(string page, string dataset) =>
        long.Parse(Regex.Match(page, $"<tr data-dataset=\"{dataset}\">.*?data-rows=\"(\\d+)\"", RegexOptions.Singleline).Groups[1].Value);

    async Task<long> IndependentCountAsync(string dataset, Filter f)
    {
        var args = new
        {
            pleinen = f.AllPleinen ? new[] { P.PleinId, P.OtherPleinId } : [P.PleinId],
            van = f.Van ?? Opened, tot = f.Tot ?? Today, leefgebied = f.Leefgebied, domein = f.Domein,
        };
        const string referrals = """
            SELECT r.visitor_id FROM referral r
            WHERE r.plein_id = ANY (@pleinen) AND r.referred_on >= @van AND r.referred_on <= @tot
              AND (@leefgebied::text IS NULL OR r.leefgebied_id = (SELECT id FROM leefgebied WHERE code = @leefgebied))
              AND (@domein::text IS NULL OR EXISTS (SELECT 1 FROM organisation o
                                                    WHERE o.id IN (r.from_organisation_id, r.to_organisation_id) AND o.domein = @domein))
            """;
        const string visits = """
            SELECT x.visitor_id FROM visit x
            WHERE x.plein_id = ANY (@pleinen) AND x.visited_on >= @van AND x.visited_on <= @tot
              AND (@leefgebied::text IS NULL OR x.id IN (SELECT vl.visit_id FROM visit_leefgebied vl JOIN leefgebied l ON l.id = vl.leefgebied_id
                                                         WHERE l.code = @leefgebied))
              AND (@domein::text IS NULL OR @domein = (SELECT o.domein FROM organisation o WHERE o.id = coalesce(
                     (SELECT s.organisation_id FROM spreekuur s WHERE s.id = x.spreekuur_id),
                     (SELECT p.organisation_id FROM professional p WHERE p.id = x.helped_by))))
            """;
        const string metingen = """
            SELECT m.visitor_id FROM meting m JOIN visit x ON x.id = m.visit_id
            WHERE m.plein_id = ANY (@pleinen) AND m.measured_on >= @van AND m.measured_on <= @tot AND x.withdrawn_at IS NULL
              AND (@leefgebied::text IS NULL OR m.leefgebied_id = (SELECT id FROM leefgebied WHERE code = @leefgebied))
              AND (@domein::text IS NULL OR @domein = (SELECT o.domein FROM organisation o WHERE o.id = coalesce(
                     (SELECT s.organisation_id FROM spreekuur s WHERE s.id = x.spreekuur_id),
                     (SELECT p.organisation_id FROM professional p WHERE p.id = x.helped_by))))
            """;
        var sql = dataset switch
        {
            "metingen" => $"SELECT count(*) FROM ({metingen}) q",
            "verwijzingen" => $"SELECT count(*) FROM ({referrals}) q",
            "bezoeken" => $"SELECT count(*) FROM ({visits}) q",
            _ => $"SELECT count(DISTINCT visitor_id) FROM ({referrals} UNION ALL {visits}) q",
        };
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }
}
