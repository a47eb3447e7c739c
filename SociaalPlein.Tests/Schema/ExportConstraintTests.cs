using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>
/// The export's per-plein secret for stable pseudonyms (db/0015), its kept per-visitor quarter figures (db/0095) and their
/// plein-quarter totals (db/0114).
/// </summary>
public sealed class ExportConstraintTests : ConstraintFixture<ExportConstraintTests>, IConstraintCases
{
    public static IEnumerable<TestCaseData> Acceptances => [Accepted<SecretRow>(), Accepted<QuarterRow>(), Accepted<TotalRow>()];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<SecretRow>("Export_secret_of_an_unknown_plein_is_rejected", r => r with { PleinId = Arranged.MissingId },
            ForeignKey("plein_export_secret_plein_id_fkey")),
        Rejected<SecretRow>("Export_secret_shorter_than_32_bytes_is_rejected", r => r with { Secret = new byte[16] },
            Check("plein_export_secret_secret_check")),
        Duplicate<SecretRow>("Second_export_secret_for_one_plein_is_rejected",
            a => SecretRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("plein_export_secret_pkey")),
        Duplicate<QuarterRow>("Second_kept_figures_of_one_visitor_plein_and_quarter_are_rejected",
            a => QuarterRow.Valid(a) with { Quarter = new DateOnly(2020, 4, 1) }, (second, first) => second with { Quarter = first.Quarter },
            Unique("export_visitor_quarter_pkey")),
        Duplicate<TotalRow>("Second_kept_totals_of_one_plein_quarter_and_stripe_are_rejected",
            a => TotalRow.Valid(a) with { Quarter = new DateOnly(2020, 4, 1) }, (second, first) => second with { Quarter = first.Quarter },
            Unique("export_quarter_total_pkey")),
    ];

    sealed record SecretRow(int PleinId, byte[] Secret) : IRow<SecretRow>
    {
        public static string Table => "plein_export_secret";
        public static string InsertSql => "INSERT INTO plein_export_secret (plein_id, secret) VALUES (@PleinId, @Secret)";
        public static SecretRow Valid(Arranged a) => new(a.PleinId, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    }

    // A quarter long before the fixture's own visits, whose rows the triggers keep in the same table.
    sealed record QuarterRow(int PleinId, DateOnly Quarter, int VisitorId, int Visits, int Referrals) : IRow<QuarterRow>
    {
        public static string Table => "export_visitor_quarter";
        public static string InsertSql => """
            INSERT INTO export_visitor_quarter (plein_id, quarter, visitor_id, visits, referrals)
            VALUES (@PleinId, @Quarter, @VisitorId, @Visits, @Referrals)
            """;
        public static QuarterRow Valid(Arranged a) => new(a.PleinId, new DateOnly(2020, 1, 1), a.VisitorId, 1, 0);
    }

    // Like QuarterRow: a quarter long before the fixture's own visits, whose totals the triggers keep in the same table.
    sealed record TotalRow(int PleinId, DateOnly Quarter, short Stripe, int Visits, int Referrals, int Visitors) : IRow<TotalRow>
    {
        public static string Table => "export_quarter_total";
        public static string InsertSql => """
            INSERT INTO export_quarter_total (plein_id, quarter, stripe, visits, referrals, visitors)
            VALUES (@PleinId, @Quarter, @Stripe, @Visits, @Referrals, @Visitors)
            """;
        public static TotalRow Valid(Arranged a) => new(a.PleinId, new DateOnly(2020, 1, 1), 0, 1, 0, 1);
    }
}
