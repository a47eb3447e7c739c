using Dapper;
using Npgsql;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// The demo's newsletter archive: the real generator runs for each plein's past quarters (the two years the demo
/// register covers), and all but the last are recorded as sent on the first working morning of the next quarter, so
/// /nieuwsbrieven is never empty on a first run. The last quarter stays a draft for the projectleider to try:
/// note, preview, send. Nobody is mailed for the history.
/// </summary>
public sealed class DemoNewsletters(NpgsqlDataSource db, NewsletterGenerator generator)
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
                var result = await generator.GenerateAsync(pleinId, quarter, ct);
                made++;
                if (quarter == last || !result.Generated) continue;
                await conn.ExecuteAsync(new CommandDefinition("""
                    UPDATE newsletter SET status = 'verzonden', sent_at = @sentAt WHERE id = @id AND status = 'concept'
                    """, new { id = result.NewsletterId, sentAt = DemoClock.At(DemoClock.OpenOnOrAfter(quarter.End), new TimeOnly(6, 5)) },
                    cancellationToken: ct));
            }
        }
        return made;
    }
}
