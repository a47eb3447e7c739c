using System.Diagnostics;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief.Pdf;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>What a generation did: made (or remade) the draft's PDF, or left a newsletter alone that was already sent.</summary>
public sealed record GenerateResult(int NewsletterId, bool Generated, TimeSpan FiguresTime, TimeSpan RenderTime);

/// <summary>
/// Builds a newsletter: the figures (NewsletterFiguresQuery), the PDF (NewsletterPdf), stored on the plein's row for
/// the quarter. The row is unique per (plein, quarter), so generating again never makes a second one: it replaces the
/// PDF of a draft, with the draft's current note, and leaves a sent newsletter exactly as its readers received it.
/// </summary>
public sealed class NewsletterGenerator(NpgsqlDataSource db, NewsletterFiguresQuery figures, TimeProvider clock)
{
    public static readonly ActivitySource Activity = new("SociaalPlein.Nieuwsbrief");

    public async Task<GenerateResult> GenerateAsync(int pleinId, Quarter quarter, CancellationToken ct = default)
    {
        using var span = Activity.StartActivity("nieuwsbrief.genereren");
        span?.SetTag("plein.id", pleinId);
        span?.SetTag("quarter", quarter.Key);
        var (id, status, note) = await EnsureRowAsync(pleinId, quarter, ct);
        if (status == Newsletters.Verzonden) return new(id, false, TimeSpan.Zero, TimeSpan.Zero);

        var (pdf, figuresTime, renderTime) = await BuildAsync([pleinId], quarter, note, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        // Sent in the meantime (the projectleider clicked while this ran): the sent PDF stays as it was.
        var stored = await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter SET pdf = @pdf, pdf_generated_at = now() WHERE id = @id AND status = 'concept'
            """, new { id, pdf }, cancellationToken: ct));
        return new(id, stored == 1, figuresTime, renderTime);
    }

    /// <summary>
    /// The beheerder's regional newsletter over several pleinen: one per quarter (the schema's unique key), never sent
    /// to subscribers; generating it again for another set of pleinen replaces it.
    /// </summary>
    public async Task<GenerateResult> GenerateRegionalAsync(IReadOnlyList<int> pleinIds, Quarter quarter, CancellationToken ct = default)
    {
        using var span = Activity.StartActivity("nieuwsbrief.regio");
        var (pdf, figuresTime, renderTime) = await BuildAsync(pleinIds, quarter, null, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            INSERT INTO newsletter (plein_id, year, quarter, pdf, pdf_generated_at) VALUES (NULL, @Year, @Number, @pdf, now())
            ON CONFLICT ON CONSTRAINT newsletter_quarter_unique DO UPDATE SET pdf = excluded.pdf, pdf_generated_at = excluded.pdf_generated_at
            RETURNING id
            """, new { quarter.Year, quarter.Number, pdf }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM newsletter_region_plein WHERE newsletter_id = @id;
            INSERT INTO newsletter_region_plein (newsletter_id, plein_id) SELECT @id, unnest(@pleinIds);
            """, new { id, pleinIds = pleinIds.ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new(id, true, figuresTime, renderTime);
    }

    async Task<(byte[] Pdf, TimeSpan FiguresTime, TimeSpan RenderTime)> BuildAsync(IReadOnlyList<int> pleinIds, Quarter quarter,
        string? note, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var data = await figures.LoadAsync(pleinIds, quarter, ct);
        var figuresTime = watch.Elapsed;
        using (Activity.StartActivity("nieuwsbrief.pdf"))
        {
            var pdf = NewsletterPdf.Render(data, note, PleinTime.Today(clock));
            return (pdf, figuresTime, watch.Elapsed - figuresTime);
        }
    }

    // The row first, so two runs at once (or a run and a click) share one newsletter. When another transaction
    // inserts the row after this statement's snapshot, neither branch sees it: the second try does.
    async Task<(int Id, string Status, string? Note)> EnsureRowAsync(int pleinId, Quarter quarter, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var row = await conn.QuerySingleOrDefaultAsync<RowState>(new CommandDefinition("""
            WITH made AS (
                INSERT INTO newsletter (plein_id, year, quarter) VALUES (@pleinId, @Year, @Number)
                ON CONFLICT ON CONSTRAINT newsletter_quarter_unique DO NOTHING
                RETURNING id, status, note)
            SELECT id, status, note FROM made
            UNION ALL
            SELECT id, status, note FROM newsletter WHERE plein_id = @pleinId AND year = @Year AND quarter = @Number
            LIMIT 1
            """, new { pleinId, quarter.Year, quarter.Number }, cancellationToken: ct));
            if (row is not null) return (row.Id, row.Status, row.Note);
            if (attempt == 3) throw new InvalidOperationException($"Newsletter of plein {pleinId} for {quarter} neither inserted nor found.");
        }
    }

    sealed record RowState(int Id, string Status, string? Note);
}
