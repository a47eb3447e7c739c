using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The dashboard's kept figures of closed quarters and their version per plein (db/0032).</summary>
public sealed class DatasetFiguresConstraintTests : ConstraintFixture<DatasetFiguresConstraintTests>, IConstraintCases
{
    static readonly DateOnly FirstQuarter = new(2026, 1, 1);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<KeptRow>(), Accepted<VersionRow>(),
        Accepted("Kept_figures_of_the_fourth_quarter_are_accepted", a => KeptRow.Valid(a) with { QuarterStart = new DateOnly(2025, 10, 1) }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<KeptRow>("Kept_figures_of_an_unknown_plein_are_rejected", r => r with { PleinId = Arranged.MissingId },
            ForeignKey("dataset_figures_plein_id_fkey")),
        Rejected<KeptRow>("Kept_figures_starting_mid_quarter_are_rejected", r => r with { QuarterStart = new DateOnly(2026, 2, 1) },
            Check("dataset_figures_quarter_start_check")),
        Rejected<KeptRow>("Kept_figures_starting_on_another_day_than_the_first_are_rejected",
            r => r with { QuarterStart = new DateOnly(2026, 4, 2) }, Check("dataset_figures_quarter_start_check")),
        Rejected<KeptRow>("Kept_figures_that_are_not_a_json_object_are_rejected", r => r with { Figures = "[1, 2]" },
            Check("dataset_figures_figures_check")),
        Duplicate<KeptRow>("Second_kept_figures_of_one_plein_and_quarter_are_rejected",
            a => KeptRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("dataset_figures_pkey")),

        Rejected<VersionRow>("Version_of_an_unknown_plein_is_rejected", r => r with { PleinId = Arranged.MissingId },
            ForeignKey("dataset_figures_version_plein_id_fkey")),
        Rejected<VersionRow>("Negative_version_is_rejected", r => r with { Version = -1 }, Check("dataset_figures_version_version_check")),
        Duplicate<VersionRow>("Second_version_of_one_plein_is_rejected",
            a => VersionRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("dataset_figures_version_pkey")),
    ];

    sealed record KeptRow(int PleinId, DateOnly QuarterStart, string Figures) : IRow<KeptRow>
    {
        public static string Table => "dataset_figures";
        public static string InsertSql => """
            INSERT INTO dataset_figures (plein_id, quarter_start, figures) VALUES (@PleinId, @QuarterStart, @Figures::jsonb)
            """;
        public static KeptRow Valid(Arranged a) => new(a.PleinId, FirstQuarter, """{"Current": {"Visits": 1}}""");
    }

    sealed record VersionRow(int PleinId, long Version) : IRow<VersionRow>
    {
        public static string Table => "dataset_figures_version";
        public static string InsertSql => "INSERT INTO dataset_figures_version (plein_id, version) VALUES (@PleinId, @Version)";
        public static VersionRow Valid(Arranged a) => new(a.PleinId, 3);
    }
}
