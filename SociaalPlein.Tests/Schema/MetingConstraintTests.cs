using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>Metingen, the agreement they need, the scale's words and the plein's switches (db/0060).</summary>
public sealed class MetingConstraintTests : ConstraintFixture<MetingConstraintTests>, IConstraintCases
{
    static readonly DateOnly VisitDay = new(2026, 1, 12);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<StepRow>(), Accepted<PleinMetingRow>(), Accepted<AgreementRow>(), Accepted<MetingRow>(),
        Accepted("Withdrawn_agreement_with_who_and_when_is_accepted", a => AgreementRow.Valid(a) with
        {
            WithdrawnAt = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), WithdrawnBy = a.UserId,
        }),
        Accepted("Meting_at_the_lowest_step_is_accepted", a => MetingRow.Valid(a) with { Step = 1 }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<StepRow>("Step_zero_is_rejected", r => r with { Step = 0 }, Check("meting_step_step_check")),
        Rejected<StepRow>("Step_six_is_rejected", r => r with { Step = 6 }, Check("meting_step_step_check")),
        Rejected<StepRow>("Step_with_a_one_letter_label_is_rejected", r => r with { Label = " a " }, Check("meting_step_label_check")),
        Rejected<StepRow>("Step_with_a_description_of_201_characters_is_rejected", r => r with { Description = new string('a', 201) },
            Check("meting_step_description_check")),
        Rejected<StepRow>("Step_changed_by_an_unknown_account_is_rejected", r => r with { UpdatedBy = Missing },
            ForeignKey("meting_step_updated_by_fkey")),
        Duplicate<StepRow>("Second_row_for_one_step_is_rejected", a => StepRow.Valid(a) with { Step = 4 },
            (second, first) => second with { Step = first.Step }, Unique("meting_step_pkey")),

        Rejected<PleinMetingRow>("Meting_settings_of_an_unknown_plein_are_rejected", r => r with { PleinId = Missing },
            ForeignKey("plein_meting_plein_id_fkey")),
        Rejected<PleinMetingRow>("Follow_up_after_zero_months_is_rejected", r => r with { FollowupMonths = 0 },
            Check("plein_meting_followup_months_check")),
        Rejected<PleinMetingRow>("Follow_up_after_25_months_is_rejected", r => r with { FollowupMonths = 25 },
            Check("plein_meting_followup_months_check")),
        Rejected<PleinMetingRow>("Meting_settings_changed_by_an_unknown_account_are_rejected", r => r with { UpdatedBy = Missing },
            ForeignKey("plein_meting_updated_by_fkey")),
        Duplicate<PleinMetingRow>("Second_meting_settings_of_one_plein_are_rejected", a => PleinMetingRow.Valid(a) with { PleinId = a.OtherPleinId },
            (second, first) => second with { PleinId = first.PleinId }, Unique("plein_meting_pkey")),

        Rejected<AgreementRow>("Agreement_of_an_unknown_visitor_is_rejected", r => r with { VisitorId = Missing },
            ForeignKey("meting_agreement_visitor_id_fkey")),
        Rejected<AgreementRow>("Agreement_recorded_by_an_unknown_account_is_rejected", r => r with { GivenBy = Missing },
            ForeignKey("meting_agreement_given_by_fkey")),
        Rejected<AgreementRow>("Agreement_withdrawn_by_an_unknown_account_is_rejected",
            r => r with { WithdrawnAt = r.GivenAt.AddDays(1), WithdrawnBy = Missing }, ForeignKey("meting_agreement_withdrawn_by_fkey")),
        Rejected<AgreementRow>("Agreement_withdrawn_before_it_was_given_is_rejected", r => r with { WithdrawnAt = r.GivenAt.AddDays(-1) },
            Check("meting_agreement_withdrawn_after_given")),
        Rejected<AgreementRow>("Agreement_with_a_withdrawer_but_not_withdrawn_is_rejected", (r, a) => r with { WithdrawnBy = a.UserId },
            Check("meting_agreement_withdrawer_when_withdrawn")),
        Rejected<AgreementRow>("Second_agreement_in_force_for_one_visitor_is_rejected", (r, a) => r with { VisitorId = a.VisitorId },
            Unique("meting_agreement_in_force")),

        Rejected<MetingRow>("Meting_at_step_six_is_rejected", r => r with { Step = 6 }, Check("meting_step_range")),
        Rejected<MetingRow>("Meting_at_step_zero_is_rejected", r => r with { Step = 0 }, Check("meting_step_range")),
        Rejected<MetingRow>("Meting_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("meting_plein_id_fkey")),
        Rejected<MetingRow>("Meting_on_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("meting_leefgebied_id_fkey")),
        Rejected<MetingRow>("Meting_registered_by_an_unknown_account_is_rejected", r => r with { RegisteredBy = Missing },
            ForeignKey("meting_registered_by_fkey")),
        Rejected<MetingRow>("Meting_of_a_visitor_of_another_plein_is_rejected", (r, a) => r with { PleinId = a.OtherPleinId },
            ForeignKey("meting_visitor_same_plein")),
        Rejected<MetingRow>("Meting_with_a_visit_of_somebody_else_is_rejected", (r, a) => r with { VisitorId = a.OtherVisitorId },
            ForeignKey("meting_of_visit")),
        Rejected<MetingRow>("Meting_dated_otherwise_than_its_visit_is_rejected", r => r with { MeasuredOn = VisitDay.AddDays(1) },
            ForeignKey("meting_of_visit")),
        Rejected<MetingRow>("Meting_under_an_unknown_agreement_is_rejected", r => r with { AgreementId = Missing },
            ForeignKey("meting_under_agreement")),
        Rejected<MetingRow>("Meting_under_a_withdrawn_agreement_is_rejected", (r, a) => r with { AgreementId = a.WithdrawnAgreementId },
            Check("meting_agreement_not_withdrawn")),
        Rejected<MetingRow>("Meting_on_a_health_leefgebied_where_the_plein_has_them_off_is_rejected",
            (r, a) => r with { LeefgebiedId = a.HealthLeefgebiedId }, Check("meting_health_switched_on")),
        Duplicate<MetingRow>("Second_meting_of_one_leefgebied_at_one_visit_is_rejected",
            a => MetingRow.Valid(a) with { LeefgebiedId = a.OtherLeefgebiedId },
            (second, first) => second with { LeefgebiedId = first.LeefgebiedId }, Unique("meting_one_per_leefgebied")),
    ];

    sealed record StepRow(short Step, string Label, string Description, int? UpdatedBy) : IRow<StepRow>
    {
        public static string Table => "meting_step";
        public static string InsertSql => """
            INSERT INTO meting_step (step, label, description, updated_by) VALUES (@Step, @Label, @Description, @UpdatedBy)
            """;
        public static StepRow Valid(Arranged a) => new(3, "Redelijk", "Het lukt met wat hulp van anderen.", a.UserId);
    }

    sealed record PleinMetingRow(int PleinId, bool HealthEnabled, short FollowupMonths, int? UpdatedBy) : IRow<PleinMetingRow>
    {
        public static string Table => "plein_meting";
        public static string InsertSql => """
            INSERT INTO plein_meting (plein_id, health_enabled, followup_months, updated_by)
            VALUES (@PleinId, @HealthEnabled, @FollowupMonths, @UpdatedBy)
            """;
        public static PleinMetingRow Valid(Arranged a) => new(a.PleinId, true, 6, a.UserId);
    }

    sealed record AgreementRow(int VisitorId, DateTimeOffset GivenAt, int? GivenBy, DateTimeOffset? WithdrawnAt, int? WithdrawnBy)
        : IRow<AgreementRow>
    {
        public static string Table => "meting_agreement";
        public static string InsertSql => """
            INSERT INTO meting_agreement (visitor_id, given_at, given_by, withdrawn_at, withdrawn_by)
            VALUES (@VisitorId, @GivenAt, @GivenBy, @WithdrawnAt, @WithdrawnBy)
            """;
        public static AgreementRow Valid(Arranged a) =>
            new(a.OtherVisitorId, new DateTimeOffset(2026, 1, 13, 9, 30, 0, TimeSpan.Zero), a.UserId, null, null);
    }

    sealed record MetingRow(int PleinId, int VisitorId, int VisitId, DateOnly MeasuredOn, int LeefgebiedId, short Step, long AgreementId,
        int? RegisteredBy) : IRow<MetingRow>
    {
        public static string Table => "meting";
        public static string InsertSql => """
            INSERT INTO meting (plein_id, visitor_id, visit_id, measured_on, leefgebied_id, step, agreement_id, registered_by)
            VALUES (@PleinId, @VisitorId, @VisitId, @MeasuredOn, @LeefgebiedId, @Step, @AgreementId, @RegisteredBy)
            """;
        public static MetingRow Valid(Arranged a) =>
            new(a.PleinId, a.VisitorId, a.VisitId, VisitDay, a.LeefgebiedId, 3, a.AgreementId, a.UserId);
    }
}
