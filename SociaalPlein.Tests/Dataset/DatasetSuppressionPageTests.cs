using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Dataset;

/// <summary>
/// /dataset through the real app with a quarter in which a "&lt;5" would follow from a printed total: 3 spreekuur
/// visits of 12, and 3 referrals about one leefgebied of 9. The next smallest cell of each prints as "x".
/// </summary>
public sealed class DatasetSuppressionPageTests : AppFixture
{
    // The app prints every letter as itself (WebEncoderOptions), escaping only markup.
    static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    RegisterPlein _p = null!;
    string _small = "", _other = "";

    // Friday 15 May 2026: the last completed quarter is Q1 2026.
    protected override TimeProvider? Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 5, 15, 8, 0, 0, TimeSpan.Zero));

    const int Spreekuur = 3, Inloop = 9, SmallReferrals = 3, OtherReferrals = 6;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        var visitor = (await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, new DateOnly(2026, 1, 5))).Id;
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
            SELECT @PleinId, @visitor, DATE '2026-01-05' + n, CASE WHEN n <= @Spreekuur THEN 'spreekuur' ELSE 'inloop' END,
                   gen_random_uuid()
            FROM generate_series(1, @Spreekuur + @Inloop) n;
            INSERT INTO referral (plein_id, referred_on, from_kind, from_professional_id, from_organisation_id, to_professional_id,
                                  to_organisation_id, zorgvraag, leefgebied_id, request_id)
            SELECT @PleinId, DATE '2026-02-02' + n, 'professional', @SenderId, @SenderOrganisationId, @ReceiverId,
                   @ReceiverOrganisationId, 'Hulp bij de post',
                   CASE WHEN n <= @SmallReferrals THEN @LeefgebiedId ELSE @OtherLeefgebiedId END, gen_random_uuid()
            FROM generate_series(1, @SmallReferrals + @OtherReferrals) n;
            """, new { _p.PleinId, visitor, Spreekuur, Inloop, SmallReferrals, OtherReferrals, _p.SenderId,
            _p.SenderOrganisationId, _p.ReceiverId, _p.ReceiverOrganisationId, _p.LeefgebiedId, _p.OtherLeefgebiedId });
        _small = await conn.ExecuteScalarAsync<string>("SELECT name FROM leefgebied WHERE id = @LeefgebiedId", new { _p.LeefgebiedId }) ?? "";
        _other = await conn.ExecuteScalarAsync<string>("SELECT name FROM leefgebied WHERE id = @OtherLeefgebiedId", new { _p.OtherLeefgebiedId }) ?? "";
    }

    async Task<string> DashboardAsync()
    {
        using var browser = App.Browser();
        var login = await browser.LogInAsync(_p.ProjectleiderEmail, Arrange.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var response = await browser.GetAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The number cells of the row headed <paramref name="rowHeader"/> in the table with <paramref name="tableId"/> (or the first with that row).</summary>
    static List<string> Row(string html, string rowHeader, string? tableId = null)
    {
        var scope = tableId is null ? html : Regex.Match(html, $"<table[^>]*id=\"{tableId}\".*?</table>", RegexOptions.Singleline).Value;
        var m = Regex.Match(scope, $"""<th scope="row">{Regex.Escape(Html.Encode(rowHeader))}</th>(.*?)</tr>""", RegexOptions.Singleline);
        Assert.That(m.Success, Is.True, $"a row '{rowHeader}'");
        return Regex.Matches(m.Groups[1].Value, """<td class="number">([^<]*)</td>""").Select(c => c.Groups[1].Value).ToList();
    }

    [Test]
    public async Task Beside_3_spreekuur_visits_of_12_the_inloop_visits_print_as_x_with_no_change()
    {
        var html = await DashboardAsync();

        Assert.That(Row(html, "Bezoeken"), Is.EqualTo(new[] { "12", "0", "–" }), "the total stays");
        Assert.That(Row(html, "waarvan spreekuur"), Is.EqualTo(new[] { "&lt;5", "0", "–" }));
        Assert.That(Row(html, "waarvan inloop"), Is.EqualTo(new[] { SmallCounts.Secondary, "0", "–" }), "9 would give the 3 away");
        Assert.That(html, Does.Contain(Html.Encode(SmallCounts.SecondaryNote)));
    }

    [Test]
    public async Task Beside_3_referrals_of_9_the_other_leefgebied_prints_as_x_without_a_share_or_a_bar()
    {
        var html = await DashboardAsync();
        var table = Regex.Match(html, "<table[^>]*id=\"per-leefgebied\".*?</table>", RegexOptions.Singleline).Value;
        var otherRow = Regex.Match(table, $"""<th scope="row">{Regex.Escape(Html.Encode(_other))}</th>.*?</tr>""", RegexOptions.Singleline).Value;

        Assert.That(Row(html, "Verwijzingen")[0], Is.EqualTo("9"), "the kerncijfer, the total, stays");
        Assert.That(Row(html, _small, "per-leefgebied"), Is.EqualTo(new[] { "&lt;5", "&lt;5" }));
        Assert.That(Row(html, _other, "per-leefgebied"), Is.EqualTo(new[] { SmallCounts.Secondary, SmallCounts.Secondary }), "6 or 67% would give the 3 away");
        Assert.That(otherRow, Does.Contain("width=\"0%\""), "no bar whose length gives it away");
        Assert.That(table, Does.Not.Contain(">6<").And.Not.Contain("67%"));
    }
}
