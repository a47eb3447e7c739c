using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>The pleinen, their wijken, the leefgebieden, the languages and the organisations (db/0002).</summary>
public sealed class DirectoryConstraintTests : ConstraintFixture<DirectoryConstraintTests>, IConstraintCases
{
    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<PleinRow>(), Accepted<WijkRow>(), Accepted<LeefgebiedRow>(), Accepted<LanguageRow>(),
        Accepted<OrganisationRow>(), Accepted<OrganisationPleinRow>(), Accepted<OrganisationLeefgebiedRow>(),
        Accepted("Organisation_on_a_waiting_list_of_some_weeks_is_accepted", OrganisationRow.OnWaitingList),
        Accepted("Organisation_without_any_contact_details_is_accepted",
            a => OrganisationRow.Valid(a) with { Phone = "", Email = "", Website = "", Street = "", Postcode = "", City = "", Province = "" }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<PleinRow>("Plein_with_a_one_letter_name_is_rejected", r => r with { Name = " Z " }, Check("plein_name_check")),
        Rejected<PleinRow>("Plein_with_a_name_over_120_characters_is_rejected", r => r with { Name = new string('p', 121) }, Check("plein_name_check")),
        Rejected<PleinRow>("Plein_with_a_blank_municipality_is_rejected", r => r with { Municipality = "   " }, Check("plein_municipality_check")),
        Rejected<PleinRow>("Plein_with_an_address_over_200_characters_is_rejected", r => r with { Address = new string('a', 201) }, Check("plein_address_check")),
        Rejected<PleinRow>("Plein_flagging_every_second_visit_as_frequent_is_rejected", r => r with { FrequentVisitorThreshold = 1 },
            Check("plein_frequent_visitor_threshold_check")),
        Rejected<PleinRow>("Plein_with_a_frequent_visitor_window_under_a_week_is_rejected", r => r with { FrequentVisitorWindowDays = 6 },
            Check("plein_frequent_visitor_window_days_check")),
        Rejected<PleinRow>("Plein_keeping_contact_details_over_five_years_is_rejected", r => r with { ContactRetentionMonths = 61 },
            Check("plein_contact_retention_months_check")),
        Rejected<PleinRow>("Plein_keeping_contact_details_no_month_at_all_is_rejected", r => r with { ContactRetentionMonths = 0 },
            Check("plein_contact_retention_months_check")),
        Rejected<PleinRow>("Plein_in_a_province_that_does_not_exist_is_rejected", r => r with { Province = "Holland" }, Check("plein_province_check")),
        Duplicate<PleinRow>("Second_plein_with_the_same_name_is_rejected",
            a => PleinRow.Valid(a) with { Name = "Sociaal Plein West" }, (second, first) => second with { Name = first.Name }, Unique("plein_name_unique")),

        Rejected<WijkRow>("Wijk_of_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("wijk_plein_id_fkey")),
        Rejected<WijkRow>("Wijk_with_a_one_letter_name_is_rejected", r => r with { Name = "L" }, Check("wijk_name_check")),
        Duplicate<WijkRow>("Second_wijk_with_the_same_name_in_one_plein_is_rejected",
            a => WijkRow.Valid(a) with { Name = "Tolsteeg" }, (second, first) => second with { Name = first.Name }, Unique("wijk_name_unique")),

        Rejected<LeefgebiedRow>("Leefgebied_code_with_capitals_is_rejected", r => r with { Code = "Mantelzorg" }, Check("leefgebied_code_check")),
        Rejected<LeefgebiedRow>("Leefgebied_code_starting_with_a_digit_is_rejected", r => r with { Code = "1mantelzorg" }, Check("leefgebied_code_check")),
        Rejected<LeefgebiedRow>("Leefgebied_code_with_a_hyphen_is_rejected", r => r with { Code = "mantel-zorg" }, Check("leefgebied_code_check")),
        Rejected<LeefgebiedRow>("Leefgebied_code_over_40_characters_is_rejected", r => r with { Code = new string('m', 41) }, Check("leefgebied_code_check")),
        Rejected<LeefgebiedRow>("Leefgebied_with_a_one_letter_name_is_rejected", r => r with { Name = "M" }, Check("leefgebied_name_check")),
        Rejected<LeefgebiedRow>("Leefgebied_description_over_500_characters_is_rejected", r => r with { Description = new string('d', 501) },
            Check("leefgebied_description_check")),
        Rejected<LeefgebiedRow>("Leefgebied_with_more_than_50_synonyms_is_rejected",
            r => r with { Synonyms = Enumerable.Range(1, 51).Select(i => $"woord{i}").ToArray() }, Check("leefgebied_synonyms_check")),
        Rejected<LeefgebiedRow>("Leefgebied_with_the_code_of_a_seeded_one_is_rejected", r => r with { Code = "financien" },
            Unique("leefgebied_code_unique")),
        Rejected<LeefgebiedRow>("Leefgebied_with_the_name_of_a_seeded_one_is_rejected", r => r with { Name = "Financiën" },
            Unique("leefgebied_name_unique")),

        Rejected<LanguageRow>("Language_code_in_capitals_is_rejected", r => r with { Code = "KU" }, Check("language_code_check")),
        Rejected<LanguageRow>("Language_code_of_four_letters_is_rejected", r => r with { Code = "kurd" }, Check("language_code_check")),
        Rejected<LanguageRow>("Language_with_a_one_letter_name_is_rejected", r => r with { Name = "K" }, Check("language_name_check")),
        Rejected<LanguageRow>("Language_with_the_code_of_a_seeded_one_is_rejected", r => r with { Code = "nl" }, Unique("language_pkey")),
        Rejected<LanguageRow>("Language_with_the_name_of_a_seeded_one_is_rejected", r => r with { Name = "Nederlands" },
            Unique("language_name_unique")),

        Rejected<OrganisationRow>("Organisation_with_a_one_letter_name_is_rejected", r => r with { Name = "B" }, Check("organisation_name_check")),
        Rejected<OrganisationRow>("Organisation_with_unknown_domein_is_rejected", r => r with { Domein = "juridisch" }, Check("organisation_domein_check")),
        Rejected<OrganisationRow>("Organisation_with_domein_in_capitals_is_rejected", r => r with { Domein = "Sociaal" }, Check("organisation_domein_check")),
        Rejected<OrganisationRow>("Organisation_kind_over_80_characters_is_rejected", r => r with { Kind = new string('k', 81) }, Check("organisation_kind_check")),
        Rejected<OrganisationRow>("Organisation_description_over_2000_characters_is_rejected", r => r with { Description = new string('d', 2001) },
            Check("organisation_description_check")),
        Rejected<OrganisationRow>("Organisation_phone_with_letters_is_rejected", r => r with { Phone = "030-BELBUURT" }, Check("organisation_phone_check")),
        Rejected<OrganisationRow>("Organisation_phone_over_20_characters_is_rejected", r => r with { Phone = new string('0', 21) },
            Check("organisation_phone_check")),
        Rejected<OrganisationRow>("Organisation_email_without_at_sign_is_rejected", r => r with { Email = "info.buurtteam-zuid.nl" },
            Check("organisation_email_check")),
        Rejected<OrganisationRow>("Organisation_website_without_http_is_rejected", r => r with { Website = "www.buurtteam-zuid.nl" },
            Check("organisation_website_check")),
        Rejected<OrganisationRow>("Organisation_street_over_120_characters_is_rejected", r => r with { Street = new string('s', 121) },
            Check("organisation_street_check")),
        Rejected<OrganisationRow>("Organisation_postcode_with_lower_case_letters_is_rejected", r => r with { Postcode = "3524 ab" },
            Check("organisation_postcode_check")),
        Rejected<OrganisationRow>("Organisation_postcode_starting_with_zero_is_rejected", r => r with { Postcode = "0524 AB" },
            Check("organisation_postcode_check")),
        Rejected<OrganisationRow>("Organisation_city_over_80_characters_is_rejected", r => r with { City = new string('c', 81) },
            Check("organisation_city_check")),
        Rejected<OrganisationRow>("Organisation_with_unknown_capacity_is_rejected", r => r with { Capacity = "onbekend" },
            Check("organisation_capacity_check")),
        Rejected<OrganisationRow>("Organisation_waiting_list_over_two_years_is_rejected", OrganisationRow.OnWaitingList,
            r => r with { CapacityWeeks = 105 }, Check("organisation_capacity_weeks_check")),
        Rejected<OrganisationRow>("Organisation_waiting_list_without_weeks_is_rejected", OrganisationRow.OnWaitingList,
            r => r with { CapacityWeeks = null }, Check("organisation_capacity_weeks")),
        Rejected<OrganisationRow>("Organisation_with_room_and_waiting_weeks_is_rejected", r => r with { CapacityWeeks = 4 },
            Check("organisation_capacity_weeks")),
        Rejected<OrganisationRow>("Organisation_in_a_province_written_in_lower_case_is_rejected", r => r with { Province = "utrecht" },
            Check("organisation_province_check")),

        Rejected<OrganisationPleinRow>("Unknown_organisation_at_a_plein_is_rejected", r => r with { OrganisationId = Missing },
            ForeignKey("organisation_plein_organisation_id_fkey")),
        Rejected<OrganisationPleinRow>("Organisation_at_an_unknown_plein_is_rejected", r => r with { PleinId = Missing },
            ForeignKey("organisation_plein_plein_id_fkey")),
        Duplicate<OrganisationPleinRow>("Organisation_linked_twice_to_one_plein_is_rejected",
            a => OrganisationPleinRow.Valid(a) with { PleinId = a.OtherPleinId }, (second, first) => second with { PleinId = first.PleinId },
            Unique("organisation_plein_pkey")),

        Rejected<OrganisationLeefgebiedRow>("Unknown_organisation_for_a_leefgebied_is_rejected", r => r with { OrganisationId = Missing },
            ForeignKey("organisation_leefgebied_organisation_id_fkey")),
        Rejected<OrganisationLeefgebiedRow>("Organisation_with_an_unknown_leefgebied_is_rejected", r => r with { LeefgebiedId = Missing },
            ForeignKey("organisation_leefgebied_leefgebied_id_fkey")),
        Duplicate<OrganisationLeefgebiedRow>("Organisation_linked_twice_to_one_leefgebied_is_rejected",
            a => OrganisationLeefgebiedRow.Valid(a) with { LeefgebiedId = a.OtherLeefgebiedId },
            (second, first) => second with { LeefgebiedId = first.LeefgebiedId }, Unique("organisation_leefgebied_pkey")),
    ];

    sealed record PleinRow(
        string Name, string Municipality, string Address, DateOnly OpenedOn,
        short FrequentVisitorThreshold, short FrequentVisitorWindowDays, short ContactRetentionMonths, string Province = "Utrecht") : IRow<PleinRow>
    {
        public static string Table => "plein";
        public static string InsertSql => """
            INSERT INTO plein (name, municipality, address, opened_on,
                               frequent_visitor_threshold, frequent_visitor_window_days, contact_retention_months, province)
            VALUES (@Name, @Municipality, @Address, @OpenedOn,
                    @FrequentVisitorThreshold, @FrequentVisitorWindowDays, @ContactRetentionMonths, @Province)
            """;
        public static PleinRow Valid(Arranged a) => new("Sociaal Plein Zuid", "Utrecht", "Marktplein 1", new DateOnly(2025, 9, 1), 3, 90, 12);
    }

    sealed record WijkRow(int PleinId, string Name) : IRow<WijkRow>
    {
        public static string Table => "wijk";
        public static string InsertSql => "INSERT INTO wijk (plein_id, name) VALUES (@PleinId, @Name)";
        public static WijkRow Valid(Arranged a) => new(a.PleinId, "Lunetten");
    }

    sealed record LeefgebiedRow(string Code, string Name, string Description, string[] Synonyms) : IRow<LeefgebiedRow>
    {
        public static string Table => "leefgebied";
        public static string InsertSql => """
            INSERT INTO leefgebied (code, name, description, synonyms) VALUES (@Code, @Name, @Description, @Synonyms)
            """;
        public static LeefgebiedRow Valid(Arranged a) =>
            new("mantelzorg", "Mantelzorg", "Zorg voor een naaste die dat zelf niet meer kan.", ["mantelzorger", "respijtzorg"]);
    }

    sealed record LanguageRow(string Code, string Name) : IRow<LanguageRow>
    {
        public static string Table => "language";
        public static string InsertSql => "INSERT INTO language (code, name) VALUES (@Code, @Name)";
        public static LanguageRow Valid(Arranged a) => new("ku", "Koerdisch");
    }

    sealed record OrganisationRow(
        string Name, string Domein, string Kind, string Description, string Phone, string Email, string Website,
        string Street, string Postcode, string City, string Capacity, short? CapacityWeeks, string Province = "Utrecht") : IRow<OrganisationRow>
    {
        public static string Table => "organisation";
        public static string InsertSql => """
            INSERT INTO organisation (name, domein, kind, description, phone, email, website, street, postcode, city, capacity, capacity_weeks, province)
            VALUES (@Name, @Domein, @Kind, @Description, @Phone, @Email, @Website, @Street, @Postcode, @City, @Capacity, @CapacityWeeks, @Province)
            """;
        public static OrganisationRow Valid(Arranged a) => new(
            "Buurtteam Zuid", "sociaal", "wijkteam", "Eén loket voor vragen over geld, wonen en gezin.", "030 (123) 45-67",
            "info@buurtteam-zuid.nl", "https://buurtteam-zuid.nl", "Marktplein 1", "3524 AB", "Utrecht", "ruimte", null);
        public static OrganisationRow OnWaitingList(Arranged a) => Valid(a) with { Capacity = "wachtlijst", CapacityWeeks = 6 };
    }

    sealed record OrganisationPleinRow(int OrganisationId, int PleinId) : IRow<OrganisationPleinRow>
    {
        public static string Table => "organisation_plein";
        public static string InsertSql => "INSERT INTO organisation_plein (organisation_id, plein_id) VALUES (@OrganisationId, @PleinId)";
        public static OrganisationPleinRow Valid(Arranged a) => new(a.OrganisationId, a.PleinId);
    }

    sealed record OrganisationLeefgebiedRow(int OrganisationId, int LeefgebiedId) : IRow<OrganisationLeefgebiedRow>
    {
        public static string Table => "organisation_leefgebied";
        public static string InsertSql => """
            INSERT INTO organisation_leefgebied (organisation_id, leefgebied_id) VALUES (@OrganisationId, @LeefgebiedId)
            """;
        public static OrganisationLeefgebiedRow Valid(Arranged a) => new(a.OrganisationId, a.LeefgebiedId);
    }
}
