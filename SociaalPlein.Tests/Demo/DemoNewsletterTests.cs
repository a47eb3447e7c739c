using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Demo;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using UglyToad.PdfPig;

namespace SociaalPlein.Tests.Demo;

/// <summary>The demo's newsletter history reads as the quarterly job would have left it.</summary>
public sealed class DemoNewsletterTests
{
    static readonly DateOnly Today = new(2026, 3, 16);

    FixtureDatabase _db = null!;

    [OneTimeSetUp]
    public async Task SeedOnce()
    {
        _db = await TestDatabase.CreateAsync();
        await new DemoSeed(_db.DataSource).RunAsync(Today, "demo-hash");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 16, 10, 0, 0, TimeSpan.Zero));
        await new DemoNewsletters(_db.DataSource, new NewsletterFiguresQuery(_db.DataSource), clock).RunAsync(Today);
    }

    [OneTimeTearDown]
    public async Task Drop() => await _db.DisposeAsync();

    [Test]
    public async Task Each_sent_newsletter_was_made_before_it_was_sent_and_delivered_to_the_subscribers_of_that_day()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();

        var sent = (await conn.QueryAsync<(int Id, DateTime Made, DateTime Sent, long Delivered, long Expected, long NotSent)>("""
            SELECT l.id, l.pdf_generated_at, l.sent_at,
                   (SELECT count(*) FROM newsletter_delivery d WHERE d.newsletter_id = l.id),
                   (SELECT count(*) FROM newsletter_subscriber s WHERE s.plein_id = l.plein_id AND s.created_at <= l.sent_at
                       AND (s.unsubscribed_at IS NULL OR s.unsubscribed_at > l.sent_at)),
                   (SELECT count(*) FROM newsletter_delivery d WHERE d.newsletter_id = l.id AND d.status <> 'verzonden')
            FROM newsletter l WHERE l.status = 'verzonden' ORDER BY l.id
            """)).ToList();
        var drafts = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM newsletter WHERE status = 'concept'");

        Assert.That(sent, Is.Not.Empty);
        Assert.That(drafts, Is.EqualTo(2), "the last quarter of each plein stays a draft");
        Assert.That(sent.Where(n => n.Made >= n.Sent).Select(n => n.Id), Is.Empty, "made before sent");
        Assert.That(sent.Where(n => n.Sent.Date >= Today.ToDateTime(TimeOnly.MinValue)).Select(n => n.Id), Is.Empty, "sent in the past");
        Assert.That(sent.Where(n => n.Delivered != n.Expected).Select(n => n.Id), Is.Empty, "one delivery per subscriber of that day");
        Assert.That(sent.Sum(n => n.Delivered), Is.GreaterThan(0));
        Assert.That(sent.Sum(n => n.NotSent), Is.Zero);
    }

    [Test]
    public async Task A_sent_newsletters_pdf_says_the_day_it_was_made()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var (pdf, made) = await conn.QueryFirstAsync<(byte[] Pdf, DateTime Made)>(
            "SELECT pdf, pdf_generated_at FROM newsletter WHERE status = 'verzonden' ORDER BY year, quarter LIMIT 1");

        using var document = PdfDocument.Open(pdf);
        var words = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));

        Assert.That(words, Does.Contain("gemaakt op " + PleinTime.DateText(made)));
    }
}
