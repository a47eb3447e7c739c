using Dapper;
using Npgsql;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// The demo's newsletter archive: the real generator runs for each plein's past quarters (the two years the demo
/// register covers), and all but the last are recorded as the quarterly job would have left them: made at 06:00 on
/// the first working morning of the next quarter (the PDF says so too), sent five minutes later, and delivered to the
/// plein's subscribers of that day. So /nieuwsbrieven is never empty on a first run and /nieuwsbrieven/beheer tells a
/// history that adds up. The last quarter stays a draft for the projectleider to try: note, preview, send. Nobody is
/// mailed for the history.
/// </summary>
public sealed class DemoNewsletters(NpgsqlDataSource db, NewsletterFiguresQuery figures, TimeProvider clock)
{
    const int Quarters = 8;

    public async Task<int> RunAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var pleinen = (await conn.QueryAsync<(int Id, DateOnly OpenedOn)>(new CommandDefinition(
            "SELECT id, opened_on FROM plein WHERE active ORDER BY id", cancellationToken: ct))).ToList();
        var last = Quarter.LastCompleted(today);
        var made = 0;
        foreach (var (pleinId, openedOn) in pleinen)
        {
            foreach (var quarter in last.LastQuarters(Quarters).Where(q => q >= Quarter.Of(openedOn)))
            {
                var morning = DemoClock.OpenOnOrAfter(quarter.End);
                var madeAt = DemoClock.At(morning, new TimeOnly(6, 0));
                var history = quarter != last;
                var generator = new NewsletterGenerator(db, figures, history ? new Fixed(madeAt) : clock);
                var result = await generator.GenerateAsync(pleinId, quarter, ct);
                made++;
                if (!history || !result.Generated) continue;
                await RecordSentAsync(conn, result.NewsletterId, pleinId, madeAt, madeAt.AddMinutes(5), ct);
            }
        }
        return made;
    }

    static async Task RecordSentAsync(NpgsqlConnection conn, int newsletterId, int pleinId, DateTime madeAt, DateTime sentAt,
        CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter SET status = 'verzonden', sent_at = @sentAt, pdf_generated_at = @madeAt, created_at = @madeAt
            WHERE id = @newsletterId AND status = 'concept';
            INSERT INTO newsletter_delivery (newsletter_id, subscriber_id, email, status, attempts, sent_at, created_at)
            SELECT @newsletterId, s.id, s.email, 'verzonden', 1, @sentAt, @sentAt
            FROM newsletter_subscriber s
            WHERE s.plein_id = @pleinId AND s.created_at <= @sentAt AND (s.unsubscribed_at IS NULL OR s.unsubscribed_at > @sentAt)
            ON CONFLICT ON CONSTRAINT newsletter_delivery_unique DO NOTHING;
            """, new { newsletterId, pleinId, madeAt, sentAt }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The clock of a past quarterly run, so the PDF's "Gemaakt op" is the day it was made.</summary>
    sealed class Fixed(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
