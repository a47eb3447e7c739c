using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Gids;

public sealed class GidsVerificatieJobTests
{
    // The scheduled run: 1 March 2026, 07:00 in Amsterdam.
    static readonly DateTimeOffset FirstOfMarch = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    string _mailFolder = "";

    [SetUp]
    public void NewMailFolder() => _mailFolder = Path.Combine(Path.GetTempPath(), $"sociaalplein-mail-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveMailFolder()
    {
        if (Directory.Exists(_mailFolder)) Directory.Delete(_mailFolder, recursive: true);
    }

    GidsVerificatieJob Job(FixtureDatabase db, TimeProvider clock) => new(new GidsVerificationRun(
        new StaleEntries(db.DataSource),
        new Mailer(new MailSettings { PickupFolder = _mailFolder }, NullLogger<Mailer>.Instance),
        new PublicAddress("https://plein.example.nl/"),
        clock,
        NullLogger<GidsVerificationRun>.Instance));

    List<MimeMessage> Mails() => Directory.Exists(_mailFolder)
        ? Directory.GetFiles(_mailFolder, "*.eml").Select(f => MimeMessage.Load(f)).ToList()
        : [];

    static string To(MimeMessage m) => m.To.Mailboxes.Single().Address;

    [Test]
    public async Task The_run_mails_exactly_the_entries_unverified_for_over_six_months()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        var sixMonthsAgo = FirstOfMarch.AddMonths(-6);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Bijna Oud", "bijna@test.nl", sixMonthsAgo.AddDays(1));
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Net Oud", "net@test.nl", sixMonthsAgo.AddDays(-1));
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Niet Actief", "weg@test.nl", sixMonthsAgo.AddDays(-30), active: false);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Geen Adres", "", sixMonthsAgo.AddDays(-30));
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Al Herinnerd", "herinnerd@test.nl", sixMonthsAgo.AddDays(-60),
            reminderSentAt: FirstOfMarch.AddMonths(-1));

        var result = await Job(db, new FakeTimeProvider(FirstOfMarch)).RunAsync(CancellationToken.None);

        Assert.That(Mails().Select(To), Is.EqualTo(new[] { "net@test.nl" }));
        Assert.That(result, Is.EqualTo("1 herinneringen verstuurd"));
    }

    [Test]
    public async Task The_mail_is_dutch_links_to_profiel_and_carries_no_personal_data()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db, "Huisartsenpraktijk De Linde");
        var id = await StaleEntriesArrange.ProfessionalAsync(db, org, "Annemiek Verbeek", "a.verbeek@test.nl", FirstOfMarch.AddMonths(-7));
        await ResidentReferredToAsync(db, id, "B-2026-0042", "Fatima el Amrani", "06 1234 5678");

        await Job(db, new FakeTimeProvider(FirstOfMarch)).RunAsync(CancellationToken.None);

        var mail = Mails().Single();
        Assert.That(To(mail), Is.EqualTo("a.verbeek@test.nl"));
        Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo("noreply@sociaalplein.local"));
        Assert.That(mail.Subject, Is.EqualTo("Kloppen je gegevens in de gids nog?"));
        Assert.That(mail.TextBody, Does.Contain("https://plein.example.nl/profiel"));
        Assert.That(mail.TextBody, Does.Contain("Mijn gegevens kloppen nog"));
        foreach (var personal in new[] { "B-2026-0042", "Fatima", "Amrani", "1234", "Annemiek", "Verbeek", "De Linde" })
            Assert.That(mail.TextBody, Does.Not.Contain(personal));
        Assert.That(mail.Attachments, Is.Empty);
    }

    [Test]
    public async Task A_second_run_in_the_same_stale_period_mails_nobody()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Jansen", "jansen@test.nl", FirstOfMarch.AddMonths(-7));
        var clock = new FakeTimeProvider(FirstOfMarch);

        await Job(db, clock).RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(31));
        var second = await Job(db, clock).RunAsync(CancellationToken.None);

        Assert.That(Mails(), Has.Count.EqualTo(1));
        Assert.That(second, Is.EqualTo("0 herinneringen verstuurd"));
    }

    [Test]
    public async Task Confirmed_after_a_reminder_and_stale_again_gets_a_new_reminder()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        var id = await StaleEntriesArrange.ProfessionalAsync(db, org, "Jansen", "jansen@test.nl", FirstOfMarch.AddMonths(-7));
        var clock = new FakeTimeProvider(FirstOfMarch);

        await Job(db, clock).RunAsync(CancellationToken.None);
        await StaleEntriesArrange.ConfirmAsync(db, id, FirstOfMarch.AddDays(10));
        clock.SetUtcNow(FirstOfMarch.AddMonths(6));
        await Job(db, clock).RunAsync(CancellationToken.None);
        Assert.That(Mails(), Has.Count.EqualTo(1), "six months after confirming is not yet over six months");
        clock.SetUtcNow(FirstOfMarch.AddMonths(7));
        await Job(db, clock).RunAsync(CancellationToken.None);

        Assert.That(Mails(), Has.Count.EqualTo(2));
        Assert.That(await StaleEntriesArrange.ReminderSentAtAsync(db, id), Is.EqualTo(FirstOfMarch.AddMonths(7).UtcDateTime));
    }

    [Test]
    public async Task A_refused_address_fails_the_run_for_a_retry_that_mails_no_one_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        var stale = FirstOfMarch.AddMonths(-7);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Een", "een@test.nl", stale);
        // Passes the table's check, but is no valid address: the mail to it fails on every try.
        var refused = await StaleEntriesArrange.ProfessionalAsync(db, org, "Twee", "twee..punt@test.nl", stale);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Drie", "drie@test.nl", stale);
        var clock = new FakeTimeProvider(FirstOfMarch);

        var failure = await Assert.ThrowsAsync<ReminderFailedException>(() => Job(db, clock).RunAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<ReminderFailedException>(() => Job(db, clock).RunAsync(CancellationToken.None));

        Assert.That(failure.Message, Does.StartWith("1 van 3 herinneringen"));
        Assert.That(Mails().Select(To), Is.EquivalentTo(new[] { "een@test.nl", "drie@test.nl" }));
        Assert.That(await StaleEntriesArrange.ReminderSentAtAsync(db, refused), Is.Null);
    }

    // A resident with contact details, referred to the professional: nothing of them may reach the mail.
    static async Task ResidentReferredToAsync(FixtureDatabase db, int professionalId, string code, string name, string phone)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var plein = await conn.ExecuteScalarAsync<int>(
            "INSERT INTO plein (name, municipality, opened_on) VALUES ('Plein', 'Schiedam', DATE '2024-01-01') RETURNING id");
        var visitor = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO visitor (plein_id, code, first_visit_on, request_id) VALUES (@plein, @code, DATE '2026-01-05', gen_random_uuid())
            RETURNING id
            """, new { plein, code });
        await conn.ExecuteAsync("""
            WITH r AS (
                INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, to_professional_id, to_organisation_id,
                                      zorgvraag, leefgebied_id, consent_share_contact, request_id)
                SELECT @plein, DATE '2026-01-05', @visitor, 'eigen_initiatief', p.id, p.organisation_id,
                       'Schulden bij de energieleverancier', (SELECT min(id) FROM leefgebied), true, gen_random_uuid()
                FROM professional p WHERE p.id = @professionalId
                RETURNING id)
            INSERT INTO referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on)
            SELECT id, @visitor, @name, @phone, now(), DATE '2026-01-05' FROM r
            """, new { plein, visitor, name, phone, professionalId });
    }
}
