using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Npgsql;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// Three app instances behind nginx (TLS, round robin, no sticky sessions) on a PostgreSQL primary with a synchronous
/// hot standby, and a real SMTP server: sessions cross instances, jobs are shared out and a recurring one runs once,
/// a killed instance's newsletter work is finished by the others, lagging reads come from the standby, and the app
/// writes on through a failover without a restart. The tests run one after the other on one topology (DependsOnTest); the failover is last.
/// </summary>
[Category("Topology")]
[NonParallelizable]
public sealed partial class TopologyTests
{
    const int InstanceCount = 3;
    Topology _topology = null!;
    TopologyJobs _jobs = null!;
    RegisterPlein _p = null!;
    DateTimeOffset _recurringFrom;

    [OneTimeSetUp]
    public async Task StartTopology()
    {
        if (!File.Exists(Nginx.Program)) E2E.MissingTool.Stop("nginx", "nginx", "the topology tests");
        if (!File.Exists(Nginx.OpenSsl)) E2E.MissingTool.Stop("openssl", "openssl", "the topology tests");
        _topology = await Topology.StartAsync(InstanceCount, synchronous: true);
        _jobs = new TopologyJobs(_topology.Postgres.PrimaryConnectionString);
        _p = await RegisterArrange.PleinAsync(_topology.Db);
        // Every minute from now on, for the test that counts its runs (it runs after the others, so the minute passes meanwhile).
        _recurringFrom = DateTimeOffset.UtcNow;
        _jobs.Recurring.AddOrUpdate<ContactRetentionJob>(ContactRetentionJob.Id, j => j.RunAsync(CancellationToken.None), "* * * * *",
            new RecurringJobOptions { TimeZone = PleinTime.Zone });
    }

    [OneTimeTearDown]
    public async Task StopTopology()
    {
        if (_jobs is not null) await _jobs.DisposeAsync();
        if (_topology is not null) await _topology.DisposeAsync();
    }

    [TearDown]
    public void ShowLogsOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            TestContext.Out.WriteLine(_topology.Logs());
    }

    [Test]
    public async Task Login_with_two_factor_and_the_desk_form_work_while_every_request_goes_to_the_next_instance()
    {
        using var browser = _topology.Browser();
        var answered = new List<AppInstance>();

        // The projectleider: password on one instance, the code page on another, the code on a third.
        var loginPage = await browser.GetAsync("/account/inloggen");
        answered.Add(_topology.AnsweredBy(loginPage));
        var password = await browser.PostAsync("/account/inloggen", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", TokenOf(await loginPage.Content.ReadAsStringAsync())),
            new("Input.Email", _p.ProjectleiderEmail), new("Input.Password", Arrange.Password),
        ]));
        answered.Add(_topology.AnsweredBy(password));
        Assert.That(password.Headers.Location?.OriginalString, Does.StartWith(BrowserExtensions.CodePage), "the password is accepted, the code asked for");
        var codePage = await browser.GetAsync(password.Headers.Location!.OriginalString);
        answered.Add(_topology.AnsweredBy(codePage));
        var code = await browser.PostAsync(password.Headers.Location!.OriginalString, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", TokenOf(await codePage.Content.ReadAsStringAsync())),
            new("Code", await TwoFactorArrange.NextCodeAsync(_p.ProjectleiderEmail)),
        ]));
        answered.Add(_topology.AnsweredBy(code));
        Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the code is accepted by another instance than the one that asked for it");
        Assert.That(code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sociaalplein=")), Does.Contain("secure").IgnoreCase,
            "behind the TLS proxy the session cookie stays Secure");
        var home = await browser.GetAsync("/");
        answered.Add(_topology.AnsweredBy(home));
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session works on the next instance");

        // The desk: a professional registers a visit; the form, the post and the page after it on different instances.
        using var desk = _topology.Browser();
        Assert.That((await desk.LogInAsync(_p.SenderEmail, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var today = PleinTime.Today(TimeProvider.System);
        var visitor = await RegisterArrange.VisitorAsync(_topology.Db, _p.SenderUserId, _p.PleinId, today);
        var form = await desk.GetAsync($"/spreekuur?bezoeker={visitor.Code}");
        answered.Add(_topology.AnsweredBy(form));
        var stored = await desk.PostAsync("/spreekuur", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", TokenOf(await form.Content.ReadAsStringAsync())),
            new("Input.RequestId", Guid.NewGuid().ToString()), new("Input.VisitorCode", visitor.Code),
            new("Input.VisitedOn", today.ToString("yyyy-MM-dd")), new("Input.Kind", "spreekuur"),
            new("Input.LeefgebiedIds", _p.LeefgebiedId.ToString()), new("Input.HelpedBy", _p.SenderId.ToString()),
        ]));
        answered.Add(_topology.AnsweredBy(stored));
        Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the desk's form posted to another instance than the one that made it");
        var next = await desk.GetAsync("/spreekuur");
        answered.Add(_topology.AnsweredBy(next));
        Assert.That(WebUtility.HtmlDecode(await next.Content.ReadAsStringAsync()), Does.Contain($"Bezoek van {visitor.Code} opgeslagen"),
            "the confirmation left by one instance is shown by the next");

        Assert.That(answered.Distinct().Count(), Is.EqualTo(InstanceCount), "round robin: every instance answered part of it");
        await using var conn = new NpgsqlConnection(_topology.Postgres.PrimaryConnectionString);
        var addresses = (await conn.QueryAsync<string>("""
            SELECT DISTINCT host(client_address) FROM audit_log WHERE user_email IN (@ProjectleiderEmail, @SenderEmail)
            """, new { _p.ProjectleiderEmail, _p.SenderEmail })).ToList();
        Assert.That(addresses, Is.EqualTo(new[] { Topology.ClientAddress }), "the audit log has the browser's address, not the proxy's");

        // Past the proxy, straight to an instance: its X-Forwarded-For is not believed, the real address is logged.
        var stranger = $"omweg-{Guid.NewGuid():N}"[..16] + "@test.nl";
        using (var direct = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
                   { BaseAddress = new Uri($"http://127.0.0.1:{_topology.Instances[1].Port}") })
        {
            direct.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");
            var page = await direct.GetAsync("/account/inloggen");
            // The antiforgery cookie is Secure, which a cookie jar keeps off plain HTTP: sent back by hand.
            var post = new HttpRequestMessage(HttpMethod.Post, "/account/inloggen")
            {
                Content = new FormUrlEncodedContent(
                [
                    new("__RequestVerificationToken", TokenOf(await page.Content.ReadAsStringAsync())),
                    new("Input.Email", stranger), new("Input.Password", "fout-wachtwoord-123"),
                ]),
            };
            post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
            Assert.That((await direct.SendAsync(post)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form answers the wrong password");
        }
        Assert.That(await conn.QuerySingleAsync<string>("SELECT host(client_address) FROM audit_log WHERE action = 'login.failure' AND user_email = @stranger",
            new { stranger }), Is.EqualTo("127.0.0.1"), "a forwarded address from anyone but the proxy is ignored");
    }

    [Test]
    [DependsOnTest(nameof(Login_with_two_factor_and_the_desk_form_work_while_every_request_goes_to_the_next_instance), AllowFailure = true)]
    public async Task The_gids_search_reads_from_the_standby_while_the_desk_writes_to_the_primary()
    {
        using var browser = _topology.Browser();
        Assert.That((await browser.LogInAsync(_p.SenderEmail, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var name = $"Zoë Standby {Guid.NewGuid():N}"[..24];
        var card = "";
        await _topology.Postgres.PauseReplayAsync(true);
        try
        {
            var professionalId = await ProfilesArrange.ProfessionalAsync(_topology.Db, _p.ReceiverOrganisationId, name, "Buurtwerker", pleinIds: [_p.PleinId]);
            // The page repeats the query in its search field: a result is its card, not the name.
            card = $"data-professional-id=\"{professionalId}\"";
            var whilePaused = new List<string>();
            for (var i = 0; i < InstanceCount; i++) whilePaused.Add(await browser.GetStringAsync($"/gids?q={Uri.EscapeDataString(name)}"));
            Assert.That(whilePaused, Has.All.Not.Contains(card), "no instance finds what the standby has not replayed yet");
            var apiWhilePaused = new List<bool>();
            for (var i = 0; i < InstanceCount; i++) apiWhilePaused.Add(await HsdsFindsServiceAsync(browser, name));
            Assert.That(apiWhilePaused, Has.All.False, "the HSDS API reads the standby too");
            // Writes and what must read its own writes stay on the primary, paused standby or not.
            var referral = await browser.SubmitFormAsync($"/verwijzingen/nieuw?naar=professional-{_p.ReceiverId}", new Dictionary<string, string>
            {
                ["Input.Date"] = PleinTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), ["Input.PleinId"] = _p.PleinId.ToString(),
                ["Input.From"] = "eigen", ["Input.To"] = $"professional-{_p.ReceiverId}", ["Input.Zorgvraag"] = "Hulp bij de huurtoeslag",
                ["Input.LeefgebiedId"] = _p.LeefgebiedId.ToString(), ["Input.ConsentFeedback"] = "true",
            });
            Assert.That(referral.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            var detail = await browser.GetAsync(referral.Headers.Location!.OriginalString);
            Assert.That(detail.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the stored referral is shown at once, from the primary");
        }
        finally
        {
            await _topology.Postgres.PauseReplayAsync(false);
        }
        await WaitUntilAsync(async () => (await _topology.Postgres.LagAsync()).Bytes == 0, "the standby caught up");
        Assert.That(await browser.GetStringAsync($"/gids?q={Uri.EscapeDataString(name)}"), Does.Contain(card), "found once replayed");
        Assert.That(await HsdsFindsServiceAsync(browser, name), Is.True, "found by the HSDS API once replayed");
    }

    /// <summary>Whether the HSDS API's search finds the professional's service (named "function — name").</summary>
    static async Task<bool> HsdsFindsServiceAsync(HttpClient browser, string professionalName)
    {
        using var page = JsonDocument.Parse(await browser.GetStringAsync($"/api/hsds/services?search={Uri.EscapeDataString(professionalName)}"));
        return page.RootElement.GetProperty("contents").EnumerateArray().Any(s => s.GetProperty("name").GetString()!.EndsWith(professionalName));
    }

    [Test]
    [DependsOnTest(nameof(The_gids_search_reads_from_the_standby_while_the_desk_writes_to_the_primary), AllowFailure = true)]
    public async Task A_newsletter_is_delivered_once_per_subscriber_when_an_instance_is_killed_during_the_delivery()
    {
        const int subscribers = 36;
        var addresses = Enumerable.Range(1, subscribers).Select(i => $"abonnee{i}@partner.test").ToList();
        foreach (var address in addresses) await NewsletterArrange.SubscriberAsync(_topology.Db, _p.PleinId, address);
        var newsletterId = await NewsletterArrange.DraftAsync(_topology.Db, _p.PleinId, 2026, 3);
        var sending = new QueuedNewsletterSender(new Newsletters(_topology.Db.DataSource), _jobs.Client);
        var sent = await sending.SendAsync(newsletterId, null, CancellationToken.None);
        Assert.That(sent.DeliveryIds, Has.Count.EqualTo(subscribers));

        await using var conn = new NpgsqlConnection(_topology.Postgres.PrimaryConnectionString);
        var victim = _topology.Instances[0];
        // Killed in the middle of its share of the work: once it has taken deliveries, and mails have arrived.
        await WaitUntilAsync(async () => (await ProcessedByAsync(conn)).Contains(victim.ProcessId.ToString()), "the victim took deliveries");
        await WaitUntilAsync(async () => (await _topology.Smtp.RecipientsAsync()).Count(addresses.Contains) >= 4, "the first mails arrived");
        victim.Kill();

        await WaitUntilAsync(async () => await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM newsletter_delivery WHERE newsletter_id = @newsletterId AND status IN ('verzonden', 'mislukt') AND claimed_at IS NULL
            """, new { newsletterId }) == subscribers, "every delivery was sent or flagged", seconds: 120);

        var deliveries = (await conn.QueryAsync<(string Email, string Status, string? Error)>(
            "SELECT email, status, last_error FROM newsletter_delivery WHERE newsletter_id = @newsletterId", new { newsletterId })).ToList();
        var arrived = (await _topology.Smtp.RecipientsAsync()).Where(addresses.Contains).ToList();
        var delivered = deliveries.Where(d => d.Status == "verzonden").Select(d => d.Email).ToList();
        var flagged = deliveries.Where(d => d.Status == "mislukt").ToList();
        TestContext.Out.WriteLine($"{delivered.Count} delivered, {flagged.Count} flagged as interrupted, {arrived.Count} mails arrived");

        Assert.That(arrived.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "nobody got the newsletter twice");
        Assert.That(delivered.Except(arrived), Is.Empty, "every delivery marked sent arrived");
        Assert.That(arrived.Except(delivered).Except(flagged.Select(f => f.Email)), Is.Empty, "nothing arrived that is neither sent nor flagged");
        Assert.That(flagged, Has.Count.LessThanOrEqualTo(4), "at most the killed instance's four workers were handing a mail over");
        Assert.That(flagged.Select(f => f.Error), Has.All.StartWith("Verzending onderbroken"), "an interrupted one is flagged for the projectleider");

        // One-off jobs spread: the deliveries were processed by more than one instance (Hangfire's ServerId has the pid).
        Assert.That(await ProcessedByAsync(conn), Has.Count.EqualTo(InstanceCount), "the deliveries were shared out over every instance");
    }

    /// <summary>The process ids of the instances that took a newsletter delivery (Hangfire's ServerId is host:pid:guid).</summary>
    static async Task<List<string>> ProcessedByAsync(NpgsqlConnection conn) => (await conn.QueryAsync<string>("""
        SELECT DISTINCT split_part(s.data ->> 'ServerId', ':', 2) FROM hangfire.state s
        JOIN hangfire.job j ON j.id = s.jobid
        WHERE s.name = 'Processing' AND j.invocationdata ->> 'Type' LIKE '%NieuwsbriefBezorgingJob%'
        """)).ToList();

    [Test]
    [DependsOnTest(nameof(A_newsletter_is_delivered_once_per_subscriber_when_an_instance_is_killed_during_the_delivery), AllowFailure = true)]
    public async Task A_recurring_job_runs_once_a_minute_across_the_instances()
    {
        // The first minute boundary after the schedule was set, and time for every scheduler to have seen it (they poll).
        var boundary = new DateTimeOffset(_recurringFrom.Year, _recurringFrom.Month, _recurringFrom.Day, _recurringFrom.Hour, _recurringFrom.Minute, 0,
            TimeSpan.Zero).AddMinutes(1);
        var until = boundary.AddSeconds(30);
        if (DateTimeOffset.UtcNow < until) await Task.Delay(until - DateTimeOffset.UtcNow);

        await using var conn = new NpgsqlConnection(_topology.Postgres.PrimaryConnectionString);
        var runs = await conn.QueryAsync<(long Id, string State)>("""
            SELECT j.id, j.statename FROM hangfire.job j JOIN hangfire.jobparameter p ON p.jobid = j.id
            WHERE p.name = 'RecurringJobId' AND p.value = @id AND j.createdat >= @from AND j.createdat < @until
            """, new { id = $"\"{ContactRetentionJob.Id}\"", from = boundary.UtcDateTime, until = until.UtcDateTime });
        Assert.That(runs.Select(r => r.State), Is.EqualTo(new[] { "Succeeded" }), "one run for the minute, not one per instance");
    }

    [Test]
    [DependsOnTest(nameof(A_recurring_job_runs_once_a_minute_across_the_instances), AllowFailure = true)]
    public async Task Registrations_go_on_through_a_failover_without_a_restart_and_none_that_was_confirmed_is_lost()
    {
        var survivors = _topology.Instances.Where(i => !i.Killed).Select(i => i.ProcessId).ToList();

        var drill = await FailoverDrill.RunAsync(_topology, _p);

        Assert.That(drill.Stored, Is.EqualTo(drill.Confirmed), "every registration the app confirmed is on the promoted standby");
        Assert.That(drill.ConfirmedAfterPromotion, Is.GreaterThan(0), "the app writes to the new primary");
        Assert.That(_topology.Instances.Where(i => !i.Killed && i.Running).Select(i => i.ProcessId), Is.EqualTo(survivors),
            "the same processes: no instance restarted");
        Assert.That(drill.RefusedFor, Is.LessThan(TimeSpan.FromSeconds(30)), "registration is back within half a minute");
    }

    static string TokenOf(string html) => WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);

    static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail($"Not within {seconds} s: {what}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
