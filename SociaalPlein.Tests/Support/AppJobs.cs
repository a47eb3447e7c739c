using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace SociaalPlein.Tests.Support;

/// <summary>The app's Hangfire jobs as a test reaches them: a recurring job as registered, and one run now.</summary>
public static class AppJobs
{
    static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>The recurring job registered under <paramref name="id"/> in the app's Hangfire storage.</summary>
    public static RecurringJobDto Recurring(this AppFactory app, string id)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Single(j => j.Id == id);
    }

    /// <summary>When the job runs next, on the pleinen's clock (every schedule is Europe/Amsterdam).</summary>
    public static DateTime NextInAmsterdam(this RecurringJobDto job) =>
        TimeZoneInfo.ConvertTimeFromUtc(job.NextExecution!.Value, Amsterdam);

    /// <summary>
    /// Runs a background job now, in its own scope, as Hangfire would: the test app runs no job server, so nothing
    /// happens behind a test's back.
    /// </summary>
    public static async Task<T> RunJobAsync<TJob, T>(this AppFactory app, Func<TJob, Task<T>> run) where TJob : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }
}
