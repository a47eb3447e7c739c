using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The plein's dataset: visitors, the contact details a referral carried, visits and referrals with their status events (db/0004).</summary>
public sealed class RegisterConstraintTests : ConstraintFixture<RegisterConstraintTests>, IConstraintCases
{
    static readonly DateTimeOffset Morning = new(2026, 2, 10, 9, 30, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<VisitorRow>(), Accepted<ReferralContactRow>(), Accepted<VisitRow>(), Accepted<VisitLeefgebiedRow>(),
        Accepted<ReferralRow>(), Accepted<StatusEventRow>(), Accepted<CodeCounterRow>(), Accepted<NotificationRow>(),
        Accepted<HistoryOpeningRow>(),
        Accepted("Visitor_known_only_by_code_and_first_visit_is_accepted",
            a => VisitorRow.Valid(a) with { BirthYear = null, Gender = "onbekend", Postcode = null, WijkId = null, CreatedBy = null }),
        Accepted("Visitor_with_a_random_code_and_its_check_character_is_accepted",
            a => VisitorRow.Valid(a) with { Code = "B-K7QM-4XRA", RequestId = Guid.Parse("0b1d0000-0000-4000-8000-000000000201") }),
        Accepted("Referral_on_own_initiative_without_visitor_is_accepted", a => ReferralRow.Valid(a) with
        {
            FromKind = "eigen_initiatief", FromProfessionalId = null, FromOrganisationId = null, VisitorId = null, VisitId = null,
        }),
        Accepted("Referral_niet_bereikt_with_a_reason_is_accepted",
            a => ReferralRow.Valid(a) with { Status = "niet_bereikt", StatusReason = "Drie keer gebeld, geen gehoor" }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<VisitorRow>("Visitor_of_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("visitor_plein_id_fkey")),
        Rejected<VisitorRow>("Visitor_code_that_is_a_name_is_rejected", r => r with { Code = "Jansen" }, Check("visitor_code_check")),
        Rejected<VisitorRow>("Visitor_code_that_is_a_bsn_is_rejected", r => r with { Code = "123456782" }, Check("visitor_code_check")),
        Rejected<VisitorRow>("Visitor_random_code_with_an_ambiguous_character_is_rejected", r => r with { Code = "B-K7QM-4XR0" },
            Check("visitor_code_check")),
        Rejected<VisitorRow>("Visitor_random_code_in_lower_case_is_rejected", r => r with { Code = "B-k7qm-4xra" }, Check("visitor_code_check")),
        Rejected<VisitorRow>("Visitor_born_before_1900_is_rejected", r => r with { BirthYear = 1899 }, Check("visitor_birth_year_check")),
        Rejected<VisitorRow>("Visitor_with_unknown_gender_is_rejected", r => r with { Gender = "x" }, Check("visitor_gender_check")),
        Rejected<VisitorRow>("Visitor_with_the_letters_of_the_postcode_is_rejected", r => r with { Postcode = "3524 AB" },
            Check("visitor_postcode_check")),
        Rejected<VisitorRow>("Visitor_postcode_starting_with_zero_is_rejected", r => r with { Postcode = "0524" }, Check("visitor_postcode_check")),
        Rejected<VisitorRow>("Visitor_in_an_unknown_wijk_is_rejected", r => r with { WijkId = Missing }, ForeignKey("visitor_wijk_same_plein")),
        Rejected<VisitorRow>("Visitor_in_a_wijk_of_another_plein_is_rejected", (r, a) => r with { PleinId = a.OtherPleinId },
            ForeignKey("visitor_wijk_same_plein")),
        Rejected<VisitorRow>("Visitor_created_by_an_unknown_user_is_rejected", r => r with { CreatedBy = Missing },
            ForeignKey("visitor_created_by_fkey")),
        Rejected<VisitorRow>("Visitor_without_a_request_id_is_rejected", r => r with { RequestId = null }, NotNull("request_id")),
        Duplicate<VisitorRow>("Second_visitor_with_the_same_code_is_rejected",
            a => VisitorRow.Valid(a) with { Code = "B-2026-0102", RequestId = Guid.Parse("0b1d0000-0000-4000-8000-000000000102") },
            (second, first) => second with { Code = first.Code }, Unique("visitor_code_unique")),
        Duplicate<VisitorRow>("Double_submitted_visitor_form_stores_no_second_visitor",
            a => VisitorRow.Valid(a) with { Code = "B-2026-0102", RequestId = Guid.Parse("0b1d0000-0000-4000-8000-000000000102") },
            (second, first) => second with { RequestId = first.RequestId }, Unique("visitor_request_unique")),

        Rejected<ReferralContactRow>("Contact_details_of_an_unknown_referral_are_rejected", r => r with { ReferralId = Missing },
            ForeignKey("referral_contact_of_referral")),
        Rejected<ReferralContactRow>("Contact_details_of_another_visitor_than_the_referrals_are_rejected", (r, a) => r with { VisitorId = a.OtherVisitorId },
            ForeignKey("referral_contact_of_referral")),
        Rejected<ReferralContactRow>("Contact_details_without_a_visitor_are_rejected", r => r with { VisitorId = null }, NotNull("visitor_id")),
        Rejected<ReferralContactRow>("Contact_details_stored_without_consent_are_rejected", r => r with { ConsentShareContact = false },
            Check("referral_contact_consent_share_contact_check")),
        Rejected<ReferralContactRow>("Contact_details_with_a_one_letter_name_are_rejected", r => r with { Name = "V" },
            Check("referral_contact_name_check")),
        Rejected<ReferralContactRow>("Contact_details_with_a_phone_in_words_are_rejected", r => r with { Phone = "via de buurvrouw" },
            Check("referral_contact_phone_check")),
        Rejected<ReferralContactRow>("Contact_details_without_a_retention_date_are_rejected", r => r with { LastContactOn = null },
            NotNull("last_contact_on")),
        Duplicate<ReferralContactRow>("Second_contact_details_for_one_referral_are_rejected",
            a => ReferralContactRow.Valid(a) with { ReferralId = a.OtherReferralId, VisitorId = a.OtherVisitorId, Name = "Iemand Anders" },
            (second, first) => second with { ReferralId = first.ReferralId, VisitorId = first.VisitorId }, Unique("referral_contact_pkey")),

        Rejected<VisitRow>("Visit_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("visit_plein_id_fkey")),
        Rejected<VisitRow>("Visit_of_an_unknown_visitor_is_rejected", r => r with { VisitorId = Missing }, ForeignKey("visit_visitor_same_plein")),
        Rejected<VisitRow>("Visit_of_a_visitor_of_another_plein_is_rejected", (r, a) => r with { PleinId = a.OtherPleinId },
            ForeignKey("visit_visitor_same_plein")),
        Rejected<VisitRow>("Visit_of_unknown_kind_is_rejected", r => r with { Kind = "telefonisch" }, Check("visit_kind_check")),
        Rejected<VisitRow>("Visit_at_an_unknown_spreekuur_is_rejected", r => r with { SpreekuurId = Missing }, ForeignKey("visit_spreekuur_id_fkey")),
        Rejected<VisitRow>("Visit_helped_by_an_unknown_professional_is_rejected", r => r with { HelpedBy = Missing },
            ForeignKey("visit_helped_by_fkey")),
        Rejected<VisitRow>("Visit_registered_by_an_unknown_user_is_rejected", r => r with { RegisteredBy = Missing },
            ForeignKey("visit_registered_by_fkey")),
        Duplicate<VisitRow>("Double_submitted_visit_form_stores_no_second_visit",
            a => VisitRow.Valid(a) with { RequestId = Guid.Parse("0b1d0000-0000-4000-8000-000000000202") },
            (second, first) => second with { RequestId = first.RequestId }, Unique("visit_request_unique")),

        Rejected<VisitLeefgebiedRow>("Unknown_visit_for_a_leefgebied_is_rejected", r => r with { VisitId = Missing },
            ForeignKey("visit_leefgebied_visit_id_fkey")),
        Rejected<VisitLeefgebiedRow>("Visit_about_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("visit_leefgebied_leefgebied_id_fkey")),
        Duplicate<VisitLeefgebiedRow>("Visit_linked_twice_to_one_leefgebied_is_rejected",
            a => VisitLeefgebiedRow.Valid(a) with { LeefgebiedId = a.OtherLeefgebiedId },
            (second, first) => second with { LeefgebiedId = first.LeefgebiedId }, Unique("visit_leefgebied_pkey")),

        .. ReferralRejections,
        .. StatusEventRejections,
        .. EntryRejections,
        .. HistoryOpeningRejections,
    ];

    static IEnumerable<TestCaseData> ReferralRejections =>
    [
        Rejected<ReferralRow>("Referral_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("referral_plein_id_fkey")),
        Rejected<ReferralRow>("Referral_of_an_unknown_visitor_is_rejected", r => r with { VisitorId = Missing, VisitId = null },
            ForeignKey("referral_visitor_same_plein")),
        Rejected<ReferralRow>("Referral_of_a_visitor_of_another_plein_is_rejected", (r, a) => r with { PleinId = a.OtherPleinId },
            ForeignKey("referral_visitor_same_plein")),
        Rejected<ReferralRow>("Referral_from_an_unknown_visit_is_rejected", r => r with { VisitId = Missing }, ForeignKey("referral_visit_of_visitor")),
        Rejected<ReferralRow>("Referral_from_a_visit_of_another_visitor_is_rejected", (r, a) => r with { VisitorId = a.OtherVisitorId },
            ForeignKey("referral_visit_of_visitor")),
        Rejected<ReferralRow>("Referral_from_an_unknown_professional_is_rejected", r => r with { FromProfessionalId = Missing },
            ForeignKey("referral_from_professional_id_fkey")),
        Rejected<ReferralRow>("Referral_from_an_unknown_organisation_is_rejected", r => r with { FromOrganisationId = Missing },
            ForeignKey("referral_from_organisation_id_fkey")),
        Rejected<ReferralRow>("Referral_to_an_unknown_professional_is_rejected", r => r with { ToProfessionalId = Missing },
            ForeignKey("referral_to_professional_id_fkey")),
        Rejected<ReferralRow>("Referral_to_an_unknown_organisation_is_rejected", r => r with { ToOrganisationId = Missing },
            ForeignKey("referral_to_organisation_id_fkey")),
        Rejected<ReferralRow>("Referral_about_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("referral_leefgebied_id_fkey")),
        Rejected<ReferralRow>("Referral_created_by_an_unknown_user_is_rejected", r => r with { CreatedBy = Missing },
            ForeignKey("referral_created_by_fkey")),
        Rejected<ReferralRow>("Referral_without_a_receiving_organisation_is_rejected", r => r with { ToOrganisationId = null },
            NotNull("to_organisation_id")),
        Rejected<ReferralRow>("Referral_without_a_leefgebied_is_rejected", r => r with { LeefgebiedId = null }, NotNull("leefgebied_id")),
        Rejected<ReferralRow>("Referral_from_unknown_kind_of_sender_is_rejected", r => r with { FromKind = "huisarts" },
            Check("referral_from_kind_check")),
        Rejected<ReferralRow>("Referral_with_a_two_letter_zorgvraag_is_rejected", r => r with { Zorgvraag = " ok " }, Check("referral_zorgvraag_check")),
        Rejected<ReferralRow>("Referral_with_a_zorgvraag_over_500_characters_is_rejected", r => r with { Zorgvraag = new string('z', 501) },
            Check("referral_zorgvraag_check")),
        Rejected<ReferralRow>("Referral_with_a_one_letter_category_is_rejected", r => r with { ZorgvraagCategory = "s" },
            Check("referral_zorgvraag_category_check")),
        Rejected<ReferralRow>("Referral_with_unknown_status_is_rejected", r => r with { Status = "in_behandeling" }, Check("referral_status_check")),
        Rejected<ReferralRow>("Afgeronde_referral_with_unknown_outcome_is_rejected", ReferralRow.Afgerond, r => r with { Outcome = "tevreden" },
            Check("referral_outcome_check")),
        Rejected<ReferralRow>("Referral_afgewezen_with_a_one_letter_reason_is_rejected", ReferralRow.Afgewezen, r => r with { StatusReason = " - " },
            Check("referral_status_reason_check")),
        Duplicate<ReferralRow>("Double_submitted_referral_form_stores_no_second_referral",
            a => ReferralRow.Valid(a) with { RequestId = Guid.Parse("0b1d0000-0000-4000-8000-000000000302") },
            (second, first) => second with { RequestId = first.RequestId }, Unique("referral_request_unique")),

        Rejected<ReferralRow>("Referral_from_a_professional_without_the_professional_is_rejected", r => r with { FromProfessionalId = null },
            Check("referral_sender_consistent")),
        Rejected<ReferralRow>("Referral_from_a_professional_without_their_organisation_is_rejected", r => r with { FromOrganisationId = null },
            Check("referral_sender_consistent")),
        Rejected<ReferralRow>("Referral_from_an_organisation_naming_a_professional_is_rejected", r => r with { FromKind = "organisation" },
            Check("referral_sender_consistent")),
        Rejected<ReferralRow>("Referral_from_an_organisation_without_the_organisation_is_rejected", ReferralRow.FromOrganisation,
            r => r with { FromOrganisationId = null }, Check("referral_sender_consistent")),
        Rejected<ReferralRow>("Referral_on_own_initiative_naming_an_organisation_is_rejected", ReferralRow.FromOrganisation,
            r => r with { FromKind = "eigen_initiatief" }, Check("referral_sender_consistent")),
        Rejected<ReferralRow>("Referral_from_a_visit_without_the_visitor_is_rejected", r => r with { VisitorId = null },
            Check("referral_visit_needs_visitor")),
        Rejected<ReferralRow>("Afgeronde_referral_without_outcome_is_rejected", ReferralRow.Afgerond, r => r with { Outcome = null },
            Check("referral_outcome_only_when_done")),
        Rejected<ReferralRow>("Open_referral_with_an_outcome_is_rejected", r => r with { Outcome = "geholpen" },
            Check("referral_outcome_only_when_done")),
        Rejected<ReferralRow>("Referral_afgewezen_without_reason_is_rejected", ReferralRow.Afgewezen, r => r with { StatusReason = null },
            Check("referral_reason_when_refused")),
        Rejected<ReferralRow>("Referral_niet_bereikt_without_reason_is_rejected", r => r with { Status = "niet_bereikt" },
            Check("referral_reason_when_refused")),
    ];

    // db/0013: the visitor code counter and the outbox of referral notifications.
    static IEnumerable<TestCaseData> EntryRejections =>
    [
        Rejected<CodeCounterRow>("Code_counter_for_year_1999_is_rejected", r => r with { Year = 1999 }, Check("visitor_code_counter_year_check")),
        Rejected<CodeCounterRow>("Code_counter_beyond_six_digits_is_rejected", r => r with { LastNumber = 1_000_000 },
            Check("visitor_code_counter_last_number_check")),
        Duplicate<CodeCounterRow>("Second_code_counter_for_the_same_year_is_rejected", a => CodeCounterRow.Valid(a) with { Year = 2032, LastNumber = 7 },
            (second, first) => second with { Year = first.Year }, Unique("visitor_code_counter_pkey")),
        Rejected<NotificationRow>("Notification_of_an_unknown_referral_is_rejected", r => r with { ReferralId = Missing },
            ForeignKey("referral_notification_referral_id_fkey")),
        Rejected<NotificationRow>("Notification_with_negative_attempts_is_rejected", r => r with { Attempts = -1 },
            Check("referral_notification_attempts_check")),
        Duplicate<NotificationRow>("Second_notification_of_one_referral_is_rejected", a => NotificationRow.Valid(a) with { ReferralId = a.OtherReferralId },
            (second, first) => second with { ReferralId = first.ReferralId }, Unique("referral_notification_pkey")),
    ];

    // db/0071: the openings of a visitor's whole history, with their reason.
    static IEnumerable<TestCaseData> HistoryOpeningRejections =>
    [
        Rejected<HistoryOpeningRow>("History_opening_of_an_unknown_visitor_is_rejected", r => r with { VisitorId = Missing },
            ForeignKey("visitor_history_opening_visitor_id_fkey")),
        Rejected<HistoryOpeningRow>("History_opening_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing },
            ForeignKey("visitor_history_opening_plein_id_fkey")),
        Rejected<HistoryOpeningRow>("History_opening_by_an_unknown_user_is_rejected", r => r with { UserId = Missing },
            ForeignKey("visitor_history_opening_user_id_fkey")),
        Rejected<HistoryOpeningRow>("History_opening_with_a_reason_of_a_few_letters_is_rejected", r => r with { Reason = "  nodig   " },
            Check("visitor_history_opening_reason_check")),
        Rejected<HistoryOpeningRow>("History_opening_with_a_reason_over_300_characters_is_rejected", r => r with { Reason = new string('r', 301) },
            Check("visitor_history_opening_reason_check")),
    ];

    static IEnumerable<TestCaseData> StatusEventRejections =>
    [
        Rejected<StatusEventRow>("Status_event_of_an_unknown_referral_is_rejected", r => r with { ReferralId = Missing },
            ForeignKey("referral_status_event_referral_id_fkey")),
        Rejected<StatusEventRow>("Status_event_by_an_unknown_user_is_rejected", r => r with { ChangedBy = Missing },
            ForeignKey("referral_status_event_changed_by_fkey")),
        Rejected<StatusEventRow>("Status_event_with_unknown_status_is_rejected", r => r with { Status = "gelezen" },
            Check("referral_status_event_status_check")),
        Rejected<StatusEventRow>("Status_event_with_unknown_outcome_is_rejected", StatusEventRow.Afgerond, r => r with { Outcome = "tevreden" },
            Check("referral_status_event_outcome_check")),
        Rejected<StatusEventRow>("Status_event_with_a_one_letter_reason_is_rejected", StatusEventRow.NietBereikt, r => r with { Reason = "x" },
            Check("referral_status_event_reason_check")),
        Rejected<StatusEventRow>("Status_event_note_over_500_characters_is_rejected", r => r with { Note = new string('n', 501) },
            Check("referral_status_event_note_check")),
        Rejected<StatusEventRow>("Status_event_afgerond_without_outcome_is_rejected", StatusEventRow.Afgerond, r => r with { Outcome = null },
            Check("referral_status_event_outcome")),
        Rejected<StatusEventRow>("Status_event_geaccepteerd_with_an_outcome_is_rejected", r => r with { Outcome = "geholpen" },
            Check("referral_status_event_outcome")),
        Rejected<StatusEventRow>("Status_event_niet_bereikt_without_reason_is_rejected", StatusEventRow.NietBereikt, r => r with { Reason = null },
            Check("referral_status_event_reason")),
        Rejected<StatusEventRow>("Status_event_afgewezen_without_reason_is_rejected", r => r with { Status = "afgewezen" },
            Check("referral_status_event_reason")),
    ];

    sealed record VisitorRow(
        int PleinId, string Code, short? BirthYear, string Gender, string? Postcode, int? WijkId, DateOnly FirstVisitOn, Guid? RequestId,
        int? CreatedBy) : IRow<VisitorRow>
    {
        public static string Table => "visitor";
        public static string InsertSql => """
            INSERT INTO visitor (plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id, created_by)
            VALUES (@PleinId, @Code, @BirthYear, @Gender, @Postcode, @WijkId, @FirstVisitOn, @RequestId, @CreatedBy)
            """;
        public static VisitorRow Valid(Arranged a) => new(
            a.PleinId, "B-2026-0101", 1968, "vrouw", "3524", a.WijkId, new DateOnly(2026, 2, 3),
            Guid.Parse("0b1d0000-0000-4000-8000-000000000101"), a.UserId);
    }

    sealed record ReferralContactRow(
        int ReferralId, int? VisitorId, bool ConsentShareContact, string Name, string Phone, DateTimeOffset ConsentedAt, DateOnly? LastContactOn)
        : IRow<ReferralContactRow>
    {
        public static string Table => "referral_contact";
        public static string InsertSql => """
            INSERT INTO referral_contact (referral_id, visitor_id, consent_share_contact, name, phone, consented_at, last_contact_on)
            VALUES (@ReferralId, @VisitorId, @ConsentShareContact, @Name, @Phone, @ConsentedAt, @LastContactOn)
            """;
        public static ReferralContactRow Valid(Arranged a) =>
            new(a.ReferralId, a.VisitorId, true, "Mevrouw de Vries", "06 1234 5678", Morning, new DateOnly(2026, 2, 10));
    }

    sealed record VisitRow(
        int PleinId, int VisitorId, DateOnly VisitedOn, string Kind, int? SpreekuurId, int? HelpedBy, int? RegisteredBy, Guid RequestId)
        : IRow<VisitRow>
    {
        public static string Table => "visit";
        public static string InsertSql => """
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, registered_by, request_id)
            VALUES (@PleinId, @VisitorId, @VisitedOn, @Kind, @SpreekuurId, @HelpedBy, @RegisteredBy, @RequestId)
            """;
        public static VisitRow Valid(Arranged a) => new(
            a.PleinId, a.VisitorId, new DateOnly(2026, 2, 10), "spreekuur", a.SpreekuurId, a.ProfessionalId, a.UserId,
            Guid.Parse("0b1d0000-0000-4000-8000-000000000201"));
    }

    sealed record VisitLeefgebiedRow(int VisitId, int LeefgebiedId) : IRow<VisitLeefgebiedRow>
    {
        public static string Table => "visit_leefgebied";
        public static string InsertSql => "INSERT INTO visit_leefgebied (visit_id, leefgebied_id) VALUES (@VisitId, @LeefgebiedId)";
        public static VisitLeefgebiedRow Valid(Arranged a) => new(a.VisitId, a.LeefgebiedId);
    }

    sealed record ReferralRow(
        int PleinId, DateOnly ReferredOn, int? VisitorId, int? VisitId, string FromKind, int? FromProfessionalId, int? FromOrganisationId,
        int? ToProfessionalId, int? ToOrganisationId, string Zorgvraag, string? ZorgvraagCategory, int? LeefgebiedId,
        bool ConsentShareContact, bool ConsentFeedback, string Status, string? Outcome, string? StatusReason, int? CreatedBy,
        Guid RequestId) : IRow<ReferralRow>
    {
        public static string Table => "referral";
        public static string InsertSql => """
            INSERT INTO referral (plein_id, referred_on, visitor_id, visit_id, from_kind, from_professional_id, from_organisation_id,
                                  to_professional_id, to_organisation_id, zorgvraag, zorgvraag_category, leefgebied_id,
                                  consent_share_contact, consent_feedback, status, outcome, status_reason, created_by, request_id)
            VALUES (@PleinId, @ReferredOn, @VisitorId, @VisitId, @FromKind, @FromProfessionalId, @FromOrganisationId,
                    @ToProfessionalId, @ToOrganisationId, @Zorgvraag, @ZorgvraagCategory, @LeefgebiedId,
                    @ConsentShareContact, @ConsentFeedback, @Status, @Outcome, @StatusReason, @CreatedBy, @RequestId)
            """;
        public static ReferralRow Valid(Arranged a) => new(
            a.PleinId, new DateOnly(2026, 2, 10), a.VisitorId, a.VisitId, "professional", a.ProfessionalId, a.OrganisationId,
            a.OtherProfessionalId, a.OtherOrganisationId, "Huurachterstand van drie maanden; wil een betalingsregeling", "schulden",
            a.LeefgebiedId, true, true, "verzonden", null, null, a.UserId, Guid.Parse("0b1d0000-0000-4000-8000-000000000301"));
        public static ReferralRow FromOrganisation(Arranged a) => Valid(a) with { FromKind = "organisation", FromProfessionalId = null };
        public static ReferralRow Afgerond(Arranged a) => Valid(a) with { Status = "afgerond", Outcome = "geholpen" };
        public static ReferralRow Afgewezen(Arranged a) => Valid(a) with { Status = "afgewezen", StatusReason = "Past niet bij ons aanbod" };
    }

    sealed record StatusEventRow(int ReferralId, string Status, string? Outcome, string? Reason, string? Note, int? ChangedBy)
        : IRow<StatusEventRow>
    {
        public static string Table => "referral_status_event";
        public static string InsertSql => """
            INSERT INTO referral_status_event (referral_id, status, outcome, reason, note, changed_by)
            VALUES (@ReferralId, @Status, @Outcome, @Reason, @Note, @ChangedBy)
            """;
        public static StatusEventRow Valid(Arranged a) => new(a.ReferralId, "geaccepteerd", null, null, "Intake gepland op dinsdag", a.UserId);
        public static StatusEventRow Afgerond(Arranged a) => Valid(a) with { Status = "afgerond", Outcome = "doorverwezen" };
        public static StatusEventRow NietBereikt(Arranged a) => Valid(a) with { Status = "niet_bereikt", Reason = "Telefoonnummer klopt niet" };
    }

    sealed record CodeCounterRow(short Year, int LastNumber) : IRow<CodeCounterRow>
    {
        public static string Table => "visitor_code_counter";
        public static string InsertSql => "INSERT INTO visitor_code_counter (year, last_number) VALUES (@Year, @LastNumber)";
        public static CodeCounterRow Valid(Arranged a) => new(2031, 42);
    }

    sealed record NotificationRow(int ReferralId, short Attempts) : IRow<NotificationRow>
    {
        public static string Table => "referral_notification";
        public static string InsertSql => "INSERT INTO referral_notification (referral_id, attempts) VALUES (@ReferralId, @Attempts)";
        public static NotificationRow Valid(Arranged a) => new(a.ReferralId, 0);
    }

    sealed record HistoryOpeningRow(int VisitorId, int PleinId, int UserId, string Reason) : IRow<HistoryOpeningRow>
    {
        public static string Table => "visitor_history_opening";
        public static string InsertSql => """
            INSERT INTO visitor_history_opening (visitor_id, plein_id, user_id, reason) VALUES (@VisitorId, @PleinId, @UserId, @Reason)
            """;
        public static HistoryOpeningRow Valid(Arranged a) => new(a.VisitorId, a.PleinId, a.UserId, "Gezamenlijk plan met het wijkteam voorbereiden");
    }
}
