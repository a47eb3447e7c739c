using System.Globalization;
using Bogus;

namespace SociaalPlein.Data.Demo;

/// <summary>Builds the pleinen, organisations, professionals and spreekuren of the demo, in memory.</summary>
internal sealed class DemoDirectoryBuilder(DateOnly today)
{
    // Its own seed, so a change in the register's generation never reshuffles the directory.
    readonly Faker _faker = new("nl") { Random = new Randomizer(20_26_01) };
    Randomizer R => _faker.Random;

    public DemoDirectory Build()
    {
        var pleinen = BuildPleinen();
        var organisations = DemoOrganisations.All.Select(t => BuildOrganisation(t, pleinen)).ToList();
        var professionals = BuildProfessionals(organisations);
        var directory = new DemoDirectory(pleinen, organisations, professionals, []);
        return directory with { Spreekuren = pleinen.SelectMany(p => BuildSpreekuren(directory, p)).ToList() };
    }

    List<DemoPlein> BuildPleinen()
    {
        // Opened on a Monday about three years ago, so the two years of history fall after the start-up.
        var opened = today.AddYears(-3);
        while (opened.DayOfWeek != DayOfWeek.Monday) opened = opened.AddDays(-1);
        return
        [
            new()
            {
                Name = "Sociaal Plein Nieuwland", Municipality = "Schiedam", Address = "Nieuwlandplein 10, 3118 GK Schiedam",
                OpenedOn = opened.AddDays(-28), VisitsPerDay = 3.8,
                Wijken = [("Nieuwland", "3118"), ("Oost", "3116"), ("Centrum", "3111"), ("Groenoord", "3119"), ("Gorzen", "3112")],
            },
            new()
            {
                Name = "Sociaal Plein Etten-Leur", Municipality = "Etten-Leur", Address = "Markt 52, 4875 CM Etten-Leur",
                OpenedOn = opened.AddDays(63), VisitsPerDay = 2.4,
                Wijken = [("Centrum", "4873"), ("Grauwe Polder", "4874"), ("Hoge Haag", "4872"), ("Banakkers", "4876"),
                          ("Schoenmakershoek", "4875"), ("De Keen", "4871")],
            },
        ];
    }

    DemoOrganisation BuildOrganisation(OrganisationTemplate t, List<DemoPlein> pleinen)
    {
        IReadOnlyList<DemoPlein> serves = t.Town switch
        {
            DemoTown.Schiedam => [pleinen[0]],
            DemoTown.EttenLeur => [pleinen[1]],
            _ => pleinen,
        };
        var leefgebieden = t.Focus.Concat(t.Staff.SelectMany(s => DemoFunctions.All[s.Function].Leefgebieden)).Distinct().ToList();
        var created = DemoClock.OfficeHours(R, serves.Min(p => p.OpenedOn).AddDays(-R.Number(7, 60)));
        var verified = VerifiedAt();
        var areaCode = t.Town == DemoTown.Regio ? "088" : DemoNames.Cities[t.City].AreaCode;
        return new DemoOrganisation
        {
            Template = t,
            Pleinen = serves,
            Leefgebieden = leefgebieden,
            Phone = DemoNames.Landline(R, areaCode),
            Email = $"{MailboxFor(t)}@{t.Domain}",
            Street = $"{t.Street} {R.Number(1, 180)}",
            Postcode = DemoNames.Postcode(R, t.City),
            Capacity = CapacityBetween(created, verified),
            VerifiedAt = verified,
            CreatedAt = created,
        };
    }

    // Two wijkteams share a domain; the second one's mailbox is named after its wijk.
    static string MailboxFor(OrganisationTemplate t) =>
        DemoOrganisations.All.First(o => o.Domain == t.Domain) == t
            ? "info"
            : DemoNames.EmailLocalPart("", t.Name.Split(' ')[^1]).TrimStart('.');

    // Profiles are meant to be checked yearly; about a fifth are overdue, so the demo has stale ones too.
    DateTime VerifiedAt() => R.Bool(0.8f) ? DemoClock.DaysAgo(R, today, 1, 365) : DemoClock.DaysAgo(R, today, 366, 550);

    // Capacity is set some time after the record was created, at the latest when it was last verified.
    DemoCapacity CapacityBetween(DateTime createdAt, DateTime verifiedAt)
    {
        var roll = R.Double();
        var setAt = verifiedAt.AddDays(-R.Number(0, 45));
        if (setAt < createdAt) setAt = createdAt;
        return roll switch
        {
            < 0.7 => new DemoCapacity("ruimte", null, setAt),
            < 0.92 => new DemoCapacity("wachtlijst", (short)R.Number(2, 16), setAt),
            _ => new DemoCapacity("vol", null, setAt),
        };
    }

    List<DemoProfessional> BuildProfessionals(List<DemoOrganisation> organisations)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var professionals = new List<DemoProfessional>();
        foreach (var organisation in organisations)
        {
            var index = 0;
            foreach (var (function, count) in organisation.Template.Staff)
                for (var i = 0; i < count; i++)
                    professionals.Add(BuildProfessional(organisation, function, index++, UniquePerson(names)));
        }
        return professionals;
    }

    DemoPerson UniquePerson(HashSet<string> names)
    {
        while (true)
        {
            var person = DemoNames.Person(_faker);
            if (names.Add(person.Name)) return person;
        }
    }

    DemoProfessional BuildProfessional(DemoOrganisation organisation, string function, int index, DemoPerson person)
    {
        var template = DemoFunctions.All[function];
        var covered = template.Leefgebieden;
        var take = R.Number(1, Math.Min(4, covered.Length));
        var verified = VerifiedAt();
        // Most joined when the plein opened; a fifth came later.
        var joinedDays = R.Bool(0.8f) ? -R.Number(0, 30) : R.Number(30, 700);
        var joined = DemoClock.OfficeHours(R, organisation.Pleinen.Min(p => p.OpenedOn).AddDays(joinedDays));
        var created = joined < verified ? joined : verified;
        return new DemoProfessional
        {
            Organisation = organisation,
            Name = person.Name,
            Function = function,
            Email = $"{DemoNames.EmailLocalPart(person.FirstName, person.LastName)}@{organisation.Template.Domain}",
            Phone = R.Bool(0.6f) ? DemoNames.Mobile(R) : DemoNames.Landline(R, organisation.Phone[..3]),
            About = $"{template.About} {R.ArrayElement(DemoFunctions.AboutClosers)}",
            Capacity = CapacityBetween(created, verified),
            VerifiedAt = verified,
            CreatedAt = created,
            // The first leefgebied of a function is its core; the others vary per person.
            Leefgebieden = [covered[0], .. R.Shuffle(covered.Skip(1)).Take(take - 1)],
            Languages = person.Languages,
            Pleinen = PleinenOf(organisation, index),
        };
    }

    // A regional organisation sends its first professional to both pleinen and the others to one each.
    static IReadOnlyList<DemoPlein> PleinenOf(DemoOrganisation organisation, int index) =>
        organisation.Pleinen.Count == 1 || index == 0 ? organisation.Pleinen : [organisation.Pleinen[index % 2]];

    static readonly (TimeOnly Starts, TimeOnly Ends)[] SpreekuurHours =
        [(new(9, 0), new(11, 0)), (new(9, 30), new(12, 0)), (new(10, 0), new(12, 0)), (new(13, 0), new(15, 0)), (new(13, 30), new(16, 0))];

    static readonly (TimeOnly Starts, TimeOnly Ends)[] InloopHours =
        [(new(9, 0), new(11, 30)), (new(9, 30), new(12, 0)), (new(13, 30), new(15, 30)), (new(14, 0), new(16, 30))];

    List<DemoSpreekuur> BuildSpreekuren(DemoDirectory directory, DemoPlein plein)
    {
        // Inloop and spreekuur each go round the week from a random weekday, so every open day has both.
        var nextDay = new Dictionary<string, int> { ["inloop"] = R.Number(0, 4), ["spreekuur"] = R.Number(0, 4) };
        var spreekuren = new List<DemoSpreekuur>();
        // Hours fixed by the template are planned first; the others then find a free room and time around them.
        foreach (var (organisation, t) in SpreekuurTemplatesAt(directory, plein).OrderBy(x => x.Template.Hours is null))
        {
            var host = HostOf(directory, organisation, plein, t);
            var weekday = t.Weekday ?? 1 + nextDay[t.Kind]++ % 5;
            var (location, starts, ends) = FreeSlot(spreekuren, t, host, weekday);
            spreekuren.Add(new DemoSpreekuur
            {
                Plein = plein, Organisation = organisation, Professional = host, Kind = t.Kind, Title = t.Title,
                Weekday = weekday, StartsAt = starts, EndsAt = ends, Location = location,
                ValidFrom = plein.OpenedOn.AddDays(R.Number(0, 120)),
                Leefgebieden = (host?.Leefgebieden ?? organisation.Leefgebieden).Take(R.Number(1, 3)).ToList(),
            });
        }
        return spreekuren;
    }

    static readonly string[] Spreekkamers = ["Spreekkamer 1", "Spreekkamer 2", "Spreekkamer 3", "Spreekkamer 4"];

    // No two hours share a room or a host at the same time: another time first, then another spreekkamer.
    (string Location, TimeOnly Starts, TimeOnly Ends) FreeSlot(
        List<DemoSpreekuur> planned, SpreekuurTemplate t, DemoProfessional? host, int weekday)
    {
        var slots = t.Hours is { } hours
            ? [(TimeOnly.Parse(hours[..5], CultureInfo.InvariantCulture), TimeOnly.Parse(hours[6..], CultureInfo.InvariantCulture))]
            : R.Shuffle(t.Kind == "inloop" ? InloopHours : SpreekuurHours).ToList();
        var rooms = t.Location.StartsWith("Spreekkamer", StringComparison.Ordinal) ? [t.Location, .. Spreekkamers] : new[] { t.Location };
        foreach (var room in rooms)
            foreach (var (starts, ends) in slots)
                if (!planned.Any(p => p.Weekday == weekday && p.StartsAt < ends && starts < p.EndsAt
                                      && (p.Location == room || (host is not null && p.Professional == host))))
                    return (room, starts, ends);
        return (t.Location, slots[0].Item1, slots[0].Item2);
    }

    // A regional organisation holds its hours at one plein each, in turn, so that neither schedule overflows.
    static List<(DemoOrganisation Organisation, SpreekuurTemplate Template)> SpreekuurTemplatesAt(DemoDirectory directory, DemoPlein plein)
    {
        var regional = 0;
        var here = new List<(DemoOrganisation, SpreekuurTemplate)>();
        foreach (var organisation in directory.Organisations)
            foreach (var t in organisation.Template.Spreekuren)
            {
                var at = organisation.Pleinen.Count == 1
                    ? organisation.Pleinen[0]
                    : directory.Pleinen[regional++ % directory.Pleinen.Count];
                if (at == plein) here.Add((organisation, t));
            }
        return here;
    }

    // The template names the function that holds the hour; then the first such colleague at this plein does.
    DemoProfessional? HostOf(DemoDirectory directory, DemoOrganisation organisation, DemoPlein plein, SpreekuurTemplate t)
    {
        var staff = directory.ProfessionalsOf(organisation, plein).ToList();
        if (t.Function is not null) return staff.FirstOrDefault(p => p.Function == t.Function);
        return staff.Count > 0 && R.Bool(0.5f) ? R.ListItem(staff) : null;
    }
}
