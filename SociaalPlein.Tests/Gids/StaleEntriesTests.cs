using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

public sealed class StaleEntriesTests
{
    // The job's run: 1 March 2026, 07:00 in Amsterdam.
    static readonly DateTimeOffset Now = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset SixMonthsAgo = Now.AddMonths(-6);

    [Test]
    public async Task Due_are_exactly_the_active_entries_with_an_address_unverified_for_over_six_months_and_not_yet_reminded()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        async Task<int> Professional(string name, DateTimeOffset verifiedAt, DateTimeOffset? remindedAt = null,
            bool active = true, string? email = null) =>
            await StaleEntriesArrange.ProfessionalAsync(db, org, name, email ?? $"{name}@test.nl", verifiedAt, remindedAt, active);

        await Professional("bijna", SixMonthsAgo.AddDays(1));
        var justOver = await Professional("net", SixMonthsAgo.AddDays(-1));
        var longAgo = await Professional("lang", Now.AddYears(-3));
        await Professional("inactief", Now.AddMonths(-7), active: false);
        await Professional("zonder", Now.AddMonths(-7), email: "");
        await Professional("herinnerd", Now.AddMonths(-8), remindedAt: Now.AddMonths(-1));
        // Reminded once, confirmed afterwards, and stale again since: a new stale period, a new reminder.
        var staleAgain = await Professional("opnieuw", Now.AddMonths(-7), remindedAt: Now.AddMonths(-14));
        // An organisation that is deactivated takes its professionals out of the gids: nobody to remind there.
        var closed = await StaleEntriesArrange.OrganisationAsync(db, "Gesloten Stichting");
        await StaleEntriesArrange.ProfessionalAsync(db, closed, "gesloten", "gesloten@test.nl", Now.AddMonths(-7));
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("UPDATE organisation SET active = false WHERE id = @closed", conn))
        {
            cmd.Parameters.AddWithValue("closed", closed);
            await cmd.ExecuteNonQueryAsync();
        }

        var due = await new StaleEntries(db.DataSource).DueForReminderAsync(Now);

        Assert.That(due, Is.EqualTo(new[] { justOver, longAgo, staleAgain }));
    }

    [Test]
    public async Task A_reminded_entry_is_marked_with_the_run_time_and_is_no_longer_due()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        var id = await StaleEntriesArrange.ProfessionalAsync(db, org, "Jansen", "jansen@test.nl", Now.AddMonths(-7));
        var entries = new StaleEntries(db.DataSource);
        var mailedTo = new List<string>();

        var reminded = await entries.RemindAsync(id, Now, (email, _) => { mailedTo.Add(email); return Task.CompletedTask; });

        Assert.That(reminded, Is.True);
        Assert.That(mailedTo, Is.EqualTo(new[] { "jansen@test.nl" }));
        Assert.That(await StaleEntriesArrange.ReminderSentAtAsync(db, id), Is.EqualTo(Now.UtcDateTime));
        Assert.That(await entries.DueForReminderAsync(Now.AddMonths(1)), Is.Empty);
        Assert.That(await entries.RemindAsync(id, Now, (_, _) => throw new AssertionException("mailed twice")), Is.False);
    }

    [Test]
    public async Task A_crash_halfway_leaves_the_rest_due_and_the_retry_mails_nobody_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        foreach (var name in new[] { "een", "twee", "drie" })
            await StaleEntriesArrange.ProfessionalAsync(db, org, name, $"{name}@test.nl", Now.AddMonths(-7));
        var entries = new StaleEntries(db.DataSource);
        var mailedTo = new List<string>();
        Task Send(string email, CancellationToken _) { mailedTo.Add(email); return Task.CompletedTask; }

        // First run: the mail server goes down at the second address, and the run dies with it.
        var firstRun = await entries.DueForReminderAsync(Now);
        await entries.RemindAsync(firstRun[0], Now, Send);
        await Assert.ThrowsAsync<IOException>(() => entries.RemindAsync(firstRun[1], Now, (_, _) => throw new IOException("SMTP weg")));

        var retry = Now.AddHours(1);
        foreach (var id in await entries.DueForReminderAsync(retry))
            await entries.RemindAsync(id, retry, Send);

        Assert.That(mailedTo, Is.EqualTo(new[] { "een@test.nl", "twee@test.nl", "drie@test.nl" }));
    }

    [Test]
    public async Task Two_runs_at_once_remind_an_entry_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var org = await StaleEntriesArrange.OrganisationAsync(db);
        var id = await StaleEntriesArrange.ProfessionalAsync(db, org, "Jansen", "jansen@test.nl", Now.AddMonths(-7));
        var entries = new StaleEntries(db.DataSource);
        var mailing = new TaskCompletionSource();
        var mailed = new TaskCompletionSource();
        var mails = 0;

        var first = entries.RemindAsync(id, Now, async (_, _) => { Interlocked.Increment(ref mails); mailing.SetResult(); await mailed.Task; });
        await mailing.Task;
        var second = entries.RemindAsync(id, Now, (_, _) => { Interlocked.Increment(ref mails); return Task.CompletedTask; });
        await Task.Delay(200);
        Assert.That(second.IsCompleted, Is.False, "the second run waits for the first one's row");
        mailed.SetResult();

        Assert.That(await first, Is.True);
        Assert.That(await second, Is.False);
        Assert.That(mails, Is.EqualTo(1));
    }

    [Test]
    public void An_entry_is_possibly_outdated_after_twelve_months()
    {
        Assert.That(StaleEntries.IsPossiblyOutdated(Now.AddMonths(-12).AddDays(1), Now), Is.False);
        Assert.That(StaleEntries.IsPossiblyOutdated(Now.AddMonths(-12).AddDays(-1), Now), Is.True);
        Assert.That(StaleEntries.IsPossiblyOutdated(Now.AddMonths(-7), Now), Is.False);
        Assert.That(StaleEntries.OutdatedBefore(Now), Is.EqualTo(new DateTimeOffset(2025, 3, 1, 6, 0, 0, TimeSpan.Zero)));
    }
}
