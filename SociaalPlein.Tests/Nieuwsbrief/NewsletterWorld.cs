using Dapper;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Nieuwsbrief;

public sealed record WorldPlein(int Id, string Name, int Threshold);
public sealed record WorldOrganisation(int Id, string Name, string Domein);
public sealed record WorldProfessional(int Id, int OrganisationId, int[] PleinIds, DateTime CreatedAt);
public sealed record WorldSpreekuur(int Id, int PleinId, int OrganisationId, string Kind);
public sealed record WorldWijk(int Id, int PleinId, string Name);
public sealed record WorldLeefgebied(int Id, string Name, int SortOrder, bool Active);
public sealed record WorldVisitor(int Id, int PleinId, int? BirthYear, string Gender, string? Postcode, int? WijkId, DateOnly FirstVisitOn);
public sealed record WorldVisit(int Id, int PleinId, int VisitorId, DateOnly On, string Kind, int? HelpedBy, int? SpreekuurId);
public sealed record WorldEvent(string Status, DateTime At);

public sealed record WorldReferral(
    int Id, int PleinId, DateOnly On, int? VisitorId, string FromKind, int? FromProfessionalId, int? FromOrganisationId,
    int? ToProfessionalId, int ToOrganisationId, int LeefgebiedId, IReadOnlyList<WorldEvent> Events)
{
    public string Status => Events[^1].Status;
}

/// <summary>
/// A small register in the shape of a real one, written with plain INSERTs and kept in memory, so that a test counts
/// each expected figure over the arranged rows (<see cref="NewsletterOracle"/>) without the SQL under test. Two
/// pleinen of a region (Noord with the default veelbezoeker threshold 3, Zuid with 2) that share professionals and a
/// wijk name, and a third plein whose rows must never count. Two years of visits and referrals (April 2024 to June
/// 2026) with their status events, deterministic (a fixed seed), plus hand-placed rows at the quarter boundaries.
/// </summary>
public sealed class NewsletterWorld
{
    public required WorldPlein Noord { get; init; }
    public required WorldPlein Zuid { get; init; }
    public required WorldPlein Elders { get; init; }
    public List<WorldPlein> Pleinen { get; } = [];
    public List<WorldOrganisation> Organisations { get; } = [];
    public List<WorldProfessional> Professionals { get; } = [];
    public List<WorldSpreekuur> Spreekuren { get; } = [];
    public List<WorldWijk> Wijken { get; } = [];
    public List<WorldLeefgebied> Leefgebieden { get; } = [];
    public List<WorldVisitor> Visitors { get; } = [];
    public List<WorldVisit> Visits { get; } = [];
    public List<WorldReferral> Referrals { get; } = [];

    static readonly DateOnly From = new(2024, 4, 1), Until = new(2026, 6, 30);

    /// <summary>Amsterdam wall-clock time as the UTC instant PostgreSQL stores.</summary>
    public static DateTime Local(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0), PleinTime.Zone);

    public static async Task<NewsletterWorld> CreateAsync(FixtureDatabase db)
    {
        var world = new NewsletterWorld
        {
            Noord = new(9001, "Sociaal Plein Noord", 3),
            Zuid = new(9002, "Sociaal Plein Zuid", 2),
            Elders = new(9003, "Sociaal Plein Elders", 3),
        };
        world.Pleinen.AddRange([world.Noord, world.Zuid, world.Elders]);
        world.Generate(new Random(2026));
        await world.ArrangeLeefgebiedenAsync(db);
        world.GenerateReferrals(new Random(5));
        world.AddBoundaryReferrals();
        await world.WriteAsync(db);
        return world;
    }

    void Generate(Random r)
    {
        Organisations.AddRange([
            new(9101, "Huisartsenpraktijk De Linde", "medisch"), new(9102, "Wijkteam Noord", "sociaal"),
            new(9103, "Schuldhulp Maasstad", "sociaal"), new(9104, "Welzijn op Recept", "welzijn"),
            new(9105, "Fysiotherapie Oost", "medisch"), new(9106, "Taalhuis Bibliotheek", "overig"),
            new(9107, "GGZ Zuid", "medisch"), new(9108, "Buurtwerk West", "welzijn"),
            new(9109, "Apotheek Centrum", "medisch"), new(9110, "Voedselbank", "overig")]);
        // Created at moments around the quarters' edges too: 31 March 23:59:59 is still Q1, 1 April 00:00 is Q2.
        DateTime[] created =
        [
            Local(2023, 6, 1, 9), Local(2024, 5, 14, 10), Local(2025, 10, 1, 0), Local(2025, 12, 31, 23, 59),
            Local(2026, 1, 1, 0), Local(2026, 2, 11, 15), Local(2026, 3, 29, 3), Local(2026, 3, 31, 23, 59),
            Local(2026, 4, 1, 0), Local(2026, 5, 20, 8),
        ];
        for (var i = 0; i < 24; i++)
        {
            // Every fourth works at both pleinen of the region, one in twelve at the plein outside it.
            int[] pleinen = i % 12 == 11 ? [Elders.Id] : i % 4 == 0 ? [Noord.Id, Zuid.Id] : [i % 2 == 0 ? Noord.Id : Zuid.Id];
            Professionals.Add(new(9201 + i, Organisations[i % Organisations.Count].Id, pleinen, created[r.Next(created.Length)]));
        }
        Spreekuren.AddRange([
            new(9301, Noord.Id, 9101, "spreekuur"), new(9302, Noord.Id, 9104, "inloop"),
            new(9303, Zuid.Id, 9103, "spreekuur"), new(9304, Zuid.Id, 9108, "inloop"), new(9305, Elders.Id, 9107, "spreekuur")]);
        // "Centrum" at both pleinen: a region counts them together. "Havens" has no visitors at all.
        Wijken.AddRange([
            new(9401, Noord.Id, "Centrum"), new(9402, Noord.Id, "Oost"), new(9403, Noord.Id, "Havens"),
            new(9404, Zuid.Id, "Centrum"), new(9405, Zuid.Id, "West"), new(9406, Elders.Id, "Dorp")]);

        foreach (var plein in Pleinen)
        {
            var wijken = Wijken.Where(w => w.PleinId == plein.Id && w.Name != "Havens").ToArray();
            var count = plein == Elders ? 10 : 70;
            var first = Visitors.Count;
            var spreekuren = Spreekuren.Where(s => s.PleinId == plein.Id).ToArray();
            var helpers = Professionals.Where(p => p.PleinIds.Contains(plein.Id)).ToArray();
            for (var i = 0; i < count; i++)
            {
                var roll = r.NextDouble();
                int? birthYear = roll < 0.08 ? null : roll < 0.1 ? 2027 : r.Next(1930, 2016);
                var gender = r.NextDouble() switch { < 0.5 => "vrouw", < 0.9 => "man", < 0.95 => "anders", _ => "onbekend" };
                // Most by a few common postcodes, some by a rare one, some by wijk (a few by both), some by neither.
                var place = r.NextDouble();
                string? postcode = place < 0.35 ? (3110 + r.Next(3)).ToString() : place < 0.45 ? (3200 + r.Next(40)).ToString()
                    : place < 0.5 ? "3111" : null;
                int? wijk = place is >= 0.45 and < 0.85 ? wijken[r.Next(wijken.Length)].Id : null;
                // First seen on a day in the two years; visits only from then on.
                Visitors.Add(new(20001 + Visitors.Count, plein.Id, birthYear, gender, postcode, wijk, RandomDate(r)));
            }
            // Some visitors come often: the first of each plein's list far more than the last.
            for (var i = 0; i < count * 12; i++)
            {
                var visitor = Visitors[first + (int)(count * Math.Pow(r.NextDouble(), 2.5))];
                // Most at one of the plein's weekly hours; some at another moment, without a spreekuur.
                WorldSpreekuur? at = r.NextDouble() < 0.6 ? spreekuren[r.Next(spreekuren.Length)] : null;
                var kind = at?.Kind ?? (r.NextDouble() < 0.5 ? "spreekuur" : "inloop");
                int? helpedBy = r.NextDouble() < 0.5 ? helpers[r.Next(helpers.Length)].Id : null;
                Visits.Add(new(30001 + Visits.Count, plein.Id, visitor.Id, RandomDate(r, visitor.FirstVisitOn), kind, helpedBy, at?.Id));
            }
        }
        // As the desk keeps it: the first visit is the earliest visit (or when the visitor was created, if none).
        for (var i = 0; i < Visitors.Count; i++)
        {
            var visits = Visits.Where(x => x.VisitorId == Visitors[i].Id).Select(x => x.On).ToList();
            if (visits.Count > 0) Visitors[i] = Visitors[i] with { FirstVisitOn = visits.Min() };
        }
    }

    async Task ArrangeLeefgebiedenAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // A retired leefgebied with referrals is still listed; one without is not.
        await conn.ExecuteAsync("""
            INSERT INTO leefgebied (code, name, sort_order, active) VALUES
                ('schuldsanering_oud', 'Schuldsanering (oud)', 20, false), ('vervallen', 'Vervallen', 21, false)
            """);
        Leefgebieden.AddRange(await conn.QueryAsync<WorldLeefgebied>(
            "SELECT id, name, sort_order::int AS sort_order, active FROM leefgebied ORDER BY sort_order, id"));
    }

    void GenerateReferrals(Random r)
    {
        var active = Leefgebieden.Where(l => l.Active).ToArray();
        var retired = Leefgebieden.Single(l => l.Name.StartsWith("Schuldsanering", StringComparison.Ordinal));
        for (var i = 0; i < 700; i++)
        {
            var plein = r.NextDouble() switch { < 0.5 => Noord, < 0.95 => Zuid, _ => Elders };
            var visitors = Visitors.Where(v => v.PleinId == plein.Id).ToArray();
            var professionals = Professionals.Where(p => p.PleinIds.Contains(plein.Id)).ToArray();
            var on = RandomDate(r);
            int? visitor = r.NextDouble() < 0.9 ? visitors[(int)(visitors.Length * Math.Pow(r.NextDouble(), 1.5))].Id : null;
            var sender = professionals[r.Next(professionals.Length)];
            var (fromKind, fromProfessional, fromOrganisation) = r.NextDouble() switch
            {
                < 0.6 => ("professional", (int?)sender.Id, (int?)sender.OrganisationId),
                < 0.85 => ("organisation", null, Organisations[r.Next(Organisations.Count)].Id),
                _ => ("eigen_initiatief", (int?)null, (int?)null),
            };
            // Each plein has its own partners to refer to, overlapping in the middle.
            var toOrganisation = Organisations[plein == Noord ? r.Next(8) : 2 + r.Next(Organisations.Count - 2)].Id;
            var receivers = Professionals.Where(p => p.OrganisationId == toOrganisation).ToArray();
            int? toProfessional = receivers.Length > 0 && r.NextDouble() < 0.5 ? receivers[r.Next(receivers.Length)].Id : null;
            var leefgebied = r.NextDouble() < 0.03 ? retired.Id : active[r.Next(active.Length)].Id;
            Referrals.Add(new(40001 + Referrals.Count, plein.Id, on, visitor, fromKind, fromProfessional, fromOrganisation,
                toProfessional, toOrganisation, leefgebied, Loop(r, Local(on.Year, on.Month, on.Day, 8 + r.Next(10), r.Next(60)))));
        }
    }

    // The closed loop as people work it: mostly forward to afgerond, some refused, not reached, cancelled or untouched.
    static List<WorldEvent> Loop(Random r, DateTime sentAt)
    {
        var events = new List<WorldEvent> { new("verzonden", sentAt) };
        void Step(string status) => events.Add(new(status, events[^1].At.AddDays(r.Next(0, 20)).AddMinutes(r.Next(10, 600))));
        var roll = r.NextDouble();
        if (roll < 0.06) { Step("geannuleerd"); return events; }
        if (roll < 0.13) { Step("afgewezen"); return events; }
        if (roll < 0.18) return events;
        Step("geaccepteerd");
        roll = r.NextDouble();
        if (roll < 0.07) { Step("niet_bereikt"); return events; }
        if (roll < 0.12) return events;
        Step("contact_gelegd");
        roll = r.NextDouble();
        if (roll < 0.05) { Step("afgewezen"); return events; }
        if (roll < 0.2) return events;
        Step("afgerond");
        return events;
    }

    /// <summary>Referrals whose contact lies just before or after the end of Q1 2026 in Amsterdam (CEST by then).</summary>
    public List<WorldReferral> BoundaryReferrals { get; } = [];

    void AddBoundaryReferrals()
    {
        var id = 40001 + Referrals.Count;
        WorldReferral Contacted(DateOnly on, DateTime contactAt) => new(
            id++, Noord.Id, on, Visitors[0].Id, "organisation", null, 9101, null, 9103,
            Leefgebieden[0].Id,
            [new("verzonden", Local(on.Year, on.Month, on.Day, 9)), new("geaccepteerd", Local(on.Year, on.Month, on.Day, 10)),
             new("contact_gelegd", contactAt)]);
        BoundaryReferrals.AddRange([
            Contacted(new(2026, 3, 31), Local(2026, 3, 31, 23, 30)),
            Contacted(new(2026, 3, 31), Local(2026, 4, 1, 0, 30)),
            Contacted(new(2026, 4, 1), Local(2026, 4, 1, 0, 30))]);
        Referrals.AddRange(BoundaryReferrals);
    }

    static DateOnly RandomDate(Random r, DateOnly? notBefore = null)
    {
        var from = notBefore > From ? notBefore.Value : From;
        return from.AddDays(r.Next(Until.DayNumber - from.DayNumber + 1));
    }

    async Task WriteAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO plein (id, name, municipality, opened_on, frequent_visitor_threshold) OVERRIDING SYSTEM VALUE
            VALUES (@Id, @Name, 'Schiedam', DATE '2024-01-01', @Threshold)
            """, Pleinen, tx);
        await conn.ExecuteAsync("""
            INSERT INTO organisation (id, name, domein) OVERRIDING SYSTEM VALUE VALUES (@Id, @Name, @Domein)
            """, Organisations, tx);
        await conn.ExecuteAsync("""
            INSERT INTO organisation_plein (organisation_id, plein_id) SELECT o.id, p.id FROM organisation o, plein p
            """, transaction: tx);
        await conn.ExecuteAsync("""
            INSERT INTO professional (id, organisation_id, name, function, created_at) OVERRIDING SYSTEM VALUE
            VALUES (@Id, @OrganisationId, 'Professional ' || @Id, 'Hulpverlener', @CreatedAt);
            INSERT INTO professional_plein (professional_id, plein_id) SELECT @Id, unnest(@PleinIds);
            """, Professionals, tx);
        await conn.ExecuteAsync("""
            INSERT INTO spreekuur (id, plein_id, organisation_id, kind, title, weekday, starts_at, ends_at, valid_from)
            OVERRIDING SYSTEM VALUE VALUES (@Id, @PleinId, @OrganisationId, @Kind, 'Spreekuur', 1, '09:00', '11:00', DATE '2024-01-01')
            """, Spreekuren, tx);
        await conn.ExecuteAsync("INSERT INTO wijk (id, plein_id, name) OVERRIDING SYSTEM VALUE VALUES (@Id, @PleinId, @Name)", Wijken, tx);
        await conn.ExecuteAsync("""
            INSERT INTO visitor (id, plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id)
            OVERRIDING SYSTEM VALUE
            VALUES (@Id, @PleinId, 'B-2024-' || @Id, @BirthYear, @Gender, @Postcode, @WijkId, @FirstVisitOn, gen_random_uuid())
            """, Visitors, tx);
        await conn.ExecuteAsync("""
            INSERT INTO visit (id, plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, request_id) OVERRIDING SYSTEM VALUE
            VALUES (@Id, @PleinId, @VisitorId, @On, @Kind, @SpreekuurId, @HelpedBy, gen_random_uuid())
            """, Visits, tx);
        await conn.ExecuteAsync("""
            INSERT INTO referral (id, plein_id, referred_on, visitor_id, from_kind, from_professional_id, from_organisation_id,
                                  to_professional_id, to_organisation_id, zorgvraag, leefgebied_id, status, outcome, status_reason,
                                  status_changed_at, request_id, created_at) OVERRIDING SYSTEM VALUE
            VALUES (@Id, @PleinId, @On, @VisitorId, @FromKind, @FromProfessionalId, @FromOrganisationId, @ToProfessionalId,
                    @ToOrganisationId, 'Hulp gevraagd', @LeefgebiedId, @Status,
                    CASE WHEN @Status = 'afgerond' THEN 'geholpen' END,
                    CASE WHEN @Status IN ('afgewezen', 'niet_bereikt') THEN 'Geen capaciteit' END,
                    @LastAt, gen_random_uuid(), @FirstAt)
            """, Referrals.Select(x => new
        {
            x.Id, x.PleinId, x.On, x.VisitorId, x.FromKind, x.FromProfessionalId, x.FromOrganisationId, x.ToProfessionalId,
            x.ToOrganisationId, x.LeefgebiedId, x.Status, FirstAt = x.Events[0].At, LastAt = x.Events[^1].At,
        }), tx);
        await conn.ExecuteAsync("""
            INSERT INTO referral_status_event (referral_id, status, outcome, reason, changed_at)
            VALUES (@Id, @Status, CASE WHEN @Status = 'afgerond' THEN 'geholpen' END,
                    CASE WHEN @Status IN ('afgewezen', 'niet_bereikt') THEN 'Geen capaciteit' END, @At)
            """, Referrals.SelectMany(x => x.Events.Select(e => new { x.Id, e.Status, e.At })), tx);
        await tx.CommitAsync();
    }
}
