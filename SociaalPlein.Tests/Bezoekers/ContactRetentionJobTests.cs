using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>contactgegevens-wissen: names and phones go once the plein's retention period has passed (design.md §4).</summary>
public sealed class ContactRetentionJobTests : BezoekersAppFixture
{
    // The scheduled run on the tests' today: 03:00 in Amsterdam is 02:00 UTC in November.
    static readonly FakeTimeProvider NightOfToday = new(new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    ContactRetentionJob Job() => new(new ContactRetention(Db.DataSource), new AuditLog(Db.DataSource), NightOfToday);

    async Task<VisitorSummary> ContactLastOnAsync(DateOnly lastContact, bool elsewhere = false)
    {
        var (userId, pleinId) = elsewhere ? (_p.OtherProfessionalUserId, _p.OtherPleinId) : (_p.SenderUserId, _p.PleinId);
        var visitor = await RegisterArrange.VisitorAsync(Db, userId, pleinId, Today);
        var draft = elsewhere
            ? _p.Referral(lastContact) with { From = Party.OfProfessional(_p.ElsewhereProfessionalId), To = Party.OfOrganisation(_p.OrganisationElsewhereId) }
            : _p.Referral(lastContact);
        await ReferralAsync(Db, userId, pleinId, visitor, draft.WithContact("Naam Bewoner", "06 1234 5678"));
        return visitor;
    }

    async Task<bool> HasContactAsync(VisitorSummary v) =>
        await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { v.Id }) == 1;

    [Test]
    public async Task Contact_details_older_than_the_pleins_retention_are_erased_and_the_run_is_audited_with_the_count_only()
    {
        // 12 months (the default) before 23 November 2026 is 23 November 2025: that day is kept, the day before is not.
        var expired = await ContactLastOnAsync(new DateOnly(2025, 11, 22));
        var lastDay = await ContactLastOnAsync(new DateOnly(2025, 11, 23));
        var recent = await ContactLastOnAsync(Today.AddDays(-3));
        // The other plein keeps contact details for 24 months.
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE plein SET contact_retention_months = 24 WHERE id = @OtherPleinId", new { _p.OtherPleinId });
        var longerKept = await ContactLastOnAsync(new DateOnly(2025, 1, 2), elsewhere: true);
        var auditBefore = await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor_contact.erase'");

        var result = await Job().RunAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo("1 contactgegevens gewist"));
        Assert.That(await HasContactAsync(expired), Is.False);
        Assert.That((await HasContactAsync(lastDay), await HasContactAsync(recent), await HasContactAsync(longerKept)), Is.EqualTo((true, true, true)));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "visitor_id = @Id", new { expired.Id }), Is.EqualTo(1),
            "the pseudonymous register stays");
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", """
            action = 'visitor_contact.erase' AND (detail ->> 'erased')::int = 1 AND subject IS NULL AND user_id IS NULL
            """), Is.EqualTo(auditBefore + 1));

        Assert.That(await Job().RunAsync(CancellationToken.None), Is.EqualTo("0 contactgegevens gewist"), "a second run finds nothing more");
    }

    [Test]
    public void Runs_daily_at_three_in_amsterdam()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == ContactRetentionJob.Id);

        Assert.That((job.Cron, job.TimeZoneId), Is.EqualTo(("0 3 * * *", "Europe/Amsterdam")));
        Assert.That(job.Job.Type, Is.EqualTo(typeof(ContactRetentionJob)));
        var next = TimeZoneInfo.ConvertTimeFromUtc(job.NextExecution!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        Assert.That((next.Hour, next.Minute), Is.EqualTo((3, 0)));
    }

    [Test]
    public void The_job_resolves_from_the_apps_services()
    {
        using var scope = App.Services.CreateScope();

        Assert.That(scope.ServiceProvider.GetService<ContactRetentionJob>(), Is.Not.Null);
    }
}
