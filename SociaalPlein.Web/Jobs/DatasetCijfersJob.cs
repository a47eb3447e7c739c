using Hangfire;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// dataset-cijfers: every night at 00:05 Europe/Amsterdam, so five minutes after each quarter's end, counts and keeps
/// the last closed quarter's dashboard figures for every active plein whose figures are not kept: neither the first
/// dashboard of that quarter nor the running quarter (which takes its previous quarter and trend from them) then waits
/// seconds for the count. Nightly rather than once a quarter, because a late registration, a withdrawal or a correction
/// in that quarter un-keeps them; a plein whose figures are kept costs one lookup, so running it twice changes nothing.
/// </summary>
public sealed class DatasetCijfersJob(DatasetFigures figures, TimeProvider clock, ILogger<DatasetCijfersJob> log)
{
    public const string Id = "dataset-cijfers";
    public const string Cron = "5 0 * * *";

    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var quarter = Quarter.LastCompleted(PleinTime.Today(clock));
        var (kept, active) = await figures.KeepForActivePleinenAsync(quarter, ct);
        foreach (var plein in kept) log.LogInformation("Dataset figures of plein {PleinId}, {Quarter} kept", plein, quarter.Key);
        return $"cijfers van {quarter.Key} bewaard voor {kept.Count} van {active} pleinen";
    }
}
