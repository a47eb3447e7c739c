using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Infrastructure;
using static SociaalPlein.Data.Hsds.HsdsDirectory;

namespace SociaalPlein.Data.Hsds;

// Classes rather than positional records: Dapper matches a constructor only for scalar columns, not for arrays.
internal sealed class ProfessionalRow
{
    public int Id { get; init; }
    public int OrganisationId { get; init; }
    public string Name { get; init; } = "";
    public string Function { get; init; } = "";
    public string About { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Capacity { get; init; } = "";
    public int? CapacityWeeks { get; init; }
    public DateTime VerifiedAt { get; init; }
    public DateTime LastModified { get; init; }
    public string[] LeefgebiedCodes { get; init; } = [];
    public string[] LanguageCodes { get; init; } = [];
    public int[] Pleinen { get; init; } = [];
    public string? Spreekuren { get; init; }
}

internal sealed class OrganisationRow
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Website { get; init; } = "";
    public string Street { get; init; } = "";
    public string Postcode { get; init; } = "";
    public string City { get; init; } = "";
    public string Province { get; init; } = "";
    public string Domein { get; init; } = "";
    public string[] Leefgebieden { get; init; } = [];
    public int[] Pleinen { get; init; } = [];
    public string? Spreekuren { get; init; }
}

internal sealed record SpreekuurRow(int Id, int PleinId, int Weekday, string Kind, string Title, string Location,
    string StartsAt, string EndsAt, string ValidFrom, string? ValidUntil);

internal sealed record PleinRow(int Id, string Name, string Address, string Municipality, string Province);
internal sealed record LeefgebiedRow(string Code, string Name, string Description);
internal sealed record LanguageRow(string Code, string Name);

/// <summary>Our rows as HSDS objects (docs/hsds.md says why each field goes where it goes).</summary>
internal static partial class HsdsMapping
{
    public static HsdsService Service(ProfessionalRow p, HsdsScope scope, Lookups lookups, HsdsOrganization? organization)
    {
        var id = HsdsIds.For("professional", p.Id);
        var spreekuren = Spreekuren(p.Spreekuren);
        // Work e-mail and phone only where the reader may have them: a signed-in colleague, or a key the beheerder allowed.
        var phones = scope.WorkContacts ? Phones("professional", p.Id, p.Phone) : null;
        var email = scope.WorkContacts ? NullIfEmpty(p.Email) : null;
        var contacts = scope.WorkContacts
            ? new[] { new HsdsContact(HsdsIds.For("contact:professional", p.Id), id, p.Name, p.Function, email, phones ?? []) }
            : null;
        var languages = p.LanguageCodes.Where(lookups.Languages.ContainsKey)
            .Select(code => new HsdsLanguage(HsdsIds.For("language:professional", p.Id, code), id, lookups.Languages[code], code)).ToList();
        var attributes = Attributes("service", p.Id, id, HsdsTaxonomies.LeefgebiedKey, p.LeefgebiedCodes, lookups)
            .Concat(Attributes("service", p.Id, id, HsdsTaxonomies.CapaciteitKey, [p.Capacity], lookups)).ToList();
        var atLocations = p.Pleinen.Where(lookups.Pleinen.ContainsKey).Order()
            .Select(pleinId => ServiceAtLocation(p, spreekuren, pleinId, lookups) with { Service = null }).ToList();
        return new HsdsService(id, HsdsIds.For("organisation", p.OrganisationId), $"{p.Function} — {p.Name}", NullIfEmpty(p.About),
            email, "active", WaitTime(p.Capacity, p.CapacityWeeks),
            PleinTime.Local(new DateTimeOffset(p.VerifiedAt, TimeSpan.Zero)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Instant(p.LastModified), organization, phones, contacts, languages, attributes, atLocations);
    }

    public static HsdsServiceAtLocation ServiceAtLocation(ProfessionalRow p, int pleinId, Lookups lookups) =>
        ServiceAtLocation(p, Spreekuren(p.Spreekuren), pleinId, lookups);

    static HsdsServiceAtLocation ServiceAtLocation(ProfessionalRow p, List<SpreekuurRow> spreekuren, int pleinId, Lookups lookups)
    {
        var id = HsdsIds.For("service-at-location", p.Id, pleinId);
        var serviceId = HsdsIds.For("professional", p.Id);
        // The professional's spreekuren at this plein: when the service is there.
        var schedules = spreekuren.Where(s => s.PleinId == pleinId).Select(s => Schedule(s, serviceId, id)).ToList();
        return new HsdsServiceAtLocation(id, serviceId, HsdsIds.For("plein", pleinId), PleinLocation(lookups.Pleinen[pleinId], null), schedules);
    }

    public static HsdsOrganization Organization(OrganisationRow o, Lookups lookups)
    {
        var id = HsdsIds.For("organisation", o.Id);
        var spreekuren = Spreekuren(o.Spreekuren);
        var locations = new List<HsdsLocation>();
        var ownId = HsdsIds.For("organisation-address", o.Id);
        if (o.Street != "" && o.Postcode != "" && o.City != "" && o.Province != "")
            locations.Add(new HsdsLocation(ownId, "physical", o.Name,
                [new HsdsAddress(HsdsIds.For("address:organisation", o.Id), ownId, o.Street, o.City, o.Province, o.Postcode, "NL", "physical")]));
        // The pleinen where the organisation works, each with the spreekuren and inloop it holds there itself.
        locations.AddRange(o.Pleinen.Where(lookups.Pleinen.ContainsKey).Order().Select(pleinId => PleinLocation(lookups.Pleinen[pleinId],
            spreekuren.Where(s => s.PleinId == pleinId).Select(s => Schedule(s, serviceId: null, serviceAtLocationId: null)).ToList())));
        var attributes = Attributes("organization", o.Id, id, HsdsTaxonomies.DomeinKey, [o.Domein], lookups)
            .Concat(Attributes("organization", o.Id, id, HsdsTaxonomies.LeefgebiedKey, o.Leefgebieden, lookups)).ToList();
        return new HsdsOrganization(id, o.Name, o.Description, NullIfEmpty(o.Email), NullIfEmpty(o.Website),
            Phones("organisation", o.Id, o.Phone), locations, attributes);
    }

    /// <summary>An organization's one-to-one fields only, as HSDS's list items carry them.</summary>
    public static HsdsOrganization ListForm(HsdsOrganization o) => new(o.Id, o.Name, o.Description, o.Email, o.Website);

    /// <summary>A service's one-to-one fields only.</summary>
    public static HsdsService ListForm(HsdsService s) =>
        new(s.Id, s.OrganizationId, s.Name, s.Description, s.Email, s.Status, s.WaitTime, s.AssuredDate, s.LastModified);

    static HsdsLocation PleinLocation(PleinRow plein, IReadOnlyList<HsdsSchedule>? schedules)
    {
        var id = HsdsIds.For("plein", plein.Id);
        // The plein's address is one line ("Nieuwlandplein 10, 3118 GK Schiedam"). HSDS requires street, city, postcode
        // and province in every address: without all four there is no address, rather than a guessed one.
        var m = DutchAddress().Match(plein.Address.Trim());
        HsdsAddress[]? addresses = m.Success && plein.Province != ""
            ? [new HsdsAddress(HsdsIds.For("address:plein", plein.Id), id, m.Groups["street"].Value, m.Groups["city"].Value,
                plein.Province, m.Groups["postcode"].Value, "NL", "physical")]
            : [];
        return new HsdsLocation(id, "physical", plein.Name, addresses, schedules);
    }

    // Times are wall-clock times in Europe/Amsterdam: a weekly rooster keeps its hours across daylight saving,
    // so a fixed UTC offset (HSDS's timezone field is one number) would be wrong half the year.
    static HsdsSchedule Schedule(SpreekuurRow s, string? serviceId, string? serviceAtLocationId) =>
        new(HsdsIds.For("spreekuur", s.Id), serviceId, HsdsIds.For("plein", s.PleinId), serviceAtLocationId, s.ValidFrom, s.ValidUntil,
            Freq: "WEEKLY", Interval: 1, Hsds.ByDay(s.Weekday), s.StartsAt, s.EndsAt,
            Description: s.Location == "" ? s.Title : $"{s.Title} ({s.Location})",
            AttendingType: s.Kind == "inloop" ? "Inloop, zonder afspraak" : "Spreekuur");

    static IEnumerable<HsdsAttribute> Attributes(string linkEntity, int key, string linkId, string taxonomy, IEnumerable<string> codes,
        Lookups lookups) =>
        codes.Select(code => lookups.Terms.ByCode(taxonomy, code)).OfType<HsdsTaxonomyTerm>().Select(term => new HsdsAttribute(
            HsdsIds.For($"attribute:{linkEntity}", key, taxonomy == HsdsTaxonomies.LeefgebiedKey ? term.Code : $"{taxonomy}:{term.Code}"),
            linkId, linkEntity, term.Id, term));

    static string? WaitTime(string capacity, int? weeks) => capacity switch
    {
        "wachtlijst" => weeks == 1 ? "Wachtlijst van ongeveer 1 week." : $"Wachtlijst van ongeveer {weeks} weken.",
        "vol" => "Neemt nu geen nieuwe bewoners aan.",
        _ => null,
    };

    static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static List<HsdsPhone>? Phones(string owner, int key, string number) =>
        number == "" ? null : [new HsdsPhone(HsdsIds.For($"phone:{owner}", key), number)];

    static List<SpreekuurRow> Spreekuren(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<SpreekuurRow>>(json, Hsds.Json) ?? [];

    static string? NullIfEmpty(string value) => value == "" ? null : value;

    [GeneratedRegex(@"^(?<street>.+?),\s*(?<postcode>[1-9][0-9]{3} ?[A-Z]{2})\s+(?<city>.+)$")]
    private static partial Regex DutchAddress();
}
