using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>A withdrawn visit or referral keeps who, when and why, all three or none (db/0023).</summary>
public sealed class WithdrawalConstraintTests : ConstraintFixture<WithdrawalConstraintTests>, IConstraintCases
{
    static readonly DateTimeOffset Afternoon = new(2026, 2, 10, 14, 5, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted("Withdrawn_visit_with_who_when_and_why_is_accepted", WithdrawnVisitRow.Valid),
        Accepted("Withdrawn_referral_with_who_when_and_why_is_accepted", WithdrawnReferralRow.Valid),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<WithdrawnVisitRow>("Withdrawn_visit_without_a_reason_is_rejected", r => r with { WithdrawnReason = null },
            Check("visit_withdrawal_complete")),
        Rejected<WithdrawnVisitRow>("Visit_with_a_reason_but_not_withdrawn_is_rejected", r => r with { WithdrawnAt = null, WithdrawnBy = null },
            Check("visit_withdrawal_complete")),
        Rejected<WithdrawnVisitRow>("Withdrawn_visit_with_a_one_letter_reason_is_rejected", r => r with { WithdrawnReason = " x " },
            Check("visit_withdrawn_reason_check")),
        Rejected<WithdrawnVisitRow>("Visit_withdrawn_by_an_unknown_account_is_rejected", r => r with { WithdrawnBy = Missing },
            ForeignKey("visit_withdrawn_by_fkey")),
        Rejected<WithdrawnReferralRow>("Withdrawn_referral_without_who_is_rejected", r => r with { WithdrawnBy = null },
            Check("referral_withdrawal_complete")),
        Rejected<WithdrawnReferralRow>("Withdrawn_referral_with_a_reason_of_201_characters_is_rejected",
            r => r with { WithdrawnReason = new string('a', 201) }, Check("referral_withdrawn_reason_check")),
        Rejected<WithdrawnReferralRow>("Referral_withdrawn_by_an_unknown_account_is_rejected", r => r with { WithdrawnBy = Missing },
            ForeignKey("referral_withdrawn_by_fkey")),
    ];

    sealed record WithdrawnVisitRow(int PleinId, int VisitorId, int? RegisteredBy, DateTimeOffset? WithdrawnAt, int? WithdrawnBy,
        string? WithdrawnReason) : IRow<WithdrawnVisitRow>
    {
        public static string Table => "visit";
        public static string InsertSql => """
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, registered_by, request_id, withdrawn_at, withdrawn_by, withdrawn_reason)
            VALUES (@PleinId, @VisitorId, DATE '2026-02-10', 'inloop', @RegisteredBy, gen_random_uuid(), @WithdrawnAt, @WithdrawnBy, @WithdrawnReason)
            """;
        public static WithdrawnVisitRow Valid(Arranged a) =>
            new(a.PleinId, a.VisitorId, a.UserId, Afternoon, a.UserId, "Dubbel geregistreerd");
    }

    sealed record WithdrawnReferralRow(int PleinId, int OrganisationId, int LeefgebiedId, int? CreatedBy, DateTimeOffset? WithdrawnAt,
        int? WithdrawnBy, string? WithdrawnReason) : IRow<WithdrawnReferralRow>
    {
        public static string Table => "referral";
        public static string InsertSql => """
            INSERT INTO referral (plein_id, referred_on, from_kind, to_organisation_id, zorgvraag, leefgebied_id, created_by, request_id,
                                  withdrawn_at, withdrawn_by, withdrawn_reason)
            VALUES (@PleinId, DATE '2026-02-10', 'eigen_initiatief', @OrganisationId, 'Hulp bij de post', @LeefgebiedId, @CreatedBy,
                    gen_random_uuid(), @WithdrawnAt, @WithdrawnBy, @WithdrawnReason)
            """;
        public static WithdrawnReferralRow Valid(Arranged a) =>
            new(a.PleinId, a.OtherOrganisationId, a.LeefgebiedId, a.UserId, Afternoon, a.UserId, "Naar de verkeerde organisatie gestuurd");
    }
}
