using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace SociaalPlein.Data.Gids;

// The Open Referral HSDS 3.0 objects the gids API returns, with only the fields we fill. Property names become
// HSDS's own snake_case names through Hsds.Json (address_1 needs its own attribute: the policy keeps "1" joined).
// Fields we have no value for are left out of the JSON (null), never sent as "".

/// <summary>The HSDS 3.0 API's paginated list (components/schemas/Page of its openapi.json) with its contents.</summary>
public sealed record HsdsPage<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty,
    IReadOnlyList<T> Contents);

public sealed record HsdsOrganization(
    string Id, string Name, string Description, string? Email, string? Website,
    IReadOnlyList<HsdsPhone> Phones, IReadOnlyList<HsdsLocation> Locations, IReadOnlyList<HsdsAttribute> Attributes);

public sealed record HsdsService(
    string Id, string OrganizationId, string Name, string? Description, string? Email, string Status, string AssuredDate,
    IReadOnlyList<HsdsPhone> Phones, IReadOnlyList<HsdsLanguage> Languages, IReadOnlyList<HsdsAttribute> Attributes,
    IReadOnlyList<HsdsSchedule> Schedules, IReadOnlyList<HsdsServiceAtLocation> ServiceAtLocations);

public sealed record HsdsServiceAtLocation(string Id, string ServiceId, string LocationId, HsdsLocation Location);

public sealed record HsdsLocation(
    string Id, string LocationType, string Name, IReadOnlyList<HsdsAddress> Addresses, IReadOnlyList<HsdsSchedule>? Schedules);

public sealed record HsdsAddress(
    string Id,
    [property: JsonPropertyName("address_1")] string Address1,
    string City, string? PostalCode, string Country, string AddressType);

public sealed record HsdsPhone(string Id, string Number);

public sealed record HsdsLanguage(string Id, string Name, string Code);

public sealed record HsdsSchedule(
    string Id, string? ServiceId, string? LocationId, string ValidFrom, string? ValidTo, string Freq, int Interval,
    string Byday, string OpensAt, string ClosesAt, string Description, string AttendingType);

public sealed record HsdsAttribute(string Id, string LinkId, string LinkEntity, string TaxonomyTermId, HsdsTaxonomyTerm TaxonomyTerm);

public sealed record HsdsTaxonomyTerm(string Id, string Code, string Name, string Description, string Taxonomy, string Language);

public static class Hsds
{
    /// <summary>The <c>taxonomy</c> our leefgebied terms belong to; its term <c>code</c> is the leefgebied's code.</summary>
    public const string LeefgebiedTaxonomy = "sociaalplein-leefgebied";

    /// <summary>snake_case names, no nulls, and ë written as itself (&lt; &gt; &amp; are still escaped).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    // RFC 5545 BYDAY codes by ISO weekday (1 = maandag).
    static readonly string[] RfcDays = ["", "MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    public static string ByDay(int isoWeekday) => RfcDays[isoWeekday];
}

/// <summary>
/// HSDS wants string ids, UUIDs recommended. Ours are integers, so each object gets a name-based UUID (version 5,
/// RFC 4122 §4.3) of "urn:sociaalplein:{kind}:{key}" in the RFC's URL namespace: the same row always has the same
/// id, another sociale kaart can re-import without duplicates, and anyone can recompute an id from our own.
/// </summary>
public static class HsdsIds
{
    public static readonly Guid UrlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static string For(string kind, params object[] key) =>
        NameBased(UrlNamespace, $"urn:sociaalplein:{kind}:{string.Join(':', key.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)))}")
            .ToString();

    public static Guid NameBased(Guid ns, string name)
    {
        var input = ns.ToByteArray(bigEndian: true).Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        var bytes = SHA1.HashData(input)[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
