using System.Text;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Beheer;

public enum ImportKind { Organisaties, Professionals }

/// <summary>What an import did: how many rows it stored (all or none), or why it stored none.</summary>
public sealed record ImportResult(int Rows, int Imported, IReadOnlyList<ImportProblem> Problems)
{
    public bool Done => Problems.Count == 0;
}

/// <summary>
/// Bulk onboarding: a CSV of organisations or professionals. Every row is checked first, with the same rules as the
/// beheer forms; only when every row is right are they all stored, in one transaction, each with its "created" history.
/// </summary>
public sealed class DirectoryImport(NpgsqlDataSource db)
{
    public static IReadOnlyList<ImportColumn> Columns(ImportKind kind) =>
        kind == ImportKind.Organisaties ? OrganisationImport.Columns : ProfessionalImport.Columns;

    public async Task<ImportResult> RunAsync(ImportKind kind, string fileName, byte[] content, int userId, CancellationToken ct = default)
    {
        var columns = Columns(kind);
        var (rows, fileProblems) = CsvTable.Read(content, columns.Select(c => c.Name).ToList(),
            columns.Where(c => c.Required).Select(c => c.Name).ToList());
        if (rows.Count == 0 || fileProblems.Any(p => p.Line <= 1)) return new ImportResult(rows.Count, 0, fileProblems);

        var choices = await DirectoryChoices.LoadAsync(db, ct);
        var source = EntryChanges.FromImport(Path.GetFileName(fileName));
        return kind == ImportKind.Organisaties
            ? await OrganisationsAsync(rows, fileProblems, choices, source, userId, ct)
            : await ProfessionalsAsync(rows, fileProblems, choices, source, userId, ct);
    }

    async Task<ImportResult> OrganisationsAsync(IReadOnlyList<CsvRow> rows, IReadOnlyList<ImportProblem> fileProblems,
        DirectoryChoices choices, string source, int userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var existing = await conn.QueryAsync<string>(new CommandDefinition("SELECT name FROM organisation", cancellationToken: ct));
        var (valid, problems) = OrganisationImport.Check(rows, choices, existing);
        if (fileProblems.Count + problems.Count > 0) return Refused(rows, fileProblems, problems);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await OrganisationAdmin.Entries.InsertAsync(conn, tx, valid, choices, userId, source, ct);
        await tx.CommitAsync(ct);
        return new ImportResult(rows.Count, valid.Count, []);
    }

    async Task<ImportResult> ProfessionalsAsync(IReadOnlyList<CsvRow> rows, IReadOnlyList<ImportProblem> fileProblems,
        DirectoryChoices choices, string source, int userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var organisations = (await conn.QueryAsync<OrganisationChoice>(new CommandDefinition(
            "SELECT id, name, active FROM organisation", cancellationToken: ct))).ToList();
        // Only the professionals who share a name with a row can be doubles; no need to read the whole directory
        // (professional_name_folded indexes this expression).
        var names = rows.Select(r => ImportNames.Key(r["naam"])).Distinct().ToArray();
        var existing = await conn.QueryAsync<(int, string)>(new CommandDefinition(
            "SELECT organisation_id, name FROM professional WHERE lower(immutable_unaccent(name)) = ANY (@names)",
            new { names }, cancellationToken: ct));
        var (valid, problems) = ProfessionalImport.Check(rows, choices, organisations, existing);
        if (fileProblems.Count + problems.Count > 0) return Refused(rows, fileProblems, problems);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ProfessionalAdmin.Entries.InsertAsync(conn, tx, valid, choices, userId, source, ct);
        await tx.CommitAsync(ct);
        return new ImportResult(rows.Count, valid.Count, []);
    }

    static ImportResult Refused(IReadOnlyList<CsvRow> rows, IEnumerable<ImportProblem> fileProblems, IEnumerable<ImportProblem> problems) =>
        new(rows.Count, 0, fileProblems.Concat(problems).OrderBy(p => p.Line).ToList());

    /// <summary>
    /// A sample file that imports as it is: UTF-8 with BOM and ";" as Dutch Excel opens and saves it, with the first
    /// active plein's name in the pleinen column. The professionals' sample belongs to the organisations' sample.
    /// </summary>
    public async Task<byte[]> SampleAsync(ImportKind kind, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var plein = await conn.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM plein WHERE active ORDER BY id LIMIT 1", cancellationToken: ct)) ?? "";
        var rows = kind == ImportKind.Organisaties ? OrganisationImport.SampleRows : ProfessionalImport.SampleRows;
        var text = new StringBuilder();
        text.Append(string.Join(';', Columns(kind).Select(c => c.Name))).Append("\r\n");
        foreach (var row in rows)
            text.Append(string.Join(';', row.Select(v => Quote(v == ImportColumn.PleinExample ? plein : v)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
