namespace SociaalPlein.Data.Demo;

// The demo data in memory, built first and written after. Ids are filled in as rows are inserted, so
// later rows can point at them.

internal sealed class DemoPlein
{
    public required string Name { get; init; }
    public required string Municipality { get; init; }
    public required string Address { get; init; }
    public required DateOnly OpenedOn { get; init; }
    public required (string Name, string Postcode)[] Wijken { get; init; }
    /// <summary>Average visits on an ordinary open day; the season and the plein's growth scale it.</summary>
    public required double VisitsPerDay { get; init; }
    public int Id { get; set; }
    public int[] WijkIds { get; set; } = [];
}

internal sealed class DemoOrganisation
{
    public required OrganisationTemplate Template { get; init; }
    public required IReadOnlyList<DemoPlein> Pleinen { get; init; }
    public required IReadOnlyList<string> Leefgebieden { get; init; }
    public required string Phone { get; init; }
    public required string Email { get; init; }
    public required string Street { get; init; }
    public required string Postcode { get; init; }
    public required DemoCapacity Capacity { get; init; }
    public required DateTime VerifiedAt { get; init; }
    public required DateTime CreatedAt { get; init; }
    public int Id { get; set; }
}

internal sealed record DemoCapacity(string State, short? Weeks, DateTime SetAt);

internal sealed class DemoProfessional
{
    public required DemoOrganisation Organisation { get; init; }
    public required string Name { get; init; }
    public required string Function { get; init; }
    public required string Email { get; init; }
    public required string Phone { get; init; }
    public required string About { get; init; }
    public required DemoCapacity Capacity { get; init; }
    public required DateTime VerifiedAt { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required IReadOnlyList<string> Leefgebieden { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required IReadOnlyList<DemoPlein> Pleinen { get; init; }
    public int Id { get; set; }
}

internal sealed class DemoSpreekuur
{
    public required DemoPlein Plein { get; init; }
    public required DemoOrganisation Organisation { get; init; }
    public required DemoProfessional? Professional { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public required int Weekday { get; init; }
    public required TimeOnly StartsAt { get; init; }
    public required TimeOnly EndsAt { get; init; }
    public required string Location { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required IReadOnlyList<string> Leefgebieden { get; init; }
    public int Id { get; set; }
}

internal sealed record DemoDirectory(
    IReadOnlyList<DemoPlein> Pleinen,
    IReadOnlyList<DemoOrganisation> Organisations,
    IReadOnlyList<DemoProfessional> Professionals,
    IReadOnlyList<DemoSpreekuur> Spreekuren)
{
    public IEnumerable<DemoProfessional> ProfessionalsOf(DemoOrganisation organisation, DemoPlein plein) =>
        Professionals.Where(p => p.Organisation == organisation && p.Pleinen.Contains(plein));

    /// <summary>The professional behind the demo account: the first maatschappelijk werker of the Nieuwland wijkteam.</summary>
    public DemoProfessional AccountProfessional => Professionals.First(p =>
        p.Organisation.Template.Name == "Wijkteam Schiedam Nieuwland" && p.Function == "maatschappelijk werker");
}

/// <summary>The app_user ids of the demo accounts, for the created_by, registered_by and changed_by columns.</summary>
internal sealed record DemoUsers(int Beheerder, int Projectleider, int Professional);

internal sealed class DemoVisitor
{
    public required DemoPlein Plein { get; init; }
    public required string Code { get; init; }
    public required short? BirthYear { get; init; }
    public required string Gender { get; init; }
    public required string? Postcode { get; init; }
    public required int? WijkId { get; init; }
    public required DateOnly FirstVisitOn { get; init; }
    public required Guid RequestId { get; init; }
    /// <summary>How likely this visitor comes back; a few residents come again and again.</summary>
    public required float Affinity { get; init; }
    // Set by the first visit, which registers the visitor.
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateOnly? LastVisitOn { get; set; }
    public int Id { get; set; }
}

internal sealed class DemoVisit
{
    public required DemoVisitor Visitor { get; init; }
    public required DateOnly VisitedOn { get; init; }
    public required DemoSpreekuur Spreekuur { get; init; }
    public required DemoProfessional? HelpedBy { get; init; }
    public required int? RegisteredBy { get; init; }
    public required Guid RequestId { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required IReadOnlyList<string> Leefgebieden { get; init; }
    public int Id { get; set; }
}

internal sealed class DemoReferral
{
    public required DemoPlein Plein { get; init; }
    public required DateOnly ReferredOn { get; init; }
    public required DemoVisitor? Visitor { get; init; }
    public required DemoVisit? Visit { get; init; }
    public required string FromKind { get; init; }
    public required DemoProfessional? FromProfessional { get; init; }
    public required DemoOrganisation? FromOrganisation { get; init; }
    public required DemoProfessional? ToProfessional { get; init; }
    public required DemoOrganisation ToOrganisation { get; init; }
    public required string Zorgvraag { get; init; }
    public required string? ZorgvraagCategory { get; init; }
    public required string Leefgebied { get; init; }
    public required bool ConsentShareContact { get; init; }
    public required bool ConsentFeedback { get; init; }
    public required bool Spoed { get; init; }
    public required int? CreatedBy { get; init; }
    public required Guid RequestId { get; init; }
    public required DateTime CreatedAt { get; init; }
    /// <summary>Every status step, 'verzonden' first; the referral's own status is the last one.</summary>
    public required IReadOnlyList<DemoStatusEvent> Events { get; init; }
    public DemoStatusEvent Current => Events[^1];
    public int Id { get; set; }
}

internal sealed record DemoStatusEvent(string Status, string? Outcome, string? Reason, string? Note, int? ChangedBy, DateTime ChangedAt);

internal sealed record DemoContact(DemoReferral Referral, string Name, string Phone, DateTime ConsentedAt, DateOnly LastContactOn);

internal sealed record DemoRegister(
    IReadOnlyList<DemoVisitor> Visitors, IReadOnlyList<DemoVisit> Visits, IReadOnlyList<DemoReferral> Referrals,
    IReadOnlyList<DemoContact> Contacts);
