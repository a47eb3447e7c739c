using Dapper;

namespace SociaalPlein.Tests.Support;

/// <summary>Newsletter rows as the generator and the projectleider leave them: a draft with a PDF, subscribers.</summary>
public static class NewsletterArrange
{
    /// <summary>A minimal stand-in PDF: these tests are about storing and sending, not about the rendering.</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n%test\n%%EOF\n"u8.ToArray();

    public static async Task<int> DraftAsync(FixtureDatabase db, int pleinId, int year = 2026, int quarter = 1, string? note = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO newsletter (plein_id, year, quarter, note, pdf, pdf_generated_at) VALUES (@pleinId, @year, @quarter, @note, @Pdf, now())
            RETURNING id
            """, new { pleinId, year, quarter, note, Pdf });
    }

    public static async Task<int> SentAsync(FixtureDatabase db, int pleinId, int year, int quarter)
    {
        var id = await DraftAsync(db, pleinId, year, quarter);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE newsletter SET status = 'verzonden', sent_at = now() WHERE id = @id", new { id });
        return id;
    }

    public static async Task<int> SubscriberAsync(FixtureDatabase db, int pleinId, string email, bool unsubscribed = false)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO newsletter_subscriber (plein_id, name, organisation_name, email, unsubscribed_at)
            VALUES (@pleinId, @name, 'Partner', @email, CASE WHEN @unsubscribed THEN now() END) RETURNING id
            """, new { pleinId, name = "Abonnee " + email.Split('@')[0], email, unsubscribed });
    }
}
