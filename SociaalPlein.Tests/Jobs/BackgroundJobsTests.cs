using System.Net;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Jobs;

public sealed class BackgroundJobsTests : AppFixture
{
    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db);
        await Arrange.UserAsync(Db, "professional@test.nl", "professional", [plein]);
        await Arrange.UserAsync(Db, "projectleider@test.nl", "projectleider", [plein]);
        await Arrange.UserAsync(Db, "beheerder@test.nl", "beheerder");
    }

    static List<RecurringJobDto> RecurringJobs(AppFactory app)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    [Test]
    public void Gids_verificatie_is_registered_monthly_on_the_first_at_seven_in_amsterdam()
    {
        var job = RecurringJobs(App).Single(j => j.Id == GidsVerificatieJob.Id);

        Assert.That(job.Cron, Is.EqualTo("0 7 1 * *"));
        Assert.That(job.TimeZoneId, Is.EqualTo("Europe/Amsterdam"));
        Assert.That(job.Job.Type, Is.EqualTo(typeof(GidsVerificatieJob)));
        Assert.That(job.Job.Method.Name, Is.EqualTo(nameof(GidsVerificatieJob.RunAsync)));
        // The next run is on the first of a month at 07:00 Amsterdam time, summer or winter.
        var next = TimeZoneInfo.ConvertTimeFromUtc(job.NextExecution!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        Assert.That((next.Day, next.Hour, next.Minute), Is.EqualTo((1, 7, 0)));
    }

    [Test]
    public void Test_apps_run_no_job_server_unless_asked()
    {
        Assert.That(App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers(), Is.Empty);
    }

    [Test]
    public async Task Anonymous_visitor_of_the_dashboard_is_sent_to_login()
    {
        var response = await App.Browser().GetAsync("/hangfire");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
    }

    [TestCase("professional@test.nl")]
    [TestCase("projectleider@test.nl")]
    public async Task Dashboard_is_refused_to_everyone_but_the_beheerder(string email)
    {
        var browser = App.Browser();
        await browser.LogInAsync(email, Arrange.Password);

        foreach (var url in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/jobs/succeeded" })
        {
            var response = await browser.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"), url);
        }
        Assert.That((await browser.GetAsync("/account/geweigerd")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await browser.GetStringAsync("/"), Does.Not.Contain("/hangfire"));
    }

    [Test]
    public async Task Beheerder_sees_the_dashboard_with_the_recurring_job()
    {
        var browser = App.Browser();
        await browser.LogInAsync("beheerder@test.nl", Arrange.Password);

        var response = await browser.GetAsync("/hangfire/recurring");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("Sociaal Plein · achtergrondtaken"));
        Assert.That(html, Does.Contain(GidsVerificatieJob.Id));
    }

    [Test]
    public async Task Two_instances_starting_together_on_an_empty_database_both_start_and_register_the_job_once()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        await using var first = new AppFactory(db);
        await using var second = new AppFactory(db);

        // Touching Services builds and starts the app: migrations, Hangfire's schema and the recurring jobs.
        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        Assert.That((await first.Browser().GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await second.Browser().GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Each of the app's recurring jobs exactly once, however many there are.
        var ids = RecurringJobs(first).Select(j => j.Id).ToList();
        Assert.That(ids, Does.Contain(GidsVerificatieJob.Id).And.Contain(ContactRetentionJob.Id).And.Contain(VerwijzingMeldingJob.Id)
            .And.Contain(KwartaalNieuwsbriefJob.Id).And.Contain(NieuwsbriefBezorgingSweepJob.Id));
        Assert.That(ids, Is.Unique);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs'"), Is.EqualTo(ids.Count));
    }

    [Test]
    public async Task The_hosted_server_runs_a_triggered_job_to_success()
    {
        await using var db = await TestDatabase.CreateAsync();
        var now = new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        await StaleEntriesArrange.ProfessionalAsync(db, org, "Jansen", "jansen@test.nl", now.AddMonths(-7));
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(now), settings: new Dictionary<string, string> { ["SociaalPlein:Jobs:RunServer"] = "true" });

        var jobId = app.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(GidsVerificatieJob.Id);

        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state = null;
        while (DateTime.UtcNow < deadline && state is not ("Succeeded" or "Failed"))
        {
            await Task.Delay(200);
            state = monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
        }
        Assert.That(state, Is.EqualTo("Succeeded"));
        Assert.That(monitoring.Servers(), Has.Count.EqualTo(1));
        var mail = MimeMessage.Load(Directory.GetFiles(app.MailFolder, "*.eml").Single());
        Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo("jansen@test.nl"));
    }
}
