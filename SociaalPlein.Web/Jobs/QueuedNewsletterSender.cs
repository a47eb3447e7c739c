using Hangfire;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// Sending a draft, by the projectleider (Concept) or the quarterly run: the newsletter is marked sent with a delivery
/// row per active subscriber (one transaction), then each delivery gets its own <see cref="NieuwsbriefBezorgingJob"/>,
/// so one refused address is retried without holding up the others. Not a job itself: it queues them.
/// </summary>
public sealed class QueuedNewsletterSender(Newsletters newsletters, IBackgroundJobClient jobs) : INewsletterSender
{
    public async Task<SendResult> SendAsync(int newsletterId, int? sentBy, CancellationToken ct)
    {
        var result = await newsletters.MarkSentAsync(newsletterId, sentBy, ct);
        foreach (var deliveryId in result.DeliveryIds) Enqueue(deliveryId);
        return result;
    }

    // Ids only: the dashboard shows job arguments, and an address is personal data.
    public void Enqueue(long deliveryId) =>
        jobs.Enqueue<NieuwsbriefBezorgingJob>(j => j.SendAsync(deliveryId, CancellationToken.None));
}
