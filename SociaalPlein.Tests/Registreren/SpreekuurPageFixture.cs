using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>The real app at 10:00 on Monday 23 November 2026 (Europe/Amsterdam), with a register plein and its accounts.</summary>
public abstract class SpreekuurPageFixture : AppFixture
{
    protected const string Page = "/spreekuur";
    protected static readonly DateOnly Today = new(2026, 11, 23);
    protected RegisterPlein P = null!;

    protected override TimeProvider? Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The inloop running now (Monday 09:30–11:00) and a spreekuur on Tuesday, both at the register plein.</summary>
    protected int InloopNow, SpreekuurTuesday;

    protected override async Task ArrangeAsync()
    {
        P = await RegisterArrange.PleinAsync(Db);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        (InloopNow, SpreekuurTuesday) = await conn.QuerySingleAsync<(int, int)>("""
            WITH s AS (
                INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
                VALUES (@PleinId, @ReceiverOrganisationId, @ReceiverId, 'inloop', 'Inloop geldzaken', 1, '09:30', '11:00', DATE '2026-01-01'),
                       (@PleinId, @ReceiverOrganisationId, NULL, 'spreekuur', 'Spreekuur wonen', 2, '13:00', '15:00', DATE '2026-01-01')
                RETURNING id, weekday)
            SELECT (SELECT id FROM s WHERE weekday = 1), (SELECT id FROM s WHERE weekday = 2)
            """, new { P.PleinId, P.ReceiverOrganisationId, P.ReceiverId });
    }

    protected async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = App.Browser();
        var response = await browser.LogInAsync(email, Arrange.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"log-in of {email}");
        return browser;
    }

    protected Task<VisitorSummary> VisitorAsync(int? userId = null, int? pleinId = null) =>
        RegisterArrange.VisitorAsync(Db, userId ?? P.SenderUserId, pleinId ?? P.PleinId, Today);

    /// <summary>The visit form as a browser posts it: today's spreekuur visit about one leefgebied, and the given referrals.</summary>
    protected List<KeyValuePair<string, string>> VisitForm(string visitorCode, Guid requestId, params Dictionary<string, string>[] referrals)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.RequestId", requestId.ToString()), new("Input.VisitorCode", visitorCode), new("Input.VisitedOn", "2026-11-23"),
            new("Input.Kind", "spreekuur"), new("Input.LeefgebiedIds", P.LeefgebiedId.ToString()), new("Input.HelpedBy", P.SenderId.ToString()),
        };
        for (var i = 0; i < referrals.Length; i++)
            fields.AddRange(referrals[i].Select(f => new KeyValuePair<string, string>($"Input.Referrals[{i}].{f.Key}", f.Value)));
        return fields;
    }

    /// <summary>A referral block from the sender to the receiver; <paramref name="change"/> overrides or adds fields.</summary>
    protected Dictionary<string, string> Referral(string zorgvraag = "Hulp bij het ordenen van post en rekeningen", params (string Field, string Value)[] change)
    {
        var block = new Dictionary<string, string>
        {
            ["Naar"] = $"professional-{P.ReceiverId}", ["Van"] = $"professional-{P.SenderId}", ["Zorgvraag"] = zorgvraag,
            ["LeefgebiedId"] = P.LeefgebiedId.ToString(), ["ConsentFeedback"] = "true",
        };
        foreach (var (field, value) in change) block[field] = value;
        return block;
    }

    protected static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, string value) =>
        fields.Where(f => f.Key != name).Append(new(name, value)).ToList();

    protected Task<long> VisitsOfAsync(int visitorId) => RegisterArrange.CountAsync(Db, "visit", "visitor_id = @visitorId", new { visitorId });
    protected Task<long> ReferralsOfAsync(int visitorId) => RegisterArrange.CountAsync(Db, "referral", "visitor_id = @visitorId", new { visitorId });

    protected static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The message in the error span next to a field (ids as VisitForm.IdFor makes them).</summary>
    protected static string FieldError(string html, string fieldId)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"<span id=\"{fieldId}-fout\" class=\"field-error\">([^<]*)</span>");
        return match.Success ? match.Groups[1].Value : $"(no error span for {fieldId})";
    }
}
