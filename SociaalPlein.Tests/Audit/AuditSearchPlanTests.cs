using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Audit;

/// <summary>
/// Why /beheer/audit stays fast on a long log: on 200,000 entries each filter's page is read from an index in the
/// order it is shown (db/0020), never by scanning the table or sorting all matching rows. The timings on a million
/// entries are in docs/benchmarks.md (AuditSearchBenchmark).
/// </summary>
public sealed class AuditSearchPlanTests : DatabaseFixture
{
    int _a;

    protected override async Task ArrangeAsync()
    {
        _a = await Arrange.PleinAsync(Db, "Plein Plan A");
        var b = await Arrange.PleinAsync(Db, "Plein Plan B");
        await AuditArrange.EntriesAsync(Db, 200_000, _a, b, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5));
    }

    static IEnumerable<TestCaseData> Filters()
    {
        yield return new TestCaseData(new AuditFilter()).SetName("Plan_without_filter");
        yield return new TestCaseData(new AuditFilter(UserEmail: "user3@test.nl")).SetName("Plan_by_user");
        yield return new TestCaseData(new AuditFilter(Subject: "B-2026-0007")).SetName("Plan_by_subject");
        yield return new TestCaseData(new AuditFilter(Action: "dataset.export")).SetName("Plan_by_action");
        yield return new TestCaseData(new AuditFilter(Allowed: false)).SetName("Plan_by_refused");
        yield return new TestCaseData(new AuditFilter(From: new DateOnly(2025, 3, 1), To: new DateOnly(2025, 3, 31))).SetName("Plan_by_period");
    }

    [TestCaseSource(nameof(Filters))]
    public async Task A_page_reads_an_index_in_order_without_scanning_or_sorting(AuditFilter filter)
    {
        var nodes = await PlanNodesAsync(filter);

        Assert.That(nodes.Where(n => n.Relation == "audit_log").Select(n => n.Type), Is.Not.Empty.And.All.Contains("Index"),
            string.Join(", ", nodes));
        Assert.That(nodes.Select(n => n.Type), Has.None.EqualTo("Sort"), string.Join(", ", nodes));
    }

    [Test]
    public async Task A_plein_page_reads_an_index_in_order_without_scanning_or_sorting()
    {
        var nodes = await PlanNodesAsync(new AuditFilter(PleinId: _a));

        Assert.That(nodes.Where(n => n.Relation == "audit_log").Select(n => n.Type), Is.Not.Empty.And.All.Contains("Index"));
        Assert.That(nodes.Select(n => n.Type), Has.None.EqualTo("Sort"));
    }

    sealed record Node(string Type, string? Relation, string? Index)
    {
        public override string ToString() => $"{Type} {Relation} {Index}".Trim();
    }

    async Task<List<Node>> PlanNodesAsync(AuditFilter filter)
    {
        var (sql, args) = AuditSearch.PageStatement(filter);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var json = await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql, args);
        var nodes = new List<Node>();
        using var doc = JsonDocument.Parse(json!);
        Walk(doc.RootElement[0].GetProperty("Plan"), nodes);
        return nodes;
    }

    static void Walk(JsonElement plan, List<Node> nodes)
    {
        nodes.Add(new Node(plan.GetProperty("Node Type").GetString()!,
            plan.TryGetProperty("Relation Name", out var r) ? r.GetString() : null,
            plan.TryGetProperty("Index Name", out var i) ? i.GetString() : null));
        if (plan.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Walk(child, nodes);
    }
}
