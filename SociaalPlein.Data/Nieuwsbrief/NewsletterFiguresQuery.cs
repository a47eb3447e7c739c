using Npgsql;
namespace SociaalPlein.Data.Nieuwsbrief;
// TEMPORARY STUB on branch nieuwsbrief, replaced by the figures branch at merge.
public sealed class NewsletterFiguresQuery(NpgsqlDataSource db)
{
    public async Task<NewsletterFigures> LoadAsync(IReadOnlyList<int> pleinIds, Quarter quarter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var pleinen = new List<PleinRef>();
        foreach (var id in pleinIds)
        {
            await using var cmd = new NpgsqlCommand("SELECT name, municipality FROM plein WHERE id = $1", conn);
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) throw new ArgumentException("unknown plein");
            pleinen.Add(new PleinRef(id, r.GetString(0), r.GetString(1)));
        }
        var k = new KeyFigures(10, 3, 12, 8, 4, 7, 2, 5, 4, 1);
        return new NewsletterFigures(new NewsletterScope(pleinen), quarter, k, k, [], [], [], new ReferralOutcomes(7, 3, 1, 1, 2, 5, 4), [], [], [], [], []);
    }
}
