using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>Arranging the HSDS API: the demo directory (two pleinen) and keys, with or without work contact details.</summary>
public static class HsdsArrange
{
    public static async Task<string> KeyAsync(FixtureDatabase db, string pleinName, bool workContacts, string name)
    {
        var plein = await GidsApiArrange.PleinIdAsync(db, pleinName);
        return (await new ApiKeys(db.DataSource).CreateAsync(plein, name, createdBy: null, workContacts: workContacts)).Key;
    }

    public static async Task<T> ScalarAsync<T>(FixtureDatabase db, string sql, object? args = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<List<T>> ListAsync<T>(FixtureDatabase db, string sql, object? args = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }
}
