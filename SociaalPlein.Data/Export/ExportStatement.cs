using Npgsql;
using NpgsqlTypes;

namespace SociaalPlein.Data.Export;

/// <summary>
/// One statement of an <see cref="ExportTable"/> (its SELECT or its count) with the values of its named parameters.
/// The same statement streams the rows, counts them and, in the benchmark, runs in psql.
/// </summary>
public sealed record ExportStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    /// <summary>This SELECT as the named cursor the download fetches its rows from, in batches.</summary>
    public ExportStatement Cursor(string name) => this with { Sql = $"DECLARE {name} NO SCROLL CURSOR FOR\n{Sql}" };

    public NpgsqlCommand Command(NpgsqlConnection conn)
    {
        var command = new NpgsqlCommand(Sql, conn);
        // Each statement gets its own parameter objects: an NpgsqlParameter belongs to one command.
        foreach (var p in Parameters) command.Parameters.Add(p.Clone());
        return command;
    }

    /// <summary>The filters, every one always given: a filter not in use is NULL (typed, so PostgreSQL knows it).</summary>
    internal static IEnumerable<NpgsqlParameter> FilterParameters(ExportFilter f) =>
    [
        new NpgsqlParameter<int[]>("pleinen", [.. f.Pleinen]),
        new NpgsqlParameter<DateOnly>("van", f.Van),
        new NpgsqlParameter<DateOnly>("tot", f.Tot),
        new NpgsqlParameter("leefgebied", NpgsqlDbType.Integer) { Value = f.LeefgebiedId is int l ? l : DBNull.Value },
        new NpgsqlParameter("domein", NpgsqlDbType.Text) { Value = f.Domein is string d ? d : DBNull.Value },
    ];

    internal static IEnumerable<NpgsqlParameter> RowParameters(ExportOptions options, Pseudonyms keys) =>
    [
        new NpgsqlParameter<bool>("vrijeTekst", options.FreeText),
        new NpgsqlParameter<int[]>("keyPleinen", keys.Pleinen),
        new NpgsqlParameter<byte[][]>("innerPads", keys.InnerPads),
        new NpgsqlParameter<byte[][]>("outerPads", keys.OuterPads),
    ];
}
