using Dapper;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Tests.Support;

/// <summary>Plain INSERTs for arranging a test; the same tables the app writes.</summary>
public static class Arrange
{
    public const string Password = "Lang-genoeg-wachtwoord-1";

    public static async Task<int> PleinAsync(FixtureDatabase db, string name = "Sociaal Plein Test", bool active = true)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO plein (name, municipality, opened_on, active) VALUES (@name, 'Schiedam', DATE '2024-01-01', @active) RETURNING id
            """, new { name, active });
    }

    /// <summary>
    /// An account. Projectleiders and beheerders get two-factor (the app requires it of them) unless
    /// <paramref name="twoFactor"/> says otherwise; the login helper answers its second step.
    /// </summary>
    public static async Task<int> UserAsync(FixtureDatabase db, string email, string role = "professional",
        int[]? pleinIds = null, string password = Password, bool active = true, bool? twoFactor = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO app_user (email, display_name, password_hash, role, active)
            VALUES (@email, @name, @hash, @role, @active) RETURNING id
            """, new { email, name = email.Split('@')[0], hash = Passwords.Hash(password), role, active });
        foreach (var pleinId in pleinIds ?? [])
            await conn.ExecuteAsync("INSERT INTO app_user_plein (user_id, plein_id) VALUES (@id, @pleinId)", new { id, pleinId });
        if (twoFactor ?? role is "projectleider" or "beheerder") await TwoFactorArrange.EnrolAsync(db, email);
        return id;
    }
}
