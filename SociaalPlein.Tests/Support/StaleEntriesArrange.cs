using Dapper;

namespace SociaalPlein.Tests.Support;

/// <summary>Professionals with a given verification history, for the stale-entry selection and its job.</summary>
public static class StaleEntriesArrange
{
    public static async Task<int> OrganisationAsync(FixtureDatabase db, string name = "Wijkteam Noord")
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "INSERT INTO organisation (name, domein) VALUES (@name, 'sociaal') RETURNING id", new { name });
    }

    public static async Task<int> ProfessionalAsync(FixtureDatabase db, int organisationId, string name, string email,
        DateTimeOffset verifiedAt, DateTimeOffset? reminderSentAt = null, bool active = true)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function, email, verified_at, verify_reminder_sent_at, active)
            VALUES (@organisationId, @name, 'Maatschappelijk werker', @email, @verifiedAt, @reminderSentAt, @active)
            RETURNING id
            """, new { organisationId, name, email, verifiedAt, reminderSentAt, active });
    }

    /// <summary>What the professional's "mijn gegevens kloppen nog" does to the row.</summary>
    public static async Task ConfirmAsync(FixtureDatabase db, int professionalId, DateTimeOffset at)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE professional SET verified_at = @at WHERE id = @professionalId", new { professionalId, at });
    }

    public static async Task<DateTime?> ReminderSentAtAsync(FixtureDatabase db, int professionalId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<DateTime?>(
            "SELECT verify_reminder_sent_at FROM professional WHERE id = @professionalId", new { professionalId });
    }
}
