using Bogus;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// Builds two years of the register, day by day up to and including today: visitors, their visits and the
/// referrals made at them, in memory.
/// </summary>
internal sealed partial class DemoRegisterBuilder(DemoDirectory directory, DemoUsers users, DateOnly today)
{
    const int RegularsPerPlein = 4;

    // Its own seed, so the register does not shift when the directory's generation changes.
    readonly Faker _faker = new("nl") { Random = new Randomizer(20_26_02) };
    readonly Dictionary<int, int> _lastCodePerYear = [];
    readonly Dictionary<DemoPlein, List<DemoVisitor>> _visitorsPerPlein = [];
    readonly List<DemoVisitor> _visitors = [];
    readonly List<DemoVisit> _visits = [];
    readonly List<DemoReferral> _referrals = [];
    readonly Dictionary<(DemoPlein, int), DemoVisitor> _regulars = [];
    Randomizer R => _faker.Random;

    public DemoRegister Build()
    {
        var first = today.AddYears(-2).AddDays(1);
        var regulars = ScheduleRegulars();
        foreach (var plein in directory.Pleinen) _visitorsPerPlein[plein] = [];
        // Day by day across both pleinen, so that visitor codes number up in order of first visit.
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            if (!DemoClock.IsOpen(day)) continue;
            foreach (var plein in directory.Pleinen)
            {
                VisitDay(plein, day, (day.DayNumber - first.DayNumber) / (double)(today.DayNumber - first.DayNumber), regulars);
                ReferralsWithoutVisit(plein, day);
            }
        }
        return new DemoRegister(_visitors, _visits, _referrals, Contacts());
    }

    /// <summary>
    /// A few veelbezoekers per plein with fixed appointments, at least three in the last 90 days, so the
    /// frequent-visitor list is never empty whatever the random visits do.
    /// </summary>
    Dictionary<(DemoPlein, DateOnly), List<int>> ScheduleRegulars()
    {
        var schedule = new Dictionary<(DemoPlein, DateOnly), List<int>>();
        foreach (var plein in directory.Pleinen)
            for (var i = 0; i < RegularsPerPlein; i++)
                foreach (var daysBack in (int[])[100 + 30 * i, 85 - 3 * i, 58 - 2 * i, 33 - i, 9 + i])
                {
                    var key = (plein, DemoClock.OpenOnOrBefore(today.AddDays(-daysBack)));
                    if (!schedule.TryGetValue(key, out var list)) schedule[key] = list = [];
                    list.Add(i);
                }
        return schedule;
    }

    void VisitDay(DemoPlein plein, DateOnly day, double progress, Dictionary<(DemoPlein, DateOnly), List<int>> regulars)
    {
        var spreekuren = directory.Spreekuren
            .Where(s => s.Plein == plein && s.Weekday == PleinTime.IsoWeekday(day) && s.ValidFrom <= day).ToList();
        if (spreekuren.Count == 0) return;
        // The plein grows: a fifth busier at the end of the two years than at the start.
        var expected = plein.VisitsPerDay * DemoClock.Season(day) * (0.85 + 0.3 * progress);
        var count = Poisson(expected);
        for (var i = 0; i < count; i++)
            AddVisit(day, PickVisitor(plein, day), spreekuren);
        foreach (var regular in regulars.GetValueOrDefault((plein, day)) ?? [])
        {
            if (!_regulars.TryGetValue((plein, regular), out var visitor))
                _regulars[(plein, regular)] = visitor = NewVisitor(plein, day, affinity: 8);
            if (visitor.LastVisitOn != day) AddVisit(day, visitor, spreekuren);
        }
    }

    DemoVisitor PickVisitor(DemoPlein plein, DateOnly day)
    {
        var known = _visitorsPerPlein[plein];
        if (known.Count == 0 || R.Bool(0.42f)) return NewVisitor(plein, day, affinity: R.Bool(0.12f) ? 6 : 1);
        // Someone seen in the last four months is far more likely to come back than someone from long ago.
        var recent = day.AddDays(-120);
        var returning = R.Weighted(known, v => v.LastVisitOn == day ? 0 : v.LastVisitOn >= recent ? v.Affinity : v.Affinity * 0.08);
        return returning.LastVisitOn == day ? NewVisitor(plein, day, affinity: 1) : returning;
    }

    DemoVisitor NewVisitor(DemoPlein plein, DateOnly day, float affinity)
    {
        var wijk = R.Number(0, plein.Wijken.Length - 1);
        var roll = R.Double();
        var (_, prefix, from, to) = DemoNames.Cities[plein.Municipality];
        var visitor = new DemoVisitor
        {
            Plein = plein,
            Code = NextCode(day.Year),
            BirthYear = R.Bool(0.04f) ? null : BirthYear(day.Year),
            Gender = R.Double() switch { < 0.55 => "vrouw", < 0.965 => "man", < 0.98 => "anders", _ => "onbekend" },
            // Mostly the postcode digits, some by wijk only, a few without either.
            Postcode = roll < 0.7 ? (R.Bool(0.85f) ? plein.Wijken[wijk].Postcode : $"{prefix}{R.Number(from, to)}") : null,
            WijkId = roll is >= 0.7 and < 0.95 ? plein.WijkIds[wijk] : null,
            FirstVisitOn = day,
            RequestId = R.Uuid(),
            Affinity = affinity,
        };
        _visitorsPerPlein[plein].Add(visitor);
        _visitors.Add(visitor);
        return visitor;
    }

    string NextCode(int year)
    {
        var number = _lastCodePerYear.GetValueOrDefault(year) + 1;
        _lastCodePerYear[year] = number;
        return $"B-{year}-{number:0000}";
    }

    short BirthYear(int year)
    {
        var age = R.Double() switch
        {
            < 0.14 => R.Number(17, 25),
            < 0.52 => R.Number(26, 55),
            < 0.84 => R.Number(56, 75),
            _ => R.Number(76, 90),
        };
        return (short)Math.Clamp(year - age, 1935, 2008);
    }

    void AddVisit(DateOnly day, DemoVisitor visitor, List<DemoSpreekuur> spreekuren)
    {
        // Walk-in hours see more residents than appointments do.
        var spreekuur = R.Weighted(spreekuren, s => s.Kind == "inloop" ? 1.6 : 1);
        var helpedBy = spreekuur.Professional ?? R.ListItem(StaffAt(spreekuur.Organisation, spreekuur.Plein));
        var registeredBy = RegistrarOf(spreekuur.Plein, helpedBy);
        var minutes = (int)(spreekuur.EndsAt - spreekuur.StartsAt).TotalMinutes;
        var visit = new DemoVisit
        {
            Visitor = visitor, VisitedOn = day, Spreekuur = spreekuur, HelpedBy = helpedBy, RegisteredBy = registeredBy,
            RequestId = R.Uuid(), CreatedAt = DemoClock.At(day, spreekuur.StartsAt.AddMinutes(R.Number(5, minutes - 5))),
            Leefgebieden = VisitLeefgebieden(spreekuur),
        };
        if (visitor.LastVisitOn is null)
        {
            visitor.CreatedBy = registeredBy;
            visitor.CreatedAt = visit.CreatedAt;
        }
        visitor.LastVisitOn = day;
        _visits.Add(visit);
        ReferralsFromVisit(visit);
    }

    List<DemoProfessional> StaffAt(DemoOrganisation organisation, DemoPlein plein)
    {
        var staff = directory.ProfessionalsOf(organisation, plein).ToList();
        return staff.Count > 0 ? staff : directory.Professionals.Where(p => p.Pleinen.Contains(plein)).ToList();
    }

    // The professional account registered its own visits and the projectleider some others at Nieuwland; the
    // rest were entered by colleagues who have no demo account, so their rows carry no user.
    int? RegistrarOf(DemoPlein plein, DemoProfessional? professional) =>
        professional == directory.AccountProfessional ? users.Professional
        : plein == directory.Pleinen[0] && R.Bool(0.1f) ? users.Projectleider
        : null;

    List<string> VisitLeefgebieden(DemoSpreekuur spreekuur)
    {
        var count = R.Double() switch { < 0.6 => 1, < 0.9 => 2, _ => 3 };
        var chosen = new List<string>
        {
            spreekuur.Leefgebieden.Count > 0 && R.Bool(0.65f) ? R.ListItem(spreekuur.Leefgebieden.ToList()) : PopularLeefgebied(),
        };
        while (chosen.Count < count)
        {
            var next = PopularLeefgebied();
            if (!chosen.Contains(next)) chosen.Add(next);
        }
        return chosen;
    }

    string PopularLeefgebied() => R.Weighted(DemoZorgvragen.Popularity, p => p.Weight).Code;

    // Knuth's method; fine for the small means of one plein's day.
    int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var (count, product) = (0, R.Double());
        while (product > limit)
        {
            count++;
            product *= R.Double();
        }
        return count;
    }
}
