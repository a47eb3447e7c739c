using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

public sealed class DirectoryHistoryTests : DatabaseFixture
{
    [Test]
    public async Task Only_fields_that_differ_are_recorded_with_who_and_both_values()
    {
        var user = await Arrange.UserAsync(Db, "historie@test.nl");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var recorded = await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, 42, user,
        [
            new FieldChange("phone", "010 111 2222", "010 333 4444"),
            new FieldChange("function", "Welzijnscoach", "Welzijnscoach"),
            new FieldChange("about", null, "Ik help bij formulieren."),
        ]);
        await tx.CommitAsync();

        Assert.That(recorded, Is.EqualTo(2));
        var history = await DirectoryHistory.ForAsync(Db.DataSource, DirectoryHistory.Professional, 42);
        Assert.That(history.Select(h => (h.Field, h.OldValue, h.NewValue, h.ChangedBy)), Is.EquivalentTo(new[]
        {
            ("phone", (string?)"010 111 2222", (string?)"010 333 4444", (string?)"historie"),
            ("about", null, "Ik help bij formulieren.", "historie"),
        }));
    }

    [Test]
    public async Task A_rolled_back_change_leaves_no_history()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Organisation, 7, null, [new FieldChange("name", "Oud", "Nieuw")]);
            await tx.RollbackAsync();
        }

        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM directory_change WHERE entity_id = 7"), Is.Zero);
    }

    [Test]
    public async Task Many_entries_are_recorded_in_one_call_with_only_their_changed_fields()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var recorded = await DirectoryHistory.RecordManyAsync(conn, tx, DirectoryHistory.Organisation, null,
        [
            (501, [new FieldChange("name", null, "Een"), new FieldChange("kind", "", "")]),
            (502, [new FieldChange("name", null, "Twee")]),
        ]);
        await tx.CommitAsync();

        Assert.That(recorded, Is.EqualTo(2));
        Assert.That((await DirectoryHistory.ForAsync(Db.DataSource, DirectoryHistory.Organisation, 502)).Single().NewValue, Is.EqualTo("Twee"));
    }
}
