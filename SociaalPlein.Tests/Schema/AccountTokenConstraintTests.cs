using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The single-use links to set a password: invitation and reset (db/0017).</summary>
public sealed class AccountTokenConstraintTests : ConstraintFixture<AccountTokenConstraintTests>, IConstraintCases
{
    static readonly DateTimeOffset Created = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<TokenRow>(),
        Accepted("Used_reset_token_is_accepted", a => TokenRow.Valid(a) with
        {
            Purpose = "reset", ExpiresAt = Created.AddHours(1), ClosedAt = Created.AddMinutes(5), ClosedBecause = "used",
        }),
        Accepted("Token_closed_with_its_deactivated_account_is_accepted", a => TokenRow.Valid(a) with
        {
            ClosedAt = Created.AddDays(1), ClosedBecause = "deactivated",
        }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<TokenRow>("Token_of_an_unknown_account_is_rejected", r => r with { UserId = Arranged.MissingId },
            ForeignKey("account_token_user_id_fkey")),
        Rejected<TokenRow>("Token_with_an_unknown_purpose_is_rejected", r => r with { Purpose = "login" }, Check("account_token_purpose_check")),
        Rejected<TokenRow>("Token_hash_that_is_not_32_bytes_is_rejected", r => r with { TokenHash = new byte[16] },
            Check("account_token_token_hash_check")),
        Rejected<TokenRow>("Token_with_an_unknown_closing_reason_is_rejected", r => r with { ClosedAt = Created, ClosedBecause = "vergeten" },
            Check("account_token_closed_because_check")),
        Rejected<TokenRow>("Token_that_expires_before_it_was_made_is_rejected", r => r with { ExpiresAt = Created.AddSeconds(-1) },
            Check("account_token_expires_after_creation")),
        Rejected<TokenRow>("Closed_token_without_a_reason_is_rejected", r => r with { ClosedAt = Created }, Check("account_token_closed_with_reason")),
        Duplicate<TokenRow>("Two_tokens_with_the_same_hash_are_rejected",
            a => TokenRow.Valid(a) with { TokenHash = Hash(2), ClosedAt = Created, ClosedBecause = "replaced" },
            (second, first) => second with { TokenHash = first.TokenHash }, Unique("account_token_hash_unique")),
        // Not a constraint but a unique index: a new link must close the older open one first.
        Duplicate<TokenRow>("A_second_open_token_for_one_account_is_rejected",
            a => TokenRow.Valid(a) with { TokenHash = Hash(3) },
            a => TokenRow.Valid(a) with { ClosedAt = Created, ClosedBecause = "replaced" },
            (second, _) => second with { ClosedAt = null, ClosedBecause = null }, Unique("account_token_one_open_per_user")),
    ];

    static byte[] Hash(byte seed) => Enumerable.Range(0, 32).Select(i => (byte)(i + seed)).ToArray();

    sealed record TokenRow(int UserId, string Purpose, byte[] TokenHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? ClosedAt, string? ClosedBecause) : IRow<TokenRow>
    {
        public static string Table => "account_token";
        public static string InsertSql => """
            INSERT INTO account_token (user_id, purpose, token_hash, created_at, expires_at, closed_at, closed_because)
            VALUES (@UserId, @Purpose, @TokenHash, @CreatedAt, @ExpiresAt, @ClosedAt, @ClosedBecause)
            """;
        public static TokenRow Valid(Arranged a) => new(a.UserId, "invitation", Hash(1), Created, Created.AddDays(7), null, null);
    }
}
