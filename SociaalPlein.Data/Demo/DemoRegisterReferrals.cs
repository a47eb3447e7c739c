namespace SociaalPlein.Data.Demo;

/// <summary>The referrals of the register: who refers to whom, about what, and the contact details that come with consent.</summary>
internal sealed partial class DemoRegisterBuilder
{
    sealed record From(string Kind, DemoProfessional? Professional, DemoOrganisation? Organisation);

    // How readily a referral from one domein goes to another: the flows across domeinen (a GP to debt
    // counselling, the wijkteam to GGZ) are what the plein is for.
    static readonly Dictionary<string, Dictionary<string, float>> Flow = new()
    {
        ["medisch"] = new() { ["medisch"] = 1f, ["sociaal"] = 3f, ["welzijn"] = 3f, ["overig"] = 1.5f },
        ["sociaal"] = new() { ["medisch"] = 2f, ["sociaal"] = 1.5f, ["welzijn"] = 2.5f, ["overig"] = 1.5f },
        ["welzijn"] = new() { ["medisch"] = 1.5f, ["sociaal"] = 2.5f, ["welzijn"] = 1.5f, ["overig"] = 1.5f },
        ["overig"] = new() { ["medisch"] = 1.5f, ["sociaal"] = 2.5f, ["welzijn"] = 2f, ["overig"] = 1f },
        ["eigen_initiatief"] = new() { ["medisch"] = 1.5f, ["sociaal"] = 2.5f, ["welzijn"] = 2f, ["overig"] = 1.5f },
    };

    void ReferralsFromVisit(DemoVisit visit)
    {
        if (!R.Bool(0.55f)) return;
        var count = R.Bool(0.2f) ? 2 : 1;
        DemoOrganisation? previous = null;
        for (var i = 0; i < count; i++)
        {
            var leefgebied = visit.Leefgebieden[Math.Min(i, visit.Leefgebieden.Count - 1)];
            var roll = R.Double();
            var from = roll < 0.8 && visit.HelpedBy is { } helper ? new From("professional", helper, helper.Organisation)
                : roll < 0.92 ? new From("organisation", null, visit.Spreekuur.Organisation)
                : new From("eigen_initiatief", null, null);
            var sentAt = visit.CreatedAt.AddMinutes(R.Number(5, 40));
            previous = AddReferral(visit.Spreekuur.Plein, visit.VisitedOn, visit, from, leefgebied, sentAt, visit.RegisteredBy, previous)
                .ToOrganisation;
        }
    }

    // Referrals by a professional outside the plein's hours, mostly a GP or practice nurse who saw the resident
    // in the practice; the resident is not (yet) a visitor.
    void ReferralsWithoutVisit(DemoPlein plein, DateOnly day)
    {
        var count = Poisson(0.25 * DemoClock.Season(day));
        for (var i = 0; i < count; i++)
        {
            var staff = directory.Professionals.Where(p => p.Pleinen.Contains(plein)).ToList();
            var medical = staff.Where(p => p.Organisation.Template.Domein == "medisch").ToList();
            var professional = R.ListItem(R.Bool(0.6f) ? medical : staff);
            var from = R.Bool(0.85f) ? new From("professional", professional, professional.Organisation)
                : new From("organisation", null, professional.Organisation);
            var leefgebied = R.Bool(0.5f) ? R.ListItem(professional.Leefgebieden.ToList()) : PopularLeefgebied();
            var createdBy = from.Professional is not null && from.Professional == directory.AccountProfessional
                ? users.Professional
                : (int?)null;
            AddReferral(plein, day, null, from, leefgebied, DemoClock.OfficeHours(R, day), createdBy, null);
        }
    }

    DemoReferral AddReferral(DemoPlein plein, DateOnly day, DemoVisit? visit, From from, string leefgebied, DateTime sentAt,
        int? createdBy, DemoOrganisation? notTo)
    {
        var to = ChooseTarget(plein, from, leefgebied, notTo);
        var receiver = ChooseReceiver(to, plein, leefgebied, from.Professional);
        var (text, category) = R.ArrayElement(DemoZorgvragen.ByLeefgebied[leefgebied]);
        var spoed = R.Bool(0.03f);
        var receiverUser = receiver is not null && receiver == directory.AccountProfessional ? users.Professional : (int?)null;
        var referral = new DemoReferral
        {
            Plein = plein, ReferredOn = day, Visitor = visit?.Visitor, Visit = visit,
            FromKind = from.Kind, FromProfessional = from.Professional, FromOrganisation = from.Organisation,
            ToProfessional = receiver, ToOrganisation = to, Leefgebied = leefgebied,
            Zorgvraag = text, ZorgvraagCategory = R.Bool(0.8f) ? category : null,
            ConsentShareContact = visit is not null && R.Bool(0.5f), ConsentFeedback = R.Bool(0.75f), Spoed = spoed,
            CreatedBy = createdBy, RequestId = R.Uuid(), CreatedAt = sentAt,
            Events = DemoReferralLoop.Events(R, sentAt, createdBy, receiverUser, spoed, today),
        };
        _referrals.Add(referral);
        return referral;
    }

    // Organisations known for the leefgebied come first; the flow between domeinen weighs in.
    DemoOrganisation ChooseTarget(DemoPlein plein, From from, string leefgebied, DemoOrganisation? notTo)
    {
        var open = directory.Organisations.Where(o => o.Pleinen.Contains(plein) && o != from.Organisation && o != notTo).ToList();
        var candidates = open.Where(o => o.Leefgebieden.Contains(leefgebied)).ToList();
        // Nobody else covers it: the wijkteam is where any question can go.
        if (candidates.Count == 0) candidates = open.Where(o => o.Template.Kind == "wijkteam").ToList();
        var flow = Flow[from.Organisation?.Template.Domein ?? from.Kind];
        return R.Weighted(candidates, o => (o.Template.Focus.Contains(leefgebied) ? 4 : 1) * flow[o.Template.Domein]);
    }

    // About a third of referrals go to the organisation's front door rather than to a named colleague.
    DemoProfessional? ChooseReceiver(DemoOrganisation to, DemoPlein plein, string leefgebied, DemoProfessional? sender)
    {
        if (!R.Bool(0.65f)) return null;
        var staff = directory.ProfessionalsOf(to, plein).Where(p => p != sender).ToList();
        var specialists = staff.Where(p => p.Leefgebieden.Contains(leefgebied)).ToList();
        var pool = specialists.Count > 0 ? specialists : staff;
        return pool.Count > 0 ? R.ListItem(pool) : null;
    }

    /// <summary>
    /// Name and phone that referrals with the visitor's consent carried for a warm handover, one row per referral (the
    /// same person's name each time, the phone sometimes a new one). The retention job erases each a year after its
    /// referral (design.md §4), so the demo only holds those still within that year.
    /// </summary>
    List<DemoContact> Contacts()
    {
        var retainedFrom = today.AddMonths(-12);
        var contacts = new List<DemoContact>();
        foreach (var referrals in _referrals.Where(r => r.Visitor is not null && r.ConsentShareContact).GroupBy(r => r.Visitor!))
        {
            var name = DemoNames.Person(_faker).Name;
            var phone = DemoNames.Mobile(R);
            foreach (var referral in referrals.Where(r => r.ReferredOn >= retainedFrom))
            {
                if (R.Bool(0.2f)) phone = DemoNames.Mobile(R);
                contacts.Add(new DemoContact(referral, name, phone, referral.CreatedAt, referral.ReferredOn));
            }
        }
        return contacts;
    }
}
