using Dapper;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Schema;

/// <summary>
/// Keeps the constraint cases complete: a new table or constraint in db/ without a case here fails the build's
/// tests, instead of going untested unnoticed.
/// </summary>
public sealed class ConstraintCoverageTests
{
    static IEnumerable<TestCaseData> AllAcceptances =>
        DirectoryConstraintTests.Acceptances.Concat(ProfessionalConstraintTests.Acceptances)
            .Concat(RegisterConstraintTests.Acceptances).Concat(NewsletterAndAccountConstraintTests.Acceptances)
            .Concat(GidsConstraintTests.Acceptances).Concat(ExportConstraintTests.Acceptances)
            .Concat(AccountTokenConstraintTests.Acceptances)
            .Concat(SessionConstraintTests.Acceptances)
            .Concat(WithdrawalConstraintTests.Acceptances).Concat(DatasetFiguresConstraintTests.Acceptances)
            .Concat(MetingConstraintTests.Acceptances);

    static IEnumerable<TestCaseData> AllRejections =>
        DirectoryConstraintTests.Rejections.Concat(ProfessionalConstraintTests.Rejections)
            .Concat(RegisterConstraintTests.Rejections).Concat(NewsletterAndAccountConstraintTests.Rejections)
            .Concat(GidsConstraintTests.Rejections).Concat(ExportConstraintTests.Rejections)
            .Concat(AccountTokenConstraintTests.Rejections)
            .Concat(SessionConstraintTests.Rejections)
            .Concat(WithdrawalConstraintTests.Rejections).Concat(DatasetFiguresConstraintTests.Rejections)
            .Concat(MetingConstraintTests.Rejections);


    [Test]
    public async Task Every_table_has_a_valid_row_and_a_rejected_row()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var tables = await conn.QueryAsync<string>("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
            ORDER BY table_name
            """);

        var accepted = AllAcceptances.Select(c => ((ValidRow)c.Arguments[0]!).Table).ToHashSet();
        var rejected = AllRejections.Select(c => ((RowCase)c.Arguments[0]!).Table).ToHashSet();
        Assert.That(tables.Where(t => !accepted.Contains(t) || !rejected.Contains(t)), Is.Empty);
    }

    [Test]
    public async Task Every_check_foreign_key_and_unique_constraint_has_a_rejected_row()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // Keys that contain an identity column are left out: no insert can choose those values, and such a
        // unique key (id, plein_id) exists only as the target of a composite foreign key.
        var constraints = await conn.QueryAsync<string>("""
            SELECT c.conname
            FROM pg_constraint c
            WHERE c.connamespace = 'public'::regnamespace
              AND c.conrelid <> 'schema_migration'::regclass
              AND c.contype IN ('c', 'f', 'u', 'p')
              AND NOT (c.contype IN ('p', 'u') AND EXISTS (
                  SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attidentity <> ''))
            ORDER BY c.conname
            """);

        var tested = AllRejections.Select(c => ((RowCase)c.Arguments[0]!).Expected.ConstraintName).ToHashSet();
        Assert.That(constraints.Where(c => !tested.Contains(c)), Is.Empty);
    }
}
