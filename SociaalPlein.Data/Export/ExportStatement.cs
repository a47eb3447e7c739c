using Npgsql;

namespace SociaalPlein.Data.Export;

/// <summary>
/// One export's SQL and its parameters, composed from the dataset's fragments and only the filters in use. The same
/// statement streams the rows, counts them (without the columns' joins) and, in the benchmark, runs in psql.
/// </summary>
public sealed record ExportStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    /// <summary>The rows of <paramref name="dataset"/>, pseudonymised with <paramref name="keys"/>.</summary>
    public static ExportStatement Select(ExportDataset dataset, ExportFilter filter, ExportOptions options, Pseudonyms keys)
    {
        var columns = string.Join(",\n       ", dataset.ColumnsFor(options).Select(c => $"{c.Sql} AS {c.Name}"));
        var sql = $"""
            {With(dataset, filter)}SELECT {columns}
            FROM {dataset.Core}
            {dataset.Joins}
            {Where(dataset, filter)}
            ORDER BY {dataset.OrderBy}
            """;
        return new(sql, [.. FilterParameters(filter),
            new NpgsqlParameter<int[]>("keyPleinen", keys.Pleinen),
            new NpgsqlParameter<byte[][]>("innerPads", keys.InnerPads),
            new NpgsqlParameter<byte[][]>("outerPads", keys.OuterPads)]);
    }

    /// <summary>How many rows <see cref="Select"/> gives.</summary>
    public static ExportStatement Count(ExportDataset dataset, ExportFilter filter) =>
        new($"""
            {With(dataset, filter)}SELECT count(*)
            FROM {dataset.Core}
            {Where(dataset, filter)}
            """, FilterParameters(filter));

    public NpgsqlCommand Command(NpgsqlConnection conn)
    {
        var command = new NpgsqlCommand(Sql, conn);
        // Each statement gets its own parameter objects: an NpgsqlParameter belongs to one command.
        foreach (var p in Parameters) command.Parameters.Add(p.Clone());
        return command;
    }

    static string With(ExportDataset dataset, ExportFilter filter) =>
        dataset == ExportDatasets.Bezoekers ? $"WITH {ExportDatasets.BezoekersCtes(filter)}\n" : "";

    static string Where(ExportDataset dataset, ExportFilter filter)
    {
        var conditions = dataset.Conditions(filter).ToList();
        return conditions.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", conditions);
    }

    static List<NpgsqlParameter> FilterParameters(ExportFilter f)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new NpgsqlParameter<int[]>("pleinen", [.. f.Pleinen]),
            new NpgsqlParameter<DateOnly>("van", f.Van),
            new NpgsqlParameter<DateOnly>("tot", f.Tot),
        };
        if (f.LeefgebiedId is int leefgebied) parameters.Add(new NpgsqlParameter<int>("leefgebied", leefgebied));
        if (f.Domein is string domein) parameters.Add(new NpgsqlParameter<string>("domein", domein));
        return parameters;
    }
}
