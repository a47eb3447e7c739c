using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Registreren;

public sealed record DeskPlein(int Id, string Name);
public sealed record DeskWijk(int Id, int PleinId, string Name);
/// <summary>An active leefgebied; <see cref="Words"/> are its name and synonyms, for picking it by typing.</summary>
public sealed record DeskLeefgebied(int Id, string Name, string Words);
public sealed record DeskOrganisation(int Id, string Name, bool AtPlein);
public sealed record DeskProfessional(int Id, int OrganisationId, string Name, string Function);

/// <summary>A weekly spreekuur of the plein; <see cref="Today"/> when it falls on today's weekday, <see cref="OnNow"/> when it runs now.</summary>
public sealed record DeskSpreekuur(
    int Id, string Kind, string Title, int Weekday, TimeOnly StartsAt, TimeOnly EndsAt, string Organisation, string? Professional,
    int? ProfessionalId, bool Today, bool OnNow);

/// <summary>An organisation with its professionals at the plein, as the "naar", "van" and "geholpen door" pickers group them.</summary>
public sealed record DeskGroup(DeskOrganisation Organisation, IReadOnlyList<DeskProfessional> Professionals);

/// <summary>What the visit form of one plein offers to choose from.</summary>
public sealed record VisitChoices(
    DeskPlein Plein, IReadOnlyList<DeskLeefgebied> Leefgebieden, IReadOnlyList<DeskSpreekuur> Spreekuren, IReadOnlyList<DeskGroup> Groups,
    DeskProfessional? Own)
{
    /// <summary>The spreekuur running now: the account's own if several run at once, none when that does not decide it.</summary>
    public DeskSpreekuur? Current()
    {
        var now = Spreekuren.Where(s => s.OnNow).ToList();
        if (now.Count == 1) return now[0];
        var own = now.Where(s => Own is not null && s.ProfessionalId == Own.Id).ToList();
        return own.Count == 1 ? own[0] : null;
    }

    /// <summary>The account's own entry in the gids when it is not among the plein's professionals (so the pickers add it apart).</summary>
    public DeskProfessional? OwnFromElsewhere => Groups.Any(g => g.Professionals.Any(p => p.Id == Own?.Id)) ? null : Own;
}

/// <summary>The desk's whole choice: the pleinen the account registers for, their wijken, and (for one plein) the visit form's lists.</summary>
public sealed record DeskChoices(IReadOnlyList<DeskPlein> Pleinen, IReadOnlyList<DeskWijk> Wijken, VisitChoices? Visit);

/// <summary>
/// The lists of the spreekuur desk (/spreekuur), read in one round trip: the account's pleinen (every active plein for a
/// beheerder, as NeedToKnow.WorksAt says) with their wijken for a new visitor and, when a visitor's plein is known, the
/// active leefgebieden, the plein's current spreekuren (today's first), and its organisations and professionals.
/// </summary>
public sealed class SpreekuurDesk(NpgsqlDataSource db)
{
    const string Pleinen = $"""
        WITH {NeedToKnow.Me}
        SELECT n.id, n.name FROM plein n CROSS JOIN me WHERE n.active AND {NeedToKnow.WorksAt} ORDER BY n.name;
        WITH {NeedToKnow.Me}
        SELECT w.id, w.plein_id, w.name FROM wijk w JOIN plein n ON n.id = w.plein_id CROSS JOIN me
        WHERE n.active AND {NeedToKnow.WorksAt} ORDER BY w.name;
        """;

    const string VisitLists = """
        SELECT id, name, concat_ws(' ', name, array_to_string(synonyms, ' ')) AS words FROM leefgebied WHERE active ORDER BY sort_order, name;
        SELECT s.id, s.kind, s.title, s.weekday::int AS weekday, s.starts_at, s.ends_at, o.name AS organisation, p.name AS professional,
               s.professional_id, s.weekday = @weekday AS today,
               (s.weekday = @weekday AND @now >= s.starts_at AND @now < s.ends_at) AS on_now
        FROM spreekuur s JOIN organisation o ON o.id = s.organisation_id LEFT JOIN professional p ON p.id = s.professional_id
        WHERE s.plein_id = @pleinId AND spreekuur_valid_on(s, @today)
        ORDER BY (s.weekday - @weekday + 7) % 7, s.starts_at, s.title;
        SELECT o.id, o.name, EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @pleinId) AS at_plein
        FROM organisation o
        WHERE o.active AND (EXISTS (SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @pleinId)
                            OR EXISTS (SELECT 1 FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id
                                       WHERE p.organisation_id = o.id AND p.active AND pp.plein_id = @pleinId))
        ORDER BY o.name;
        SELECT p.id, p.organisation_id, p.name, p.function
        FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id AND pp.plein_id = @pleinId
        JOIN organisation o ON o.id = p.organisation_id
        WHERE p.active AND o.active ORDER BY p.name;
        SELECT p.id, p.organisation_id, p.name, p.function
        FROM app_user u JOIN professional p ON p.id = u.professional_id JOIN organisation o ON o.id = p.organisation_id
        WHERE u.id = @userId AND p.active AND o.active;
        """;

    /// <summary>The pleinen and wijken; with <paramref name="pleinId"/> also the visit form's lists, unless the account does not work there.</summary>
    public async Task<DeskChoices> LoadAsync(int userId, int? pleinId, DateTime localNow, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(localNow);
        var args = new
        {
            userId, pleinId, today, now = TimeOnly.FromDateTime(localNow),
            weekday = PleinTime.IsoWeekday(today),
        };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition(
            Pleinen + (pleinId is null ? "" : VisitLists), args, cancellationToken: ct));
        var pleinen = (await r.ReadAsync<DeskPlein>()).ToList();
        var wijken = (await r.ReadAsync<DeskWijk>()).ToList();
        if (pleinId is null) return new DeskChoices(pleinen, wijken, null);

        var leefgebieden = (await r.ReadAsync<DeskLeefgebied>()).ToList();
        var spreekuren = (await r.ReadAsync<DeskSpreekuur>()).ToList();
        var organisations = await r.ReadAsync<DeskOrganisation>();
        var professionals = (await r.ReadAsync<DeskProfessional>()).ToLookup(p => p.OrganisationId);
        var own = await r.ReadSingleOrDefaultAsync<DeskProfessional>();
        var plein = pleinen.SingleOrDefault(p => p.Id == pleinId);
        var groups = organisations.Select(o => new DeskGroup(o, professionals[o.Id].ToList())).ToList();
        return new DeskChoices(pleinen, wijken, plein is null ? null : new VisitChoices(plein, leefgebieden, spreekuren, groups, own));
    }
}
