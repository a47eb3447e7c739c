using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>One newsletter of a plein as the projectleider's overview lists it, with how far its sending got.</summary>
public sealed record ManagedNewsletter(int Id, int Year, int QuarterNumber, string Status, bool HasPdf, DateTime? PdfGeneratedAt,
    DateTime? SentAt, bool HasNote, int Delivered, int Waiting, int Failed)
{
    public Quarter Quarter => new(Year, QuarterNumber);
    public bool IsDraft => Status == Newsletters.Concept;
}

/// <summary>A newsletter opened for review: the plein, the quarter, its note and state.</summary>
public sealed record NewsletterDraft(int Id, int PleinId, string PleinName, int Year, int QuarterNumber, string Status, string? Note,
    DateTime? PdfGeneratedAt, DateTime? SentAt, int ActiveSubscribers)
{
    public Quarter Quarter => new(Year, QuarterNumber);
    public bool IsDraft => Status == Newsletters.Concept;
}

/// <summary>A sent newsletter in the archive.</summary>
public sealed record ArchivedNewsletter(int Id, int PleinId, string PleinName, int Year, int QuarterNumber, DateTime SentAt)
{
    public Quarter Quarter => new(Year, QuarterNumber);
}

/// <summary>One subscriber's copy of a sent newsletter, as the projectleider follows it.</summary>
public sealed record DeliveryRow(long Id, string Email, string Name, string Status, int Attempts, string? LastError, DateTime? SentAt);

/// <summary>A regional newsletter (the beheerder's): the quarter, the pleinen it sums (names, by name), when it was made.</summary>
public sealed record RegionalNewsletter(int Id, int Year, int QuarterNumber, string Pleinen, DateTime? PdfGeneratedAt)
{
    public Quarter Quarter => new(Year, QuarterNumber);
}

/// <summary>A plein the account manages the newsletter of, with its sending setting.</summary>
public sealed record ManagedPlein(int Id, string Name, bool AutoSend, DateOnly OpenedOn);

public sealed record NewsletterPdfFile(string FileName, byte[] Content);

/// <summary>What became of a request to send a draft.</summary>
public enum SendOutcome { Sent, NotFound, AlreadySent, NoPdf, NoSubscribers }

public sealed record SendResult(SendOutcome Outcome, int PleinId, IReadOnlyList<long> DeliveryIds);

/// <summary>One newsletter as its web page shows it; the figures come from <see cref="NewsletterFiguresQuery"/> for <see cref="PleinIds"/>.</summary>
public sealed record NewsletterIssue
{
    // Properties rather than a positional record: Dapper fills an int[] (the pleinen) only through a setter.
    public int Id { get; init; }
    public string Scope { get; init; } = "";
    public short Year { get; init; }
    public short QuarterNumber { get; init; }
    public string? Note { get; init; }
    public bool Sent { get; init; }
    public int[] PleinIds { get; init; } = [];

    public Quarter Quarter => new(Year, QuarterNumber);
}

/// <summary>
/// The <c>newsletter</c> rows (db/0005): one per plein and quarter (and one regional per quarter), a draft
/// ('concept') until it is sent. Who may do what is decided here in SQL: every account reads the sent newsletters of
/// its own pleinen (the beheerder all), drafts and the regional one only the projectleider of the plein and the
/// beheerder; a newsletter outside those rules is not found.
/// </summary>
public sealed class Newsletters(NpgsqlDataSource db)
{
    public const string Concept = "concept";
    public const string Verzonden = "verzonden";

    /// <summary>The pleinen the account manages (projectleider: their own; beheerder: all), by name.</summary>
    const string ManagedPleinen = $"""
        {NeedToKnow.Me},
        n AS (SELECT n.* FROM plein n CROSS JOIN me WHERE {NeedToKnow.OverseesPlein})
        """;

    public async Task<IReadOnlyList<ManagedPlein>> ManagedPleinenAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ManagedPlein>(new CommandDefinition($"""
            WITH {ManagedPleinen}
            SELECT id, name, newsletter_auto_send AS auto_send, opened_on FROM n ORDER BY name
            """, new { userId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The plein's newsletters, newest quarter first, with the counts of their deliveries.</summary>
    public async Task<IReadOnlyList<ManagedNewsletter>> ForPleinAsync(int pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ManagedNewsletter>(new CommandDefinition("""
            SELECT l.id, l.year::int AS year, l.quarter::int AS quarter_number, l.status, l.pdf IS NOT NULL AS has_pdf, l.pdf_generated_at, l.sent_at,
                   l.note IS NOT NULL AND l.note <> '' AS has_note,
                   count(d.id) FILTER (WHERE d.status = 'verzonden')::int AS delivered,
                   count(d.id) FILTER (WHERE d.status = 'wachtend')::int AS waiting,
                   count(d.id) FILTER (WHERE d.status = 'mislukt')::int AS failed
            FROM newsletter l LEFT JOIN newsletter_delivery d ON d.newsletter_id = l.id
            WHERE l.plein_id = @pleinId
            GROUP BY l.id
            ORDER BY l.year DESC, l.quarter DESC
            """, new { pleinId }, cancellationToken: ct))).ToList();
    }

    /// <summary>A plein newsletter the account manages; null when there is none or it is not the account's.</summary>
    public async Task<NewsletterDraft?> FindManagedAsync(int id, int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<NewsletterDraft>(new CommandDefinition($"""
            WITH {ManagedPleinen}
            SELECT l.id, n.id AS plein_id, n.name AS plein_name, l.year::int AS year, l.quarter::int AS quarter_number, l.status, l.note,
                   l.pdf_generated_at, l.sent_at,
                   (SELECT count(*)::int FROM newsletter_subscriber s WHERE s.plein_id = n.id AND s.unsubscribed_at IS NULL) AS active_subscribers
            FROM newsletter l JOIN n ON n.id = l.plein_id
            WHERE l.id = @id
            """, new { id, userId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<RegionalNewsletter>> RegionalAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<RegionalNewsletter>(new CommandDefinition("""
            SELECT l.id, l.year::int AS year, l.quarter::int AS quarter_number,
                   (SELECT string_agg(n.name, ', ' ORDER BY n.name) FROM newsletter_region_plein r JOIN plein n ON n.id = r.plein_id
                    WHERE r.newsletter_id = l.id) AS pleinen,
                   l.pdf_generated_at
            FROM newsletter l WHERE l.plein_id IS NULL
            ORDER BY l.year DESC, l.quarter DESC
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>The deliveries of a newsletter: failed first, then waiting, then sent; by address.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(int newsletterId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DeliveryRow>(new CommandDefinition("""
            SELECT d.id, d.email, coalesce(s.name, '') AS name, d.status, d.attempts::int AS attempts, d.last_error, d.sent_at
            FROM newsletter_delivery d LEFT JOIN newsletter_subscriber s ON s.id = d.subscriber_id
            WHERE d.newsletter_id = @newsletterId
            ORDER BY array_position(ARRAY['mislukt', 'wachtend', 'verzonden'], d.status), d.email
            """, new { newsletterId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The sent newsletters of the account's pleinen (the beheerder: all), newest first.</summary>
    public async Task<IReadOnlyList<ArchivedNewsletter>> ArchiveAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ArchivedNewsletter>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT l.id, n.id AS plein_id, n.name AS plein_name, l.year::int AS year, l.quarter::int AS quarter_number, l.sent_at
            FROM newsletter l JOIN plein n ON n.id = l.plein_id CROSS JOIN me
            WHERE l.status = 'verzonden' AND {NeedToKnow.WorksAt}
            ORDER BY l.year DESC, l.quarter DESC, n.name
            """, new { userId }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// The PDF, when the account may read it: a sent one of its own pleinen (any role), a draft of a plein it
    /// manages, a regional one for the beheerder. Null otherwise, and while no PDF was made.
    /// </summary>
    public async Task<NewsletterPdfFile?> PdfAsync(int id, int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(string Name, short Year, short Quarter, byte[] Pdf)>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT coalesce(n.name, 'Regio') AS name, l.year, l.quarter, l.pdf
            FROM newsletter l LEFT JOIN plein n ON n.id = l.plein_id CROSS JOIN me
            WHERE l.id = @id AND l.pdf IS NOT NULL
              AND (me.role = 'beheerder'
                   OR (n.id = ANY (me.pleinen) AND (l.status = 'verzonden' OR me.role = 'projectleider')))
            """, new { id, userId }, cancellationToken: ct));
        return row.Pdf is null ? null : new NewsletterPdfFile(FileName(row.Name, new Quarter(row.Year, row.Quarter)), row.Pdf);
    }

    // The issue behind a newsletter's web page: its scope, quarter, note and the pleinen its figures count.
    const string IssueSelect = """
        SELECT l.id, coalesce(n.name, 'Regio') AS scope, l.year, l.quarter AS quarter_number, l.note, l.status = 'verzonden' AS sent,
               CASE WHEN l.plein_id IS NULL
                    THEN ARRAY(SELECT r.plein_id FROM newsletter_region_plein r WHERE r.newsletter_id = l.id ORDER BY r.plein_id)
                    ELSE ARRAY[l.plein_id] END AS plein_ids
        FROM newsletter l LEFT JOIN plein n ON n.id = l.plein_id
        """;

    /// <summary>A newsletter to read as a web page, under the same rule as its PDF (<see cref="PdfAsync"/>).</summary>
    public async Task<NewsletterIssue?> IssueAsync(int id, int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<NewsletterIssue>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            {IssueSelect} CROSS JOIN me
            WHERE l.id = @id AND l.pdf IS NOT NULL
              AND (me.role = 'beheerder'
                   OR (n.id = ANY (me.pleinen) AND (l.status = 'verzonden' OR me.role = 'projectleider')))
            """, new { id, userId }, cancellationToken: ct));
    }

    /// <summary>A sent newsletter, for the link in its mail (a partner has no account; the link is signed).</summary>
    public async Task<NewsletterIssue?> SentIssueAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<NewsletterIssue>(new CommandDefinition($"""
            {IssueSelect}
            WHERE l.id = @id AND l.status = 'verzonden'
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>"Nieuwsbrief Sociaal Plein Nieuwland Q3 2026.pdf", with only characters every system accepts in a file name.</summary>
    public static string FileName(string scope, Quarter quarter)
    {
        var safe = new string($"Nieuwsbrief {scope} {quarter}".Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' ? c : '_').ToArray());
        return safe + ".pdf";
    }

    /// <summary>Saves the projectleider's note on a draft (plain text, at most 1,500 characters); false once it was sent.</summary>
    public async Task<bool> SetNoteAsync(int id, string? note, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter SET note = @note WHERE id = @id AND status = 'concept'
            """, new { id, note = string.IsNullOrWhiteSpace(note) ? null : note }, cancellationToken: ct)) == 1;
    }

    public async Task SetAutoSendAsync(int pleinId, bool autoSend, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE plein SET newsletter_auto_send = @autoSend WHERE id = @pleinId", new { pleinId, autoSend }, cancellationToken: ct));
    }

    /// <summary>
    /// Sends a draft: in one transaction the newsletter becomes 'verzonden' and every active subscriber of its plein
    /// gets a delivery row (unique per newsletter and address). The caller then starts one job per delivery; a second
    /// click finds it sent and adds nothing.
    /// </summary>
    public async Task<SendResult> MarkSentAsync(int id, int? sentBy, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(int? PleinId, string Status, bool HasPdf)>(new CommandDefinition("""
            SELECT plein_id, status, pdf IS NOT NULL FROM newsletter WHERE id = @id FOR UPDATE
            """, new { id }, tx, cancellationToken: ct));
        if (row.PleinId is not int pleinId) return new(SendOutcome.NotFound, 0, []);
        if (row.Status == Verzonden) return new(SendOutcome.AlreadySent, pleinId, []);
        if (!row.HasPdf) return new(SendOutcome.NoPdf, pleinId, []);

        var deliveries = (await conn.QueryAsync<long>(new CommandDefinition("""
            INSERT INTO newsletter_delivery (newsletter_id, subscriber_id, email)
            SELECT @id, s.id, s.email FROM newsletter_subscriber s
            WHERE s.plein_id = @pleinId AND s.unsubscribed_at IS NULL
            ORDER BY s.id
            ON CONFLICT (newsletter_id, email) DO NOTHING
            RETURNING id
            """, new { id, pleinId }, tx, cancellationToken: ct))).ToList();
        if (deliveries.Count == 0) return new(SendOutcome.NoSubscribers, pleinId, []);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter SET status = 'verzonden', sent_at = now(), sent_by = @sentBy WHERE id = @id
            """, new { id, sentBy }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new(SendOutcome.Sent, pleinId, deliveries);
    }
}
