using Dapper;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>Referrals for the referral tests: stored through the app's own command, moved on by plain UPDATEs.</summary>
public static class ReferralArrange
{
    /// <summary>
    /// A referral of the plein (the sender's, to the receiver unless the draft says otherwise), optionally of a visitor;
    /// stored as after "Toch opslaan", so that tests may arrange look-alike referrals (the guard has its own tests).
    /// </summary>
    public static async Task<int> ReferralAsync(FixtureDatabase db, RegisterPlein p, ReferralDraft draft, int? userId = null,
        int? pleinId = null, int? visitorId = null)
    {
        var result = await new ReferralEntry(db.DataSource).CreateAsync(userId ?? p.SenderUserId,
            new ReferralContext(pleinId ?? p.PleinId, visitorId), draft with { RepeatConfirmed = true }, draft.ReferredOn);
        return result.Id ?? throw new InvalidOperationException("Referral refused: " + string.Join("; ", result.Problems));
    }

    /// <summary>Marks a referral withdrawn by the one who registered it, as the withdrawal command leaves it.</summary>
    public static async Task WithdrawAsync(FixtureDatabase db, int id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE referral SET withdrawn_at = now(), withdrawn_by = created_by, withdrawn_reason = 'Per vergissing geregistreerd'
            WHERE id = @id
            """, new { id });
    }

    /// <summary>Puts a referral straight into a status (with the outcome or reason it needs), as of <paramref name="changedAt"/>.</summary>
    public static async Task SetStatusAsync(FixtureDatabase db, int id, string status, DateTimeOffset? changedAt = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE referral
            SET status = @status,
                outcome = CASE WHEN @status = 'afgerond' THEN 'geholpen' END,
                status_reason = CASE WHEN @status IN ('afgewezen', 'niet_bereikt') THEN 'Geen capaciteit' END,
                status_changed_at = coalesce(@changedAt, now())
            WHERE id = @id
            """, new { id, status, changedAt });
    }

    public static async Task SetChangedAtAsync(FixtureDatabase db, int id, DateTimeOffset changedAt)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE referral SET status_changed_at = @changedAt WHERE id = @id", new { id, changedAt });
    }

    public static async Task<string> StatusAsync(FixtureDatabase db, int id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT status FROM referral WHERE id = @id", new { id }) ?? "";
    }
}
