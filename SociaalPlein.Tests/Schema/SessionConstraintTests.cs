using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>Server-side sessions, TOTP two-factor and recovery codes (db/0018).</summary>
public sealed class SessionConstraintTests : ConstraintFixture<SessionConstraintTests>, IConstraintCases
{
    static readonly DateTimeOffset Issued = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    static readonly Guid FirstSession = Guid.Parse("5e551011-0000-4000-8000-000000000001");

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<SessionRow>(), Accepted<RecoveryCodeRow>(), Accepted<TwoFactorUserRow>(),
        Accepted("Session_ended_by_logout_is_accepted", a => SessionRow.Valid(a) with { EndedAt = Issued.AddHours(1), EndedReason = "logout" }),
        Accepted("Account_without_two_factor_is_accepted",
            a => TwoFactorUserRow.Valid(a) with { TotpSecretProtected = null, TotpEnabledAt = null, TotpLastStep = null }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<SessionRow>("Session_of_an_unknown_user_is_rejected", r => r with { UserId = Missing }, ForeignKey("user_session_user_id_fkey")),
        Rejected<SessionRow>("Session_ended_for_an_unknown_reason_is_rejected", r => r with { EndedAt = Issued, EndedReason = "vergeten" },
            Check("user_session_ended_reason_check")),
        Rejected<SessionRow>("Ended_session_without_a_reason_is_rejected", r => r with { EndedAt = Issued }, Check("user_session_ended_consistent")),
        Rejected<SessionRow>("Open_session_with_an_end_reason_is_rejected", r => r with { EndedReason = "logout" }, Check("user_session_ended_consistent")),
        Rejected<SessionRow>("Session_seen_before_it_was_issued_is_rejected", r => r with { LastSeenAt = Issued.AddMinutes(-1) },
            Check("user_session_seen_after_issue")),
        Duplicate<SessionRow>("Second_session_with_the_same_id_is_rejected",
            a => SessionRow.Valid(a) with { Id = Guid.Parse("5e551011-0000-4000-8000-000000000002") },
            (second, first) => second with { Id = first.Id }, Unique("user_session_pkey")),

        Rejected<RecoveryCodeRow>("Recovery_code_of_an_unknown_user_is_rejected", r => r with { UserId = Missing },
            ForeignKey("recovery_code_user_id_fkey")),
        Rejected<RecoveryCodeRow>("Recovery_code_hash_that_is_not_sha256_is_rejected", r => r with { CodeHash = new byte[20] },
            Check("recovery_code_code_hash_check")),
        Duplicate<RecoveryCodeRow>("Same_recovery_code_twice_for_one_user_is_rejected",
            a => RecoveryCodeRow.Valid(a) with { CodeHash = Enumerable.Repeat((byte)2, 32).ToArray() },
            (second, first) => second with { CodeHash = first.CodeHash }, Unique("recovery_code_pkey")),

        Rejected<TwoFactorUserRow>("Account_with_a_negative_last_code_step_is_rejected", r => r with { TotpLastStep = -1 },
            Check("app_user_totp_last_step_check")),
        Rejected<TwoFactorUserRow>("Account_with_a_two_factor_secret_but_no_enabled_time_is_rejected", r => r with { TotpEnabledAt = null },
            Check("app_user_totp_consistent")),
        Rejected<TwoFactorUserRow>("Account_with_two_factor_enabled_but_no_secret_is_rejected", r => r with { TotpSecretProtected = null },
            Check("app_user_totp_consistent")),
    ];

    sealed record SessionRow(Guid Id, int UserId, DateTimeOffset IssuedAt, DateTimeOffset LastSeenAt, DateTimeOffset? EndedAt,
        string? EndedReason) : IRow<SessionRow>
    {
        public static string Table => "user_session";
        public static string InsertSql => """
            INSERT INTO user_session (id, user_id, issued_at, last_seen_at, ended_at, ended_reason, client_address)
            VALUES (@Id, @UserId, @IssuedAt, @LastSeenAt, @EndedAt, @EndedReason, '192.0.2.1')
            """;
        public static SessionRow Valid(Arranged a) => new(FirstSession, a.UserId, Issued, Issued, null, null);
    }

    sealed record RecoveryCodeRow(int UserId, byte[] CodeHash) : IRow<RecoveryCodeRow>
    {
        public static string Table => "recovery_code";
        public static string InsertSql => "INSERT INTO recovery_code (user_id, code_hash) VALUES (@UserId, @CodeHash)";
        public static RecoveryCodeRow Valid(Arranged a) => new(a.UserId, Enumerable.Repeat((byte)1, 32).ToArray());
    }

    sealed record TwoFactorUserRow(string Email, string? TotpSecretProtected, DateTimeOffset? TotpEnabledAt, long? TotpLastStep)
        : IRow<TwoFactorUserRow>
    {
        public static string Table => "app_user";
        public static string InsertSql => """
            INSERT INTO app_user (email, display_name, role, totp_secret_protected, totp_enabled_at, totp_last_step)
            VALUES (@Email, 'Ria de Beheerder', 'beheerder', @TotpSecretProtected, @TotpEnabledAt, @TotpLastStep)
            """;
        public static TwoFactorUserRow Valid(Arranged a) => new("ria@plein.nl", "CfDJ8-beschermd", Issued, 59_000_000);
    }
}
