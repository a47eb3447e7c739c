using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>Sending a draft and delivering each copy exactly once (NewsletterDeliveries, db/0016).</summary>
public sealed class NewsletterDeliveryTests : DatabaseFixture
{
    async Task<(int PleinId, int NewsletterId)> DraftWithSubscribersAsync(string name, params string[] emails)
    {
        var pleinId = await Arrange.PleinAsync(Db, name);
        foreach (var email in emails) await NewsletterArrange.SubscriberAsync(Db, pleinId, email);
        return (pleinId, await NewsletterArrange.DraftAsync(Db, pleinId));
    }

    async Task<(string Status, int Attempts, string? Error)> DeliveryAsync(long id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, int, string?)>(
            "SELECT status, attempts::int, last_error FROM newsletter_delivery WHERE id = @id", new { id });
    }

    [Test]
    public async Task Sending_a_draft_makes_one_delivery_per_active_subscriber_and_a_second_send_adds_none()
    {
        var (pleinId, id) = await DraftWithSubscribersAsync("Plein verzenden", "a@test.nl", "b@test.nl");
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "weg@test.nl", unsubscribed: true);
        var newsletters = new Newsletters(Db.DataSource);

        var first = await newsletters.MarkSentAsync(id, sentBy: null);
        var second = await newsletters.MarkSentAsync(id, sentBy: null);

        Assert.That(first.Outcome, Is.EqualTo(SendOutcome.Sent));
        Assert.That(first.DeliveryIds, Has.Count.EqualTo(2));
        Assert.That(second.Outcome, Is.EqualTo(SendOutcome.AlreadySent));
        Assert.That(second.DeliveryIds, Is.Empty);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.QueryAsync<string>("SELECT email FROM newsletter_delivery WHERE newsletter_id = @id ORDER BY email", new { id }),
            Is.EqualTo(new[] { "a@test.nl", "b@test.nl" }));
        Assert.That(await conn.ExecuteScalarAsync<string>("SELECT status FROM newsletter WHERE id = @id", new { id }), Is.EqualTo("verzonden"));
    }

    [Test]
    public async Task A_draft_without_subscribers_is_not_marked_sent()
    {
        var (_, id) = await DraftWithSubscribersAsync("Plein zonder abonnees");

        var result = await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null);

        Assert.That(result.Outcome, Is.EqualTo(SendOutcome.NoSubscribers));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<string>("SELECT status FROM newsletter WHERE id = @id", new { id }), Is.EqualTo("concept"));
    }

    [Test]
    public async Task A_delivery_that_fails_once_is_retried_and_delivered_once()
    {
        var (_, id) = await DraftWithSubscribersAsync("Plein opnieuw", "eenmaal@test.nl");
        var deliveryId = (await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null)).DeliveryIds.Single();
        var deliveries = new NewsletterDeliveries(Db.DataSource);
        var delivered = new List<DeliveryMail>();

        await Assert.ThrowsAsync<IOException>(() => deliveries.SendAsync(deliveryId, (_, _) => throw new IOException("451 mailbox busy")));
        var afterFailure = await DeliveryAsync(deliveryId);
        var retry = await deliveries.SendAsync(deliveryId, (m, _) => { delivered.Add(m); return Task.CompletedTask; });
        var again = await deliveries.SendAsync(deliveryId, (m, _) => { delivered.Add(m); return Task.CompletedTask; });

        Assert.That(afterFailure, Is.EqualTo(("mislukt", 1, "451 mailbox busy")));
        Assert.That(retry, Is.EqualTo(DeliveryOutcome.Sent));
        Assert.That(again, Is.EqualTo(DeliveryOutcome.AlreadySent));
        Assert.That(delivered, Has.Count.EqualTo(1));
        Assert.That(delivered[0].Email, Is.EqualTo("eenmaal@test.nl"));
        Assert.That(delivered[0].Pdf, Is.EqualTo(NewsletterArrange.Pdf));
        Assert.That(await DeliveryAsync(deliveryId), Is.EqualTo(("verzonden", 2, (string?)null)));
    }

    [Test]
    public async Task A_delivery_claimed_by_a_worker_that_died_is_never_sent_again_but_marked_failed()
    {
        var (_, id) = await DraftWithSubscribersAsync("Plein onderbroken", "crash@test.nl", "bezig@test.nl");
        var ids = (await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null)).DeliveryIds;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
        {
            // One worker died eleven minutes ago between the hand-over and marking the row; another is busy right now.
            await conn.ExecuteAsync("UPDATE newsletter_delivery SET claimed_at = now() - interval '11 minutes', attempts = 1 WHERE id = @id", new { id = ids[0] });
            await conn.ExecuteAsync("UPDATE newsletter_delivery SET claimed_at = now(), attempts = 1 WHERE id = @id", new { id = ids[1] });
        }
        var deliveries = new NewsletterDeliveries(Db.DataSource);
        var sent = 0;

        var died = await deliveries.SendAsync(ids[0], (_, _) => { sent++; return Task.CompletedTask; });
        var busy = await deliveries.SendAsync(ids[1], (_, _) => { sent++; return Task.CompletedTask; });

        Assert.That(died, Is.EqualTo(DeliveryOutcome.Interrupted));
        Assert.That(busy, Is.EqualTo(DeliveryOutcome.InProgressElsewhere));
        Assert.That(sent, Is.Zero);
        Assert.That((await DeliveryAsync(ids[0])).Status, Is.EqualTo("mislukt"));
        Assert.That((await DeliveryAsync(ids[0])).Error, Does.Contain("onderbroken"));
        Assert.That((await DeliveryAsync(ids[1])).Status, Is.EqualTo("wachtend"));
        Assert.That(await deliveries.StrandedAsync(TimeSpan.FromMinutes(30)), Does.Not.Contain(ids[1]));
    }

    [Test]
    public async Task A_subscriber_who_left_after_the_send_gets_no_copy()
    {
        var (pleinId, id) = await DraftWithSubscribersAsync("Plein afgemeld", "later-weg@test.nl");
        var deliveryId = (await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null)).DeliveryIds.Single();
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE newsletter_subscriber SET unsubscribed_at = now() WHERE plein_id = @pleinId", new { pleinId });
        var sent = 0;

        var outcome = await new NewsletterDeliveries(Db.DataSource).SendAsync(deliveryId, (_, _) => { sent++; return Task.CompletedTask; });

        Assert.That(outcome, Is.EqualTo(DeliveryOutcome.Unsubscribed));
        Assert.That(sent, Is.Zero);
    }

    [Test]
    public async Task A_delivery_whose_job_was_lost_is_found_by_the_sweep()
    {
        var (_, id) = await DraftWithSubscribersAsync("Plein verloren", "verloren@test.nl", "vers@test.nl");
        var ids = (await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null)).DeliveryIds;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE newsletter_delivery SET created_at = now() - interval '2 hours' WHERE id = @id", new { id = ids[0] });

        var stranded = await new NewsletterDeliveries(Db.DataSource).StrandedAsync(TimeSpan.FromMinutes(30));

        Assert.That(stranded, Does.Contain(ids[0]).And.No.Member(ids[1]));
    }

    [Test]
    public async Task A_failed_delivery_can_be_retried_only_by_its_own_plein()
    {
        var (pleinId, id) = await DraftWithSubscribersAsync("Plein handmatig", "handmatig@test.nl");
        var otherPlein = await Arrange.PleinAsync(Db, "Ander plein handmatig");
        var deliveryId = (await new Newsletters(Db.DataSource).MarkSentAsync(id, sentBy: null)).DeliveryIds.Single();
        var deliveries = new NewsletterDeliveries(Db.DataSource);
        await Assert.ThrowsAsync<IOException>(() => deliveries.SendAsync(deliveryId, (_, _) => throw new IOException("550 unknown user")));

        Assert.That(await deliveries.RetryAsync(deliveryId, otherPlein), Is.False);
        Assert.That(await deliveries.RetryAsync(deliveryId, pleinId), Is.True);
        Assert.That((await DeliveryAsync(deliveryId)).Status, Is.EqualTo("wachtend"));
    }
}
