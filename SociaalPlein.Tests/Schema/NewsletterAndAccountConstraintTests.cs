using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>Accounts (db/0003), the quarterly newsletter (db/0005), the audit log (db/0006) and the key ring (db/0007).</summary>
public sealed class NewsletterAndAccountConstraintTests : ConstraintFixture<NewsletterAndAccountConstraintTests>, IConstraintCases
{
    static readonly DateTimeOffset SendTime = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<AppUserRow>(), Accepted<AppUserPleinRow>(), Accepted<NewsletterRow>(), Accepted<NewsletterRegionPleinRow>(),
        Accepted<SubscriberRow>(), Accepted<DeliveryRow>(), Accepted<AuditRow>(), Accepted<DataProtectionKeyRow>(),
        Accepted<ResetRequestRow>(),
        Accepted("Reset_request_for_an_address_without_an_account_and_no_client_address_is_accepted",
            a => ResetRequestRow.Valid(a) with { Email = "niemand@nergens.nl", ClientAddress = null }),
        Accepted("Regional_newsletter_without_a_plein_is_accepted", a => NewsletterRow.Valid(a) with { PleinId = null }),
        Accepted("Newsletters_of_one_plein_in_the_same_quarter_of_another_year_are_accepted",
            a => NewsletterRow.Valid(a) with { Year = 2025, Quarter = 1 }),
        Accepted("Address_subscribed_to_one_plein_may_subscribe_to_another_plein",
            a => SubscriberRow.Valid(a) with { PleinId = a.OtherPleinId, Email = "secretariaat@buurtteam-noord.nl" }),
        // The log carries no foreign keys on purpose (db/0006): nothing may ever block an entry.
        Accepted("Audit_entry_for_an_unknown_user_and_plein_is_accepted", a => AuditRow.Valid(a) with { UserId = Missing, PleinId = Missing }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<ResetRequestRow>("Reset_request_with_capitals_in_the_address_is_rejected", r => r with { Email = "F.ElAmrani@DeLinde.nl" },
            Check("password_reset_request_email_check")),
        Rejected<ResetRequestRow>("Reset_request_without_at_sign_is_rejected", r => r with { Email = "f.elamrani" },
            Check("password_reset_request_email_check")),
        Rejected<ResetRequestRow>("Reset_request_with_an_address_over_254_characters_is_rejected", r => r with { Email = new string('f', 250) + "@d.nl" },
            Check("password_reset_request_email_check")),
        Duplicate<AppUserRow>("Second_account_for_one_professional_is_rejected",
            a => AppUserRow.Valid(a) with { Email = "tweede@delinde.nl", ProfessionalId = a.OtherProfessionalId },
            (second, first) => second with { ProfessionalId = first.ProfessionalId }, Unique("app_user_professional_unique")),
        Rejected<AppUserRow>("Account_email_with_capitals_is_rejected", r => r with { Email = "F.ElAmrani@DeLinde.nl" }, Check("app_user_email_check")),
        Rejected<AppUserRow>("Account_email_without_at_sign_is_rejected", r => r with { Email = "f.elamrani" }, Check("app_user_email_check")),
        Rejected<AppUserRow>("Account_email_over_254_characters_is_rejected", r => r with { Email = new string('f', 250) + "@d.nl" },
            Check("app_user_email_check")),
        Rejected<AppUserRow>("Account_with_a_one_letter_display_name_is_rejected", r => r with { DisplayName = "F" },
            Check("app_user_display_name_check")),
        Rejected<AppUserRow>("Account_with_unknown_role_is_rejected", r => r with { Role = "admin" }, Check("app_user_role_check")),
        Rejected<AppUserRow>("Account_of_an_unknown_professional_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("app_user_professional_id_fkey")),
        Rejected<AppUserRow>("Account_with_a_negative_failed_login_count_is_rejected", r => r with { FailedLoginCount = -1 },
            Check("app_user_failed_login_count_check")),
        Duplicate<AppUserRow>("Second_account_with_the_same_email_is_rejected",
            a => AppUserRow.Valid(a) with { Email = "fatima@delinde.nl", ProfessionalId = a.OtherProfessionalId }, (second, first) => second with { Email = first.Email },
            Unique("app_user_email_unique")),

        Rejected<AppUserPleinRow>("Unknown_account_at_a_plein_is_rejected", r => r with { UserId = Missing }, ForeignKey("app_user_plein_user_id_fkey")),
        Rejected<AppUserPleinRow>("Account_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("app_user_plein_plein_id_fkey")),
        Duplicate<AppUserPleinRow>("Account_linked_twice_to_one_plein_is_rejected",
            a => AppUserPleinRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("app_user_plein_pkey")),

        Rejected<NewsletterRow>("Newsletter_of_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("newsletter_plein_id_fkey")),
        Rejected<NewsletterRow>("Newsletter_sent_by_an_unknown_user_is_rejected", NewsletterRow.Sent, r => r with { SentBy = Missing },
            ForeignKey("newsletter_sent_by_fkey")),
        Rejected<NewsletterRow>("Newsletter_for_a_year_before_2000_is_rejected", r => r with { Year = 1999 }, Check("newsletter_year_check")),
        Rejected<NewsletterRow>("Newsletter_for_quarter_zero_is_rejected", r => r with { Quarter = 0 }, Check("newsletter_quarter_check")),
        Rejected<NewsletterRow>("Newsletter_for_a_fifth_quarter_is_rejected", r => r with { Quarter = 5 }, Check("newsletter_quarter_check")),
        Rejected<NewsletterRow>("Newsletter_with_unknown_status_is_rejected", r => r with { Status = "gepland" }, Check("newsletter_status_check")),
        Rejected<NewsletterRow>("Newsletter_note_over_1500_characters_is_rejected", r => r with { Note = new string('n', 1501) },
            Check("newsletter_note_check")),
        Rejected<NewsletterRow>("Sent_newsletter_without_a_send_time_is_rejected", NewsletterRow.Sent, r => r with { SentAt = null },
            Check("newsletter_sent_consistent")),
        Rejected<NewsletterRow>("Concept_newsletter_with_a_send_time_is_rejected", r => r with { SentAt = SendTime }, Check("newsletter_sent_consistent")),
        Rejected<NewsletterRow>("Sent_newsletter_without_a_pdf_is_rejected", NewsletterRow.Sent, r => r with { Pdf = null, PdfGeneratedAt = null },
            Check("newsletter_sent_has_pdf")),
        Rejected<NewsletterRow>("Newsletter_pdf_without_its_generation_time_is_rejected", NewsletterRow.Sent, r => r with { PdfGeneratedAt = null },
            Check("newsletter_pdf_dated")),
        Duplicate<NewsletterRow>("Second_newsletter_for_the_same_plein_and_quarter_is_rejected",
            a => NewsletterRow.Valid(a) with { Quarter = 2 }, (second, first) => second with { Quarter = first.Quarter },
            Unique("newsletter_quarter_unique")),
        // NULLS NOT DISTINCT: without it two regional rows (plein_id NULL) would never collide.
        Duplicate<NewsletterRow>("Second_regional_newsletter_for_the_same_quarter_is_rejected",
            a => NewsletterRow.Valid(a) with { PleinId = null }, a => NewsletterRow.Valid(a) with { PleinId = null, Quarter = 2 },
            (second, first) => second with { Quarter = first.Quarter }, Unique("newsletter_quarter_unique")),

        Rejected<NewsletterRegionPleinRow>("Unknown_newsletter_for_a_region_plein_is_rejected", r => r with { NewsletterId = Missing },
            ForeignKey("newsletter_region_plein_newsletter_id_fkey")),
        Rejected<NewsletterRegionPleinRow>("Regional_newsletter_with_an_unknown_plein_is_rejected", r => r with { PleinId = Missing },
            ForeignKey("newsletter_region_plein_plein_id_fkey")),
        Duplicate<NewsletterRegionPleinRow>("Plein_listed_twice_in_one_regional_newsletter_is_rejected",
            a => NewsletterRegionPleinRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("newsletter_region_plein_pkey")),

        Rejected<SubscriberRow>("Subscriber_of_an_unknown_plein_is_rejected", r => r with { PleinId = Missing },
            ForeignKey("newsletter_subscriber_plein_id_fkey")),
        Rejected<SubscriberRow>("Subscriber_with_a_one_letter_name_is_rejected", r => r with { Name = "H" }, Check("newsletter_subscriber_name_check")),
        Rejected<SubscriberRow>("Subscriber_organisation_name_over_160_characters_is_rejected", r => r with { OrganisationName = new string('o', 161) },
            Check("newsletter_subscriber_organisation_name_check")),
        Rejected<SubscriberRow>("Subscriber_email_with_capitals_is_rejected", r => r with { Email = "H.Bakker@DeLinde.nl" },
            Check("newsletter_subscriber_email_check")),
        Rejected<SubscriberRow>("Subscriber_email_without_a_domain_is_rejected", r => r with { Email = "h.bakker@" },
            Check("newsletter_subscriber_email_check")),
        Duplicate<SubscriberRow>("Second_subscription_of_one_address_to_a_plein_is_rejected",
            a => SubscriberRow.Valid(a) with { Email = "praktijk@delinde.nl" }, (second, first) => second with { Email = first.Email },
            Unique("newsletter_subscriber_email_unique")),

        Rejected<DeliveryRow>("Delivery_of_an_unknown_newsletter_is_rejected", r => r with { NewsletterId = Missing },
            ForeignKey("newsletter_delivery_newsletter_id_fkey")),
        Rejected<DeliveryRow>("Delivery_to_an_unknown_subscriber_is_rejected", r => r with { SubscriberId = Missing },
            ForeignKey("newsletter_delivery_subscriber_id_fkey")),
        Rejected<DeliveryRow>("Delivery_email_with_capitals_is_rejected", r => r with { Email = "Secretariaat@Buurtteam-Noord.nl" },
            Check("newsletter_delivery_email_check")),
        Rejected<DeliveryRow>("Delivery_email_without_an_at_sign_is_rejected", r => r with { Email = "secretariaat.buurtteam.nl" },
            Check("newsletter_delivery_email_check")),
        Rejected<DeliveryRow>("Delivery_email_over_254_characters_is_rejected", r => r with { Email = new string('s', 250) + "@b.nl" },
            Check("newsletter_delivery_email_check")),
        Rejected<DeliveryRow>("Delivery_with_unknown_status_is_rejected", r => r with { Status = "bezorgd" }, Check("newsletter_delivery_status_check")),
        Rejected<DeliveryRow>("Delivery_with_negative_attempts_is_rejected", r => r with { Attempts = -1 }, Check("newsletter_delivery_attempts_check")),
        Rejected<DeliveryRow>("Delivery_error_over_1000_characters_is_rejected", DeliveryRow.Failed, r => r with { LastError = new string('e', 1001) },
            Check("newsletter_delivery_last_error_check")),
        Rejected<DeliveryRow>("Delivery_marked_sent_without_a_send_time_is_rejected", r => r with { Status = "verzonden" },
            Check("newsletter_delivery_sent_consistent")),
        Rejected<DeliveryRow>("Waiting_delivery_with_a_send_time_is_rejected", r => r with { SentAt = SendTime },
            Check("newsletter_delivery_sent_consistent")),
        Duplicate<DeliveryRow>("Second_delivery_of_a_newsletter_to_the_same_address_is_rejected",
            a => DeliveryRow.Valid(a) with { SubscriberId = null, Email = "praktijk@delinde.nl" },
            (second, first) => second with { Email = first.Email }, Unique("newsletter_delivery_unique")),

        Rejected<AuditRow>("Audit_entry_with_a_user_email_over_254_characters_is_rejected", r => r with { UserEmail = new string('u', 255) },
            Check("audit_log_user_email_check")),
        Rejected<AuditRow>("Audit_entry_with_unknown_role_is_rejected", r => r with { Role = "admin" }, Check("audit_log_role_check")),
        Rejected<AuditRow>("Audit_entry_with_an_action_in_capitals_is_rejected", r => r with { Action = "Visitor.Contact.View" },
            Check("audit_log_action_check")),
        Rejected<AuditRow>("Audit_entry_with_an_action_of_free_text_is_rejected", r => r with { Action = "viewed contact details" },
            Check("audit_log_action_check")),
        Rejected<AuditRow>("Audit_entry_with_an_object_type_in_capitals_is_rejected", r => r with { ObjectType = "Visitor" },
            Check("audit_log_object_type_check")),
        Rejected<AuditRow>("Audit_entry_with_an_object_id_over_60_characters_is_rejected", r => r with { ObjectId = new string('9', 61) },
            Check("audit_log_object_id_check")),
        Rejected<AuditRow>("Audit_entry_with_a_subject_over_60_characters_is_rejected", r => r with { Subject = new string('B', 61) },
            Check("audit_log_subject_check")),
        Rejected<AuditRow>("Audit_entry_with_unknown_outcome_is_rejected", r => r with { Outcome = "denied" }, Check("audit_log_outcome_check")),

        Rejected<DataProtectionKeyRow>("Key_without_xml_is_rejected", r => r with { Xml = null }, NotNull("xml")),
        Duplicate<DataProtectionKeyRow>("Second_key_with_the_same_friendly_name_is_rejected",
            a => DataProtectionKeyRow.Valid(a) with { FriendlyName = "key-7d3e0b52-0000-4000-8000-000000000002" },
            (second, first) => second with { FriendlyName = first.FriendlyName }, Unique("data_protection_key_name_unique")),
    ];

    sealed record AppUserRow(string Email, string DisplayName, string? PasswordHash, string Role, int? ProfessionalId, short FailedLoginCount)
        : IRow<AppUserRow>
    {
        public static string Table => "app_user";
        public static string InsertSql => """
            INSERT INTO app_user (email, display_name, password_hash, role, professional_id, failed_login_count)
            VALUES (@Email, @DisplayName, @PasswordHash, @Role, @ProfessionalId, @FailedLoginCount)
            """;
        public static AppUserRow Valid(Arranged a) => new("f.elamrani@delinde.nl", "Fatima el Amrani", null, "professional", a.ProfessionalId, 0);
    }

    sealed record ResetRequestRow(string Email, string? ClientAddress) : IRow<ResetRequestRow>
    {
        public static string Table => "password_reset_request";
        public static string InsertSql => "INSERT INTO password_reset_request (email, client_address) VALUES (@Email, @ClientAddress::inet)";
        public static ResetRequestRow Valid(Arranged a) => new("f.elamrani@delinde.nl", "192.0.2.10");
    }

    sealed record AppUserPleinRow(int UserId, int PleinId) : IRow<AppUserPleinRow>
    {
        public static string Table => "app_user_plein";
        public static string InsertSql => "INSERT INTO app_user_plein (user_id, plein_id) VALUES (@UserId, @PleinId)";
        public static AppUserPleinRow Valid(Arranged a) => new(a.UserId, a.PleinId);
    }

    sealed record NewsletterRow(
        int? PleinId, short Year, short Quarter, string Status, string? Note, byte[]? Pdf, DateTimeOffset? PdfGeneratedAt,
        DateTimeOffset? SentAt, int? SentBy)
        : IRow<NewsletterRow>
    {
        public static string Table => "newsletter";
        public static string InsertSql => """
            INSERT INTO newsletter (plein_id, year, quarter, status, note, pdf, pdf_generated_at, sent_at, sent_by)
            VALUES (@PleinId, @Year, @Quarter, @Status, @Note, @Pdf, @PdfGeneratedAt, @SentAt, @SentBy)
            """;
        public static NewsletterRow Valid(Arranged a) => new(a.PleinId, 2026, 1, "concept", "Dank aan alle partners!", null, null, null, null);
        public static NewsletterRow Sent(Arranged a) =>
            Valid(a) with { Status = "verzonden", Pdf = "%PDF-1.7"u8.ToArray(), PdfGeneratedAt = SendTime, SentAt = SendTime, SentBy = a.UserId };
    }

    sealed record NewsletterRegionPleinRow(int NewsletterId, int PleinId) : IRow<NewsletterRegionPleinRow>
    {
        public static string Table => "newsletter_region_plein";
        public static string InsertSql => """
            INSERT INTO newsletter_region_plein (newsletter_id, plein_id) VALUES (@NewsletterId, @PleinId)
            """;
        public static NewsletterRegionPleinRow Valid(Arranged a) => new(a.RegionalNewsletterId, a.PleinId);
    }

    sealed record SubscriberRow(int PleinId, string Name, string OrganisationName, string Email) : IRow<SubscriberRow>
    {
        public static string Table => "newsletter_subscriber";
        public static string InsertSql => """
            INSERT INTO newsletter_subscriber (plein_id, name, organisation_name, email) VALUES (@PleinId, @Name, @OrganisationName, @Email)
            """;
        public static SubscriberRow Valid(Arranged a) => new(a.PleinId, "Henk Bakker", "Huisartsenpraktijk De Linde", "h.bakker@delinde.nl");
    }

    sealed record DeliveryRow(
        int NewsletterId, int? SubscriberId, string Email, string Status, short Attempts, string? LastError, DateTimeOffset? SentAt)
        : IRow<DeliveryRow>
    {
        public static string Table => "newsletter_delivery";
        public static string InsertSql => """
            INSERT INTO newsletter_delivery (newsletter_id, subscriber_id, email, status, attempts, last_error, sent_at)
            VALUES (@NewsletterId, @SubscriberId, @Email, @Status, @Attempts, @LastError, @SentAt)
            """;
        public static DeliveryRow Valid(Arranged a) =>
            new(a.NewsletterId, a.SubscriberId, "secretariaat@buurtteam-noord.nl", "wachtend", 0, null, null);
        public static DeliveryRow Failed(Arranged a) =>
            Valid(a) with { Status = "mislukt", Attempts = 3, LastError = "550 5.1.1 mailbox unavailable" };
    }

    sealed record AuditRow(
        int? UserId, string? UserEmail, string? Role, string Action, string? ObjectType, string? ObjectId, string? Subject, int? PleinId,
        string? ClientAddress, string Outcome, string? Detail) : IRow<AuditRow>
    {
        public static string Table => "audit_log";
        // inet and jsonb travel as text; the casts keep the parameters plain strings.
        public static string InsertSql => """
            INSERT INTO audit_log (user_id, user_email, role, action, object_type, object_id, subject, plein_id, client_address, outcome, detail)
            VALUES (@UserId, @UserEmail, @Role, @Action, @ObjectType, @ObjectId, @Subject, @PleinId,
                    CAST(@ClientAddress AS inet), @Outcome, CAST(@Detail AS jsonb))
            """;
        public static AuditRow Valid(Arranged a) => new(
            a.UserId, "projectleider@plein-noord.nl", "projectleider", "visitor.contact.view", "visitor", "42", "B-2026-0001", a.PleinId,
            "192.0.2.10", "allowed", """{"reason": "warme overdracht"}""");
    }

    sealed record DataProtectionKeyRow(string FriendlyName, string? Xml) : IRow<DataProtectionKeyRow>
    {
        public static string Table => "data_protection_key";
        public static string InsertSql => "INSERT INTO data_protection_key (friendly_name, xml) VALUES (@FriendlyName, @Xml)";
        public static DataProtectionKeyRow Valid(Arranged a) =>
            new("key-7d3e0b52-0000-4000-8000-000000000001", """<key id="7d3e0b52-0000-4000-8000-000000000001" version="1" />""");
    }
}
