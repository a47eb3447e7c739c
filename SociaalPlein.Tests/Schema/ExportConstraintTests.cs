using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The export's per-plein secret for stable pseudonyms (db/0015).</summary>
public sealed class ExportConstraintTests : ConstraintFixture
{
    [TestCaseSource(nameof(Acceptances))]
    public Task Accepts(ValidRow row) => AssertAcceptedAsync(row);

    [TestCaseSource(nameof(Rejections))]
    public Task Rejects(RowCase row) => AssertRejectedAsync(row);

    internal static IEnumerable<TestCaseData> Acceptances => [Accepted<SecretRow>()];

    internal static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<SecretRow>("Export_secret_of_an_unknown_plein_is_rejected", r => r with { PleinId = Arranged.MissingId },
            ForeignKey("plein_export_secret_plein_id_fkey")),
        Rejected<SecretRow>("Export_secret_shorter_than_32_bytes_is_rejected", r => r with { Secret = new byte[16] },
            Check("plein_export_secret_secret_check")),
        Duplicate<SecretRow>("Second_export_secret_for_one_plein_is_rejected",
            a => SecretRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("plein_export_secret_pkey")),
    ];

    sealed record SecretRow(int PleinId, byte[] Secret) : IRow<SecretRow>
    {
        public static string Table => "plein_export_secret";
        public static string InsertSql => "INSERT INTO plein_export_secret (plein_id, secret) VALUES (@PleinId, @Secret)";
        public static SecretRow Valid(Arranged a) => new(a.PleinId, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    }
}
