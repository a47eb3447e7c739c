using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Hsds;

/// <summary>
/// Which keys a list page holds, and the list's total. A list's total, and its bookmarks (the key at every
/// <see cref="BookmarkGap"/>th place), are kept per directory version: the first request of a list at a version counts
/// and numbers the whole matched set once; while both numbers of <c>directory_version</c> (db/0043, db/0110) stand, every
/// page after that starts at the bookmark before it and reads fewer than <see cref="BookmarkGap"/> entries past it, in
/// the key's own index order, instead of recounting the set and walking to the page with OFFSET.
/// </summary>
public sealed partial class HsdsDirectory
{
    /// <summary>The FROM … WHERE of the matching rows, the key each row is paged by (a bigint), the same order as
    /// columns (for an index to give it), and the gids's parameters if it searches. Where <see cref="InRange"/> stands in the
    /// SQL, a page of a kept list reads only between its bookmarks.</summary>
    sealed record Match(string Sql, string Key, object? SearchArgs = null, string Order = "1");

    /// <summary>Every this many keys of a list one is kept: a page reads at most this many entries before its own. As
    /// large as the largest page, so that a page spans at most two gaps; the tests set a small one to page across many.</summary>
    internal int BookmarkGap { get; init; } = MaxPerPage;

    /// <summary>What a list's total and bookmarks depend on besides the directory: its statement, filter, plein and day.
    /// The day because a spreekuur stops placing a professional at a plein when its last day has passed, without any
    /// change to the directory.</summary>
    sealed record ListKey(string Sql, HsdsFilter Filter, int? PleinId, DateOnly Today);

    sealed record KeptList(long Version, long ListsVersion, int Total, long[] Bookmarks);

    // Bounded: when full, it starts over. An entry is its bookmarks, a 200th of its total (20,000 pairs: 100 numbers).
    readonly ConcurrentDictionary<ListKey, KeptList> _kept = new();
    internal const int MaxKeptLists = 1000;

    /// <summary>The keyset conditions on <paramref name="columns"/> (one column, or a row of two: a pair's key) that bound
    /// a kept list's page by the bookmarks around it: after the one before it (<c>@From</c>), up to the first at or past
    /// its end (<c>@Upto</c>). Each is left out of the statement where it does not apply. With both, the rows a page reads
    /// are an index range, whatever plan the planner picks.</summary>
    static string InRange(string columns) => $"{Bound("from", columns, ">", "@From")} {Bound("upto", columns, "<=", "@Upto")}";

    static string Bound(string name, string columns, string op, string key) =>
        $"/*{name}*/ AND {columns} {op} {(columns.StartsWith('(') ? $"(({key} >> 32)::int, ({key} & 4294967295)::int)" : key)} /*end*/";

    static string Without(string sql, string bound) => Regex.Replace(sql, $@"/\*{bound}\*/.*?/\*end\*/", "");

    // Classes with setters, not positional records: Dapper matches a constructor by the reader's field types, and an
    // array column's field type is System.Array.
    sealed class Paged
    {
        public long Version { get; init; }
        public long ListsVersion { get; init; }
        public long[] Keys { get; init; } = [];
    }

    sealed class Counted
    {
        public long Version { get; init; }
        public long ListsVersion { get; init; }
        public int Total { get; init; }
        public long[] Bookmarks { get; init; } = [];
        public long[] Keys { get; init; } = [];
    }

    async Task<(int Total, IReadOnlyList<long> Keys, Lookups Lookups)> MatchingAsync(NpgsqlConnection conn, Match match, HsdsFilter f,
        HsdsScope scope, int page, int perPage, CancellationToken ct, Guid? id = null)
    {
        var skip = (long)(page - 1) * perPage;
        var args = new DynamicParameters(new
        {
            scope.PleinId, scope.Today, Take = perPage, Id = id,
            TermId = Guid.TryParse(f.TaxonomyTermId, out var term) ? term : Guid.Empty,
            f.OrganizationId, ModifiedAfter = f.ModifiedAfter?.UtcDateTime, Gap = BookmarkGap,
        });
        if (match.SearchArgs is not null) args.AddDynamicParams(match.SearchArgs);
        var whole = Without(Without(match.Sql, "from"), "upto");
        if (id is not null)
        {
            args.Add("Skip", 0L);
            var (found, lookups) = await ReadAsync<long>(conn, $"SELECT ({match.Key})::bigint AS key {whole} ORDER BY 1 LIMIT @Take", args, scope, ct);
            return (found.Count, found, lookups);
        }

        var key = new ListKey(match.Sql, f, scope.PleinId, scope.Today);
        if (_kept.TryGetValue(key, out var kept))
        {
            // The bookmark before the page (the key at place start × gap) and the first at or past its end, if any.
            var start = (int)Math.Min(skip / BookmarkGap, kept.Bookmarks.Length);
            var end = (skip + perPage + BookmarkGap - 1) / BookmarkGap - 1;
            var sql = match.Sql;
            if (start == 0) sql = Without(sql, "from");
            if (end >= kept.Bookmarks.Length) sql = Without(sql, "upto");
            args.Add("Skip", skip - (long)start * BookmarkGap);
            args.Add("From", start == 0 ? 0L : kept.Bookmarks[start - 1]);
            args.Add("Upto", end < kept.Bookmarks.Length ? kept.Bookmarks[end] : 0L);
            sql = $"""
                SELECT v.version, v.lists_version,
                       ARRAY(SELECT ({match.Key})::bigint {sql} ORDER BY {match.Order} LIMIT @Take OFFSET @Skip) AS keys
                FROM directory_version v
                """;
            var (read, lookups) = await ReadAsync<Paged>(conn, sql, args, scope, ct);
            // Read in the same snapshot as the page: if the directory moved since the list was counted, count again.
            if (read[0].Version == kept.Version && read[0].ListsVersion == kept.ListsVersion)
                return (kept.Total, read[0].Keys, lookups);
        }

        args.Add("Skip", skip);
        var (counted, fresh) = await ReadAsync<Counted>(conn, $"""
            WITH numbered AS (
                SELECT m.key, row_number() OVER (ORDER BY m.key) AS n FROM (SELECT ({match.Key})::bigint AS key {whole}) m)
            SELECT (SELECT version FROM directory_version) AS version, (SELECT lists_version FROM directory_version) AS lists_version,
                   count(*)::int AS total,
                   coalesce(array_agg(key ORDER BY n) FILTER (WHERE n % @Gap = 0), ARRAY[]::bigint[]) AS bookmarks,
                   coalesce(array_agg(key ORDER BY n) FILTER (WHERE n > @Skip AND n <= @Skip + @Take), ARRAY[]::bigint[]) AS keys
            FROM numbered
            """, args, scope, ct);
        var c = counted[0];
        if (_kept.Count >= MaxKeptLists) _kept.Clear();
        _kept[key] = new KeptList(c.Version, c.ListsVersion, c.Total, c.Bookmarks);
        return (c.Total, c.Keys, fresh);
    }

    /// <summary>One round trip: the statement's rows, and the small lookup tables every mapping needs.</summary>
    static async Task<(List<T> Rows, Lookups Lookups)> ReadAsync<T>(NpgsqlConnection conn, string sql, DynamicParameters args,
        HsdsScope scope, CancellationToken ct)
    {
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql + ";\n" + LookupsSql, args, cancellationToken: ct));
        var rows = (await grid.ReadAsync<T>()).ToList();
        var pleinen = (await grid.ReadAsync<PleinRow>()).ToDictionary(p => p.Id);
        var leefgebieden = await grid.ReadAsync<LeefgebiedRow>();
        var languages = (await grid.ReadAsync<LanguageRow>()).ToDictionary(l => l.Code, l => l.Name);
        // Only the key's plein nests in what a key reads.
        if (scope.PleinId is { } only) pleinen = pleinen.Where(p => p.Key == only).ToDictionary();
        return (rows, new Lookups(pleinen, HsdsTaxonomies.Terms(leefgebieden.Select(l => (l.Code, l.Name, l.Description))), languages));
    }
}
