using static SociaalPlein.Tests.Schema.Cases;
using static SociaalPlein.Tests.Schema.Violation;

namespace SociaalPlein.Tests.Schema;

/// <summary>
/// The gids: wijken of professionals, the directory's change history and API keys (db/0009), its version (db/0043), the
/// landing page's kept counts and their changes waiting for a commit (db/0120).
/// </summary>
public sealed class GidsConstraintTests : ConstraintFixture<GidsConstraintTests>, IConstraintCases
{
    static readonly byte[] SomeKeyHash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static IEnumerable<TestCaseData> Acceptances =>
    [
        Accepted<ProfessionalWijkRow>(), Accepted<DirectoryChangeRow>(), Accepted<ApiKeyRow>(), Accepted<DirectoryVersionRow>(),
        Accepted<LandingCountRow>(), Accepted<LandingChangeRow>(),
        Accepted("Landing_change_that_takes_away_is_accepted", a => LandingChangeRow.Valid(a) with { Count = -1 }),
        Accepted("Change_of_a_field_that_was_empty_is_accepted", a => DirectoryChangeRow.Valid(a) with { OldValue = null }),
    ];

    public static IEnumerable<TestCaseData> Rejections =>
    [
        Rejected<ProfessionalWijkRow>("Unknown_professional_in_a_wijk_is_rejected", r => r with { ProfessionalId = Missing },
            ForeignKey("professional_wijk_professional_id_fkey")),
        Rejected<ProfessionalWijkRow>("Professional_in_an_unknown_wijk_is_rejected", r => r with { WijkId = Missing },
            ForeignKey("professional_wijk_wijk_id_fkey")),
        Duplicate<ProfessionalWijkRow>("Professional_linked_twice_to_one_wijk_is_rejected",
            a => ProfessionalWijkRow.Valid(a) with { ProfessionalId = a.OtherProfessionalId },
            (second, first) => second with { ProfessionalId = first.ProfessionalId }, Unique("professional_wijk_pkey")),

        Rejected<DirectoryChangeRow>("Change_of_an_unknown_kind_of_entry_is_rejected", r => r with { EntityType = "visitor" },
            Check("directory_change_entity_type_check")),
        Rejected<DirectoryChangeRow>("Change_of_a_field_named_in_free_text_is_rejected", r => r with { Field = "Naam; DROP" },
            Check("directory_change_field_check")),
        Rejected<DirectoryChangeRow>("Change_with_an_old_value_over_4000_characters_is_rejected", r => r with { OldValue = new string('o', 4001) },
            Check("directory_change_old_value_check")),
        Rejected<DirectoryChangeRow>("Change_with_a_new_value_over_4000_characters_is_rejected", r => r with { NewValue = new string('n', 4001) },
            Check("directory_change_new_value_check")),
        Rejected<DirectoryChangeRow>("Change_by_an_unknown_user_is_rejected", r => r with { ChangedBy = Missing },
            ForeignKey("directory_change_changed_by_fkey")),

        Rejected<ApiKeyRow>("Api_key_of_an_unknown_plein_is_rejected", r => r with { PleinId = Missing }, ForeignKey("plein_api_key_plein_id_fkey")),
        Rejected<ApiKeyRow>("Api_key_with_a_one_letter_name_is_rejected", r => r with { Name = "k" }, Check("plein_api_key_name_check")),
        Rejected<ApiKeyRow>("Api_key_hash_that_is_not_sha256_is_rejected", r => r with { KeyHash = new byte[16] }, Check("plein_api_key_key_hash_check")),
        Rejected<ApiKeyRow>("Api_key_made_by_an_unknown_user_is_rejected", r => r with { CreatedBy = Missing },
            ForeignKey("plein_api_key_created_by_fkey")),
        Duplicate<ApiKeyRow>("Second_api_key_with_the_same_hash_is_rejected",
            a => ApiKeyRow.Valid(a) with { KeyHash = new byte[32] }, (second, first) => second with { KeyHash = first.KeyHash },
            Unique("plein_api_key_hash_unique")),

        Rejected<DirectoryVersionRow>("Directory_version_zero_is_rejected", r => r with { Version = 0 }, Check("directory_version_version_check")),
        Rejected<DirectoryVersionRow>("Directory_lists_version_zero_is_rejected", r => r with { ListsVersion = 0 },
            Check("directory_version_lists_version_check")),

        Rejected<LandingCountRow>("Landing_count_below_zero_is_rejected", r => r with { Count = -1 }, Check("gids_landing_count_count_check")),
        Duplicate<LandingCountRow>("Second_landing_count_of_one_facet_key_is_rejected",
            a => LandingCountRow.Valid(a) with { Key = UnusedFacetKey + 1 }, (second, first) => second with { Key = first.Key },
            Unique("gids_landing_count_pkey")),
        Rejected<LandingChangeRow>("Landing_change_without_a_facet_key_is_rejected", r => r with { Key = null }, NotNull("key")),
    ];

    // Far above any facet key the fixture's directory has, whose counts the triggers keep in the same table.
    const int UnusedFacetKey = 2_000_000_000;

    sealed record ProfessionalWijkRow(int ProfessionalId, int WijkId) : IRow<ProfessionalWijkRow>
    {
        public static string Table => "professional_wijk";
        public static string InsertSql => "INSERT INTO professional_wijk (professional_id, wijk_id) VALUES (@ProfessionalId, @WijkId)";
        public static ProfessionalWijkRow Valid(Arranged a) => new(a.ProfessionalId, a.WijkId);
    }

    sealed record DirectoryChangeRow(string EntityType, int EntityId, string Field, string? OldValue, string? NewValue, int? ChangedBy)
        : IRow<DirectoryChangeRow>
    {
        public static string Table => "directory_change";
        public static string InsertSql => """
            INSERT INTO directory_change (entity_type, entity_id, field, old_value, new_value, changed_by)
            VALUES (@EntityType, @EntityId, @Field, @OldValue, @NewValue, @ChangedBy)
            """;
        public static DirectoryChangeRow Valid(Arranged a) =>
            new("professional", a.ProfessionalId, "phone", "010 123 4567", "010 765 4321", a.UserId);
    }

    sealed record ApiKeyRow(int PleinId, string Name, byte[] KeyHash, int? CreatedBy) : IRow<ApiKeyRow>
    {
        public static string Table => "plein_api_key";
        public static string InsertSql => """
            INSERT INTO plein_api_key (plein_id, name, key_hash, created_by) VALUES (@PleinId, @Name, @KeyHash, @CreatedBy)
            """;
        public static ApiKeyRow Valid(Arranged a) => new(a.PleinId, "Sociale kaart Schiedam", SomeKeyHash, a.UserId);
    }

    sealed record DirectoryVersionRow(long Version, long ListsVersion) : IRow<DirectoryVersionRow>
    {
        public static string Table => "directory_version";
        public static string InsertSql => "INSERT INTO directory_version (version, lists_version) VALUES (@Version, @ListsVersion)";
        public static DirectoryVersionRow Valid(Arranged a) => new(7, 3);
    }
    sealed record LandingCountRow(int Key, int Count) : IRow<LandingCountRow>
    {
        public static string Table => "gids_landing_count";
        public static string InsertSql => "INSERT INTO gids_landing_count (key, count) VALUES (@Key, @Count)";
        public static LandingCountRow Valid(Arranged a) => new(UnusedFacetKey, 3);
    }

    sealed record LandingChangeRow(int? Key, int Count) : IRow<LandingChangeRow>
    {
        public static string Table => "gids_landing_change";
        public static string InsertSql => "INSERT INTO gids_landing_change (key, count) VALUES (@Key, @Count)";
        public static LandingChangeRow Valid(Arranged a) => new(UnusedFacetKey, 1);
    }
}
