using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// The facts one submit is checked against, read in one round trip inside the submit's transaction: the plein and
/// whether the account works there, the visitor's plein, and which of the named professionals, organisations,
/// leefgebieden and spreekuur are active (and, for a receiver, at the plein: only there can they see the referral).
/// </summary>
internal sealed class EntryFacts
{
    sealed record PleinRow(DateOnly OpenedOn, bool Active, bool WorksAt);
    sealed record ProfessionalRow(int Id, int OrganisationId, bool AtPlein);
    sealed record OrganisationRow(int Id, bool AtPlein);

    readonly int? _visitorId;
    PleinRow? _plein;
    Dictionary<int, ProfessionalRow> _professionals = [];
    Dictionary<int, OrganisationRow> _organisations = [];
    HashSet<int> _leefgebieden = [];
    int? _visitorPlein;
    bool _spreekuurAtPlein;
    readonly int _pleinId;

    EntryFacts(int pleinId, int? visitorId) { _pleinId = pleinId; _visitorId = visitorId; }

    public static async Task<EntryFacts> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, int pleinId, int? visitorId,
        IReadOnlyList<ReferralDraft> referrals, IReadOnlyList<int> visitLeefgebieden, int? helpedBy, int? spreekuurId, CancellationToken ct)
    {
        var parties = referrals.SelectMany(r => new[] { r.From, r.To }).ToList();
        var professionalIds = parties.Where(p => p.Kind == Party.Professional).Select(p => p.Id!.Value)
            .Concat(helpedBy is int h ? [h] : []).Distinct().ToArray();
        var organisationIds = parties.Where(p => p.Kind == Party.Organisation).Select(p => p.Id!.Value).Distinct().ToArray();
        var leefgebiedIds = referrals.Select(r => r.LeefgebiedId).Concat(visitLeefgebieden).Distinct().ToArray();

        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.opened_on, n.active, {NeedToKnow.WorksAt} AS works_at FROM plein n CROSS JOIN me WHERE n.id = @pleinId;
            SELECT p.id, p.organisation_id,
                   EXISTS (SELECT 1 FROM professional_plein pp WHERE pp.professional_id = p.id AND pp.plein_id = @pleinId) AS at_plein
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.id = ANY (@professionalIds) AND p.active AND o.active;
            SELECT o.id, EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @pleinId) AS at_plein
            FROM organisation o WHERE o.id = ANY (@organisationIds) AND o.active;
            SELECT id FROM leefgebied WHERE id = ANY (@leefgebiedIds) AND active;
            SELECT plein_id FROM visitor WHERE id = @visitorId;
            SELECT EXISTS (SELECT 1 FROM spreekuur WHERE id = @spreekuurId AND plein_id = @pleinId AND active);
            """, new { userId, pleinId, professionalIds, organisationIds, leefgebiedIds, visitorId, spreekuurId }, tx, cancellationToken: ct));
        var facts = new EntryFacts(pleinId, visitorId)
        {
            _plein = await r.ReadSingleOrDefaultAsync<PleinRow>(),
            _professionals = (await r.ReadAsync<ProfessionalRow>()).ToDictionary(p => p.Id),
            _organisations = (await r.ReadAsync<OrganisationRow>()).ToDictionary(o => o.Id),
            _leefgebieden = (await r.ReadAsync<int>()).ToHashSet(),
            _visitorPlein = await r.ReadSingleOrDefaultAsync<int?>(),
            _spreekuurAtPlein = await r.ReadSingleAsync<bool>(),
        };
        return facts;
    }

    /// <summary>The organisation a party stands for: its own id, or the professional's organisation.</summary>
    public int? OrganisationOf(Party party) => party.Kind switch
    {
        Party.Professional => _professionals[party.Id!.Value].OrganisationId,
        Party.Organisation => party.Id,
        _ => null,
    };

    /// <summary>The account works at an open plein, the visitor is of that plein, and each date lies between its opening and today.</summary>
    public IEnumerable<EntryProblem> CheckPlein(DateOnly today, DateOnly date, int? referral = null)
    {
        if (_plein is not { Active: true, WorksAt: true })
        {
            yield return new EntryProblem(null, Fields.Plein, "Je kunt alleen registreren voor een plein waar je werkt.");
            yield break;
        }
        if (_visitorId is not null && _visitorPlein is null)
            yield return new EntryProblem(null, Fields.Visitor, "Deze bezoeker is niet gevonden.");
        else if (_visitorId is not null && _visitorPlein != _pleinId)
            yield return new EntryProblem(null, Fields.Visitor, "Deze bezoeker hoort bij een ander plein.");
        if (date > today)
            yield return new EntryProblem(referral, Fields.Date, "De datum ligt in de toekomst. Registreer wat al gebeurd is.");
        else if (date < _plein.OpenedOn)
            yield return new EntryProblem(referral, Fields.Date, $"Het plein was toen nog niet open: het is geopend op {PleinTime.DateText(_plein.OpenedOn)}.");
    }

    /// <summary>Sender, receiver and leefgebied of referral number <paramref name="index"/> in the form.</summary>
    public IEnumerable<EntryProblem> CheckReferral(int index, ReferralDraft d)
    {
        if (d.From.Kind == Party.Professional && !_professionals.ContainsKey(d.From.Id!.Value))
            yield return new EntryProblem(index, Fields.From, "Deze verwijzer staat niet (meer) actief in de gids.");
        else if (d.From.Kind == Party.Organisation && !_organisations.ContainsKey(d.From.Id!.Value))
            yield return new EntryProblem(index, Fields.From, "Deze organisatie staat niet (meer) actief in de gids.");

        if (d.To.Kind == Party.EigenInitiatief)
            yield return new EntryProblem(index, Fields.To, "Kies naar wie of welke organisatie je verwijst.");
        else if (d.To.Kind == Party.Professional && !_professionals.ContainsKey(d.To.Id!.Value))
            yield return new EntryProblem(index, Fields.To, "Deze professional staat niet (meer) actief in de gids.");
        else if (d.To.Kind == Party.Organisation && !_organisations.ContainsKey(d.To.Id!.Value))
            yield return new EntryProblem(index, Fields.To, "Deze organisatie staat niet (meer) actief in de gids.");
        else if (d.To.Kind == Party.Professional && !_professionals[d.To.Id!.Value].AtPlein)
            yield return new EntryProblem(index, Fields.To, "Deze professional werkt niet bij dit plein; verwijs naar iemand van het plein.");
        else if (d.To.Kind == Party.Organisation && !_organisations[d.To.Id!.Value].AtPlein)
            yield return new EntryProblem(index, Fields.To, "Deze organisatie werkt niet bij dit plein; verwijs naar een partner van het plein.");

        if (!_leefgebieden.Contains(d.LeefgebiedId))
            yield return new EntryProblem(index, Fields.Leefgebied, "Dit leefgebied bestaat niet meer; kies een ander.");
        if (d.ConsentShareContact && d.Contact is null)
            yield return new EntryProblem(index, Fields.Contact, "Vul de naam van de bezoeker in, of zet het delen van contactgegevens uit.");
        if (d.Contact is not null && _visitorId is null)
            yield return new EntryProblem(index, Fields.Contact, "Contactgegevens horen bij een bezoeker: kies eerst de bezoeker.");
    }

    /// <summary>The visit's own leefgebieden, the professional who helped and the spreekuur it belongs to.</summary>
    public IEnumerable<EntryProblem> CheckVisit(IReadOnlyList<int> leefgebieden, int? helpedBy, int? spreekuurId)
    {
        if (leefgebieden.Any(l => !_leefgebieden.Contains(l)))
            yield return new EntryProblem(null, Fields.Leefgebieden, "Een van de gekozen leefgebieden bestaat niet meer; kies opnieuw.");
        if (helpedBy is int h && !_professionals.ContainsKey(h))
            yield return new EntryProblem(null, Fields.HelpedBy, "Deze professional staat niet (meer) actief in de gids.");
        if (spreekuurId is not null && !_spreekuurAtPlein)
            yield return new EntryProblem(null, Fields.Spreekuur, "Dit spreekuur hoort niet bij dit plein of is gestopt.");
    }
}
