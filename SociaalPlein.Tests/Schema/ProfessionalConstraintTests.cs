using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The professionals with their pleinen, leefgebieden and languages, and the spreekuren (db/0002).</summary>
public sealed class ProfessionalConstraintTests : ConstraintFixture<ProfessionalConstraintTests>, IConstraintCases
{
    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<ProfessionalRow>(), Accepted<ProfessionalPleinRow>(), Accepted<ProfessionalLeefgebiedRow>(),
        Accepted<ProfessionalLanguageRow>(), Accepted<SpreekuurRow>(), Accepted<SpreekuurLeefgebiedRow>(),
        Accepted("Professional_speaking_a_language_with_a_three_letter_code_is_accepted",
            a => ProfessionalLanguageRow.Valid(a) with { LanguageCode = "tzm" }),
        Accepted("Inloop_without_a_professional_and_without_an_end_date_is_accepted",
            a => SpreekuurRow.Valid(a) with { Kind = "inloop", ProfessionalId = null, ValidUntil = null }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<ProfessionalRow>("Professional_of_an_unknown_organisation_is_rejected", r => r with { OrganisationId = Missing },
            ForeignKey("professional_organisation_id_fkey")),
        Rejected<ProfessionalRow>("Professional_with_a_one_letter_name_is_rejected", r => r with { Name = " F " }, Check("professional_name_check")),
        Rejected<ProfessionalRow>("Professional_with_a_blank_function_is_rejected", r => r with { Function = "  " },
            Check("professional_function_check")),
        Rejected<ProfessionalRow>("Professional_email_without_a_domain_is_rejected", r => r with { Email = "f.elamrani@delinde" },
            Check("professional_email_check")),
        Rejected<ProfessionalRow>("Professional_phone_with_letters_is_rejected", r => r with { Phone = "bel de balie" },
            Check("professional_phone_check")),
        Rejected<ProfessionalRow>("Professional_about_text_over_2000_characters_is_rejected", r => r with { About = new string('a', 2001) },
            Check("professional_about_check")),
        Rejected<ProfessionalRow>("Professional_with_unknown_capacity_is_rejected", r => r with { Capacity = "druk" },
            Check("professional_capacity_check")),
        Rejected<ProfessionalRow>("Professional_waiting_list_of_zero_weeks_is_rejected", ProfessionalRow.OnWaitingList,
            r => r with { CapacityWeeks = 0 }, Check("professional_capacity_weeks_check")),
        Rejected<ProfessionalRow>("Professional_waiting_list_without_weeks_is_rejected", ProfessionalRow.OnWaitingList,
            r => r with { CapacityWeeks = null }, Check("professional_capacity_weeks")),
        Rejected<ProfessionalRow>("Professional_who_is_full_with_waiting_weeks_is_rejected", ProfessionalRow.OnWaitingList,
            r => r with { Capacity = "vol" }, Check("professional_capacity_weeks")),

        Rejected<ProfessionalPleinRow>("Unknown_professional_at_a_plein_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("professional_plein_professional_id_fkey")),
        Rejected<ProfessionalPleinRow>("Professional_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing },
            ForeignKey("professional_plein_plein_id_fkey")),
        Duplicate<ProfessionalPleinRow>("Professional_linked_twice_to_one_plein_is_rejected",
            a => ProfessionalPleinRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("professional_plein_pkey")),

        Rejected<ProfessionalLeefgebiedRow>("Unknown_professional_for_a_leefgebied_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("professional_leefgebied_professional_id_fkey")),
        Rejected<ProfessionalLeefgebiedRow>("Professional_with_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("professional_leefgebied_leefgebied_id_fkey")),
        Duplicate<ProfessionalLeefgebiedRow>("Professional_linked_twice_to_one_leefgebied_is_rejected",
            a => ProfessionalLeefgebiedRow.Valid(a) with { LeefgebiedId = a.OtherLeefgebiedId },
            (second, first) => second with { LeefgebiedId = first.LeefgebiedId }, Unique("professional_leefgebied_pkey")),

        Rejected<ProfessionalLanguageRow>("Unknown_professional_speaking_a_language_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("professional_language_professional_id_fkey")),
        Rejected<ProfessionalLanguageRow>("Professional_speaking_an_unknown_language_is_rejected", r => r with { LanguageCode = "xx" },
            ForeignKey("professional_language_language_code_fkey")),
        Duplicate<ProfessionalLanguageRow>("Professional_linked_twice_to_one_language_is_rejected",
            a => ProfessionalLanguageRow.Valid(a) with { LanguageCode = "tr" },
            (second, first) => second with { LanguageCode = first.LanguageCode }, Unique("professional_language_pkey")),

        Rejected<SpreekuurRow>("Spreekuur_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("spreekuur_plein_id_fkey")),
        Rejected<SpreekuurRow>("Spreekuur_of_an_unknown_organisation_is_rejected", r => r with { OrganisationId = Missing },
            ForeignKey("spreekuur_organisation_id_fkey")),
        Rejected<SpreekuurRow>("Spreekuur_of_an_unknown_professional_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("spreekuur_professional_id_fkey")),
        Rejected<SpreekuurRow>("Spreekuur_of_unknown_kind_is_rejected", r => r with { Kind = "afspraak" }, Check("spreekuur_kind_check")),
        Rejected<SpreekuurRow>("Spreekuur_with_a_one_letter_title_is_rejected", r => r with { Title = "S" }, Check("spreekuur_title_check")),
        Rejected<SpreekuurRow>("Spreekuur_on_weekday_zero_is_rejected", r => r with { Weekday = 0 }, Check("spreekuur_weekday_check")),
        Rejected<SpreekuurRow>("Spreekuur_on_weekday_eight_is_rejected", r => r with { Weekday = 8 }, Check("spreekuur_weekday_check")),
        Rejected<SpreekuurRow>("Spreekuur_location_over_120_characters_is_rejected", r => r with { Location = new string('l', 121) },
            Check("spreekuur_location_check")),
        Rejected<SpreekuurRow>("Spreekuur_ending_when_it_starts_is_rejected", r => r with { EndsAt = r.StartsAt }, Check("spreekuur_times")),
        Rejected<SpreekuurRow>("Spreekuur_ending_before_it_starts_is_rejected", r => r with { EndsAt = new TimeOnly(8, 30) }, Check("spreekuur_times")),
        Rejected<SpreekuurRow>("Spreekuur_valid_until_before_valid_from_is_rejected", r => r with { ValidUntil = new DateOnly(2025, 12, 31) },
            Check("spreekuur_validity")),

        Rejected<SpreekuurLeefgebiedRow>("Unknown_spreekuur_for_a_leefgebied_is_rejected", r => r with { SpreekuurId = Missing },
            ForeignKey("spreekuur_leefgebied_spreekuur_id_fkey")),
        Rejected<SpreekuurLeefgebiedRow>("Spreekuur_with_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("spreekuur_leefgebied_leefgebied_id_fkey")),
        Duplicate<SpreekuurLeefgebiedRow>("Spreekuur_linked_twice_to_one_leefgebied_is_rejected",
            a => SpreekuurLeefgebiedRow.Valid(a) with { LeefgebiedId = a.OtherLeefgebiedId },
            (second, first) => second with { LeefgebiedId = first.LeefgebiedId }, Unique("spreekuur_leefgebied_pkey")),
    ];

    sealed record ProfessionalRow(
        int OrganisationId, string Name, string Function, string Email, string Phone, string About, string Capacity,
        short? CapacityWeeks) : IRow<ProfessionalRow>
    {
        public static string Table => "professional";
        public static string InsertSql => """
            INSERT INTO professional (organisation_id, name, function, email, phone, about, capacity, capacity_weeks)
            VALUES (@OrganisationId, @Name, @Function, @Email, @Phone, @About, @Capacity, @CapacityWeeks)
            """;
        public static ProfessionalRow Valid(Arranged a) => new(
            a.OrganisationId, "Fatima el Amrani", "Praktijkondersteuner GGZ", "f.elamrani@delinde.nl", "+31 6 12345678",
            "Somberheid, stress, rouw: kom gerust langs op het inloopspreekuur.", "ruimte", null);
        public static ProfessionalRow OnWaitingList(Arranged a) => Valid(a) with { Capacity = "wachtlijst", CapacityWeeks = 3 };
    }

    sealed record ProfessionalPleinRow(int ProfessionalId, int PleinId) : IRow<ProfessionalPleinRow>
    {
        public static string Table => "professional_plein";
        public static string InsertSql => "INSERT INTO professional_plein (professional_id, plein_id) VALUES (@ProfessionalId, @PleinId)";
        public static ProfessionalPleinRow Valid(Arranged a) => new(a.ProfessionalId, a.PleinId);
    }

    sealed record ProfessionalLeefgebiedRow(int ProfessionalId, int LeefgebiedId) : IRow<ProfessionalLeefgebiedRow>
    {
        public static string Table => "professional_leefgebied";
        public static string InsertSql => """
            INSERT INTO professional_leefgebied (professional_id, leefgebied_id) VALUES (@ProfessionalId, @LeefgebiedId)
            """;
        public static ProfessionalLeefgebiedRow Valid(Arranged a) => new(a.ProfessionalId, a.LeefgebiedId);
    }

    sealed record ProfessionalLanguageRow(int ProfessionalId, string LanguageCode) : IRow<ProfessionalLanguageRow>
    {
        public static string Table => "professional_language";
        public static string InsertSql => """
            INSERT INTO professional_language (professional_id, language_code) VALUES (@ProfessionalId, @LanguageCode)
            """;
        public static ProfessionalLanguageRow Valid(Arranged a) => new(a.ProfessionalId, "ar");
    }

    sealed record SpreekuurRow(
        int PleinId, int OrganisationId, int? ProfessionalId, string Kind, string Title, short Weekday, TimeOnly StartsAt,
        TimeOnly EndsAt, string Location, DateOnly ValidFrom, DateOnly? ValidUntil) : IRow<SpreekuurRow>
    {
        public static string Table => "spreekuur";
        public static string InsertSql => """
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at,
                                   location, valid_from, valid_until)
            VALUES (@PleinId, @OrganisationId, @ProfessionalId, @Kind, @Title, @Weekday, @StartsAt, @EndsAt,
                    @Location, @ValidFrom, @ValidUntil)
            """;
        public static SpreekuurRow Valid(Arranged a) => new(
            a.PleinId, a.OrganisationId, a.ProfessionalId, "spreekuur", "Spreekuur praktijkondersteuner", 2,
            new TimeOnly(9, 0), new TimeOnly(11, 0), "Spreekkamer 2", new DateOnly(2026, 1, 5), new DateOnly(2026, 12, 31));
    }

    sealed record SpreekuurLeefgebiedRow(int SpreekuurId, int LeefgebiedId) : IRow<SpreekuurLeefgebiedRow>
    {
        public static string Table => "spreekuur_leefgebied";
        public static string InsertSql => """
            INSERT INTO spreekuur_leefgebied (spreekuur_id, leefgebied_id) VALUES (@SpreekuurId, @LeefgebiedId)
            """;
        public static SpreekuurLeefgebiedRow Valid(Arranged a) => new(a.SpreekuurId, a.LeefgebiedId);
    }
}
