using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace SociaalPlein.Data.Hsds;

// The Open Referral HSDS 3.0 objects the API returns, with only the fields we fill. Property names become HSDS's own
// snake_case names through Hsds.Json (address_1 needs its own attribute: the policy keeps "1" joined). Fields we have
// no value for, and arrays a short form leaves out, are null and so absent from the JSON, never sent as "".

/// <summary>The HSDS 3.0 API's paginated list (components/schemas/Page of its openapi.json) with its contents.</summary>
public sealed record HsdsPage<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty,
    IReadOnlyList<T> Contents)
{
    public static HsdsPage<T> Of(int total, int page, int perPage, IReadOnlyList<T> contents)
    {
        var totalPages = (total + perPage - 1) / perPage;
        return new HsdsPage<T>(total, totalPages, page, contents.Count, FirstPage: page == 1, LastPage: page >= totalPages,
            Empty: contents.Count == 0, contents);
    }
}

/// <summary>GET / of the API: which HSDS it speaks and where its OpenAPI document is.</summary>
public sealed record HsdsMeta(string Version, string Profile, string OpenapiUrl);

public sealed record HsdsOrganization(
    string Id, string Name, string Description, string? Email, string? Website,
    IReadOnlyList<HsdsPhone>? Phones = null, IReadOnlyList<HsdsLocation>? Locations = null,
    IReadOnlyList<HsdsAttribute>? Attributes = null, IReadOnlyList<HsdsService>? Services = null);

public sealed record HsdsService(
    string Id, string OrganizationId, string Name, string? Description, string? Email, string Status, string? WaitTime,
    string AssuredDate, string LastModified,
    HsdsOrganization? Organization = null,
    IReadOnlyList<HsdsPhone>? Phones = null, IReadOnlyList<HsdsContact>? Contacts = null,
    IReadOnlyList<HsdsLanguage>? Languages = null, IReadOnlyList<HsdsAttribute>? Attributes = null,
    IReadOnlyList<HsdsServiceAtLocation>? ServiceAtLocations = null);

/// <summary>The few fields of a service that <c>minimal</c> asks for (HSDS's own required ones and when it changed).</summary>
public sealed record HsdsMinimalService(string Id, string Name, string Status, string LastModified);

public sealed record HsdsServiceAtLocation(
    string Id, string ServiceId, string LocationId, HsdsLocation Location,
    IReadOnlyList<HsdsSchedule>? Schedules = null, HsdsService? Service = null);

public sealed record HsdsLocation(
    string Id, string LocationType, string Name, IReadOnlyList<HsdsAddress>? Addresses = null,
    IReadOnlyList<HsdsSchedule>? Schedules = null);

public sealed record HsdsAddress(
    string Id, string LocationId,
    [property: JsonPropertyName("address_1")] string Address1,
    string City, string StateProvince, string PostalCode, string Country, string AddressType);

public sealed record HsdsPhone(string Id, string Number);

public sealed record HsdsContact(string Id, string ServiceId, string Name, string Title, string? Email, IReadOnlyList<HsdsPhone> Phones);

public sealed record HsdsLanguage(string Id, string ServiceId, string Name, string Code);

public sealed record HsdsSchedule(
    string Id, string? ServiceId, string LocationId, string? ServiceAtLocationId, string ValidFrom, string? ValidTo,
    string Freq, int Interval, string Byday, string OpensAt, string ClosesAt, string Description, string AttendingType);

public sealed record HsdsAttribute(string Id, string LinkId, string LinkEntity, string TaxonomyTermId, HsdsTaxonomyTerm TaxonomyTerm);

public sealed record HsdsTaxonomy(string Id, string Name, string Description, string Version);

public sealed record HsdsTaxonomyTerm(string Id, string Code, string Name, string Description, string Taxonomy, string TaxonomyId, string Language);

public static class Hsds
{
    public const string Version = "3.0";

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
/// HSDS wants UUIDs. Ours are integers, so each object gets a name-based UUID (version 5, RFC 4122 §4.3) of
/// "urn:sociaalplein:{kind}:{key}" in the RFC's URL namespace: the same row always has the same id, another sociale
/// kaart can re-import without duplicates, and anyone can recompute an id from our own. The database's hsds_id()
/// (db/0042) computes the same, so a row can be found by its UUID through an index.
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
