using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>The e-mail to the receiving side of a new referral: a link only, SPOED in the subject, never stuck on one address.</summary>
public sealed class VerwijzingMeldingJobTests
{
    static readonly DateOnly Today = new(2026, 11, 23);
    string _mailFolder = "";
    FixtureDatabase? _db;

    // Each test its own database: the outbox is the whole installation's, and a run empties all of it.
    FixtureDatabase Db => _db!;

    [SetUp]
    public async Task NewDatabaseAndMailFolder()
    {
        _mailFolder = Path.Combine(Path.GetTempPath(), $"sociaalplein-mail-{Guid.NewGuid():N}");
        _db = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task RemoveDatabaseAndMailFolder()
    {
        if (Directory.Exists(_mailFolder)) Directory.Delete(_mailFolder, recursive: true);
        if (_db is not null) await _db.DisposeAsync();
    }

    VerwijzingMeldingJob Job() => new(new ReferralNotificationRun(
        new ReferralNotifications(Db.DataSource),
        new Mailer(new MailSettings { PickupFolder = _mailFolder }, NullLogger<Mailer>.Instance),
        new PublicAddress("https://plein.example.nl/"),
        NullLogger<ReferralNotificationRun>.Instance));

    List<MimeMessage> Mails() => Directory.Exists(_mailFolder)
        ? Directory.GetFiles(_mailFolder, "*.eml").Select(f => MimeMessage.Load(f)).ToList()
        : [];

    async Task<RegisterPlein> PleinWithAddressesAsync(string receiverEmail = "bram@schuldhulp.test", string organisationEmail = "info@schuldhulp.test")
    {
        var p = await RegisterArrange.PleinAsync(Db);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE professional SET email = @receiverEmail WHERE id = @ReceiverId;
            UPDATE organisation SET email = @organisationEmail WHERE id = @ReceiverOrganisationId;
            """, new { receiverEmail, organisationEmail, p.ReceiverId, p.ReceiverOrganisationId });
        return p;
    }

    async Task<DateTime?> SentAtAsync(int referralId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<DateTime?>("SELECT sent_at FROM referral_notification WHERE referral_id = @referralId", new { referralId });
    }

    [Test]
    public async Task The_mail_links_to_the_referral_and_carries_no_name_phone_code_or_zorgvraag()
    {
        var p = await PleinWithAddressesAsync();
        var visitor = await RegisterArrange.VisitorAsync(Db, p.SenderUserId, p.PleinId, Today);
        var draft = p.Referral(Today, "Schulden bij de energieleverancier") with
        {
            ConsentShareContact = true, Contact = new ContactDraft("Fatima el Amrani", "06 1234 5678"),
        };
        var id = await ReferralArrange.ReferralAsync(Db, p, draft, visitorId: visitor.Id);

        await Job().RunAsync(CancellationToken.None);

        var mail = Mails().Single();
        Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo("bram@schuldhulp.test"));
        Assert.That(mail.Subject, Is.EqualTo("Nieuwe verwijzing via Sociaal Plein"));
        Assert.That(mail.TextBody, Does.Contain($"https://plein.example.nl/verwijzingen/{id}"));
        var everything = mail.Subject + mail.TextBody + mail.HtmlBody;
        foreach (var personal in new[] { visitor.Code, "Fatima", "Amrani", "1234", "5678", "energieleverancier", "Schulden", "Bram", "Anna" })
            Assert.That(everything, Does.Not.Contain(personal).IgnoreCase);
        Assert.That(await SentAtAsync(id), Is.Not.Null);
    }

    [Test]
    public async Task A_spoed_referral_says_SPOED_in_the_subject()
    {
        var p = await PleinWithAddressesAsync();
        await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today, spoed: true));

        await Job().RunAsync(CancellationToken.None);

        Assert.That(Mails().Single().Subject, Is.EqualTo("SPOED: nieuwe verwijzing via Sociaal Plein"));
    }

    [Test]
    public async Task Without_the_professionals_address_the_organisation_gets_it_and_without_any_it_is_handled_unsent()
    {
        var p = await PleinWithAddressesAsync(receiverEmail: "");
        var toOrganisation = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        var q = await PleinWithAddressesAsync(receiverEmail: "", organisationEmail: "");
        var toNobody = await ReferralArrange.ReferralAsync(Db, q, q.Referral(Today));

        var summary = await Job().RunAsync(CancellationToken.None);

        Assert.That(Mails().Select(m => m.To.Mailboxes.Single().Address), Is.EqualTo(new[] { "info@schuldhulp.test" }));
        Assert.That(await SentAtAsync(toOrganisation), Is.Not.Null);
        Assert.That(await SentAtAsync(toNobody), Is.Not.Null, "nobody to mail: handled, not retried every minute");
        Assert.That(summary, Is.EqualTo("1 meldingen verstuurd, 1 zonder e-mail afgehandeld, 0 mislukt"));
    }

    [Test]
    public async Task A_refused_address_does_not_block_the_others_and_is_tried_again_later()
    {
        var good = await PleinWithAddressesAsync(receiverEmail: "een@test.nl");
        // Passes the table's check, but is no valid address: the mail to it fails on every try.
        var bad = await PleinWithAddressesAsync(receiverEmail: "twee..punt@test.nl");
        var later = await PleinWithAddressesAsync(receiverEmail: "drie@test.nl");
        var first = await ReferralArrange.ReferralAsync(Db, good, good.Referral(Today));
        var refused = await ReferralArrange.ReferralAsync(Db, bad, bad.Referral(Today));
        var third = await ReferralArrange.ReferralAsync(Db, later, later.Referral(Today));

        var summary = await Job().RunAsync(CancellationToken.None);
        var again = await Job().RunAsync(CancellationToken.None);

        Assert.That(Mails().Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(new[] { "een@test.nl", "drie@test.nl" }));
        Assert.That(await SentAtAsync(first), Is.Not.Null);
        Assert.That(await SentAtAsync(third), Is.Not.Null);
        Assert.That(await SentAtAsync(refused), Is.Null);
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_notification", "referral_id = @refused AND attempts = 2", new { refused }), Is.EqualTo(1));
        Assert.That(summary, Is.EqualTo("2 meldingen verstuurd, 0 zonder e-mail afgehandeld, 1 mislukt"));
        Assert.That(again, Is.EqualTo("0 meldingen verstuurd, 0 zonder e-mail afgehandeld, 1 mislukt"));
    }

    [Test]
    public async Task A_referral_cancelled_before_its_mail_went_out_is_not_mailed()
    {
        var p = await PleinWithAddressesAsync();
        var id = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        await new ReferralLoop(Db.DataSource).ChangeAsync(p.SenderUserId, id, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geannuleerd));

        await Job().RunAsync(CancellationToken.None);

        Assert.That(Mails(), Is.Empty);
        Assert.That(await SentAtAsync(id), Is.Not.Null);
    }

    [Test]
    public async Task More_than_one_batch_is_sent_in_one_run_and_nothing_twice_by_two_runs_at_once()
    {
        var p = await PleinWithAddressesAsync();
        for (var i = 0; i < ReferralNotifications.BatchSize * 2 + 3; i++) await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));

        await Task.WhenAll(Task.Run(() => Job().RunAsync(CancellationToken.None)), Task.Run(() => Job().RunAsync(CancellationToken.None)));

        Assert.That(Mails(), Has.Count.EqualTo(ReferralNotifications.BatchSize * 2 + 3));
    }
}
