using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Professionals;

public sealed class BewerkenModel(ProfessionalAdmin professionals, AccountAdmin accounts, AuditLog audit)
    : GidsEntryBewerkenPage<ProfessionalAdmin, Professional, ProfessionalEntry, ProfessionalInput>(professionals, audit,
        "professional", "De professional is weer actief.", "De professional is gedeactiveerd."), IProfessionalForm
{
    public IReadOnlyList<OrganisationChoice> Organisations { get; private set; } = [];

    /// <summary>The professional's login, if they have one; otherwise the page offers to invite them.</summary>
    public int? AccountId { get; private set; }

    protected override async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await Admin.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        AccountId = await accounts.ForProfessionalAsync(id, ct);
        Choices = await Admin.ChoicesAsync(ct);
        Organisations = await Admin.OrganisationsAsync(entry.Values.OrganisationId, ct);
        var history = await Admin.HistoryAsync(id, ct);
        var organisationIds = history.Where(h => h.Field == "organisation_id")
            .SelectMany(h => new[] { h.OldValue, h.NewValue }).Select(v => int.TryParse(v, out var o) ? o : 0).Distinct().ToArray();
        History = new WijzigingenView(history, Choices, await Admin.OrganisationNamesAsync(organisationIds, ct));
        return true;
    }

    protected override ProfessionalInput InputFrom(ProfessionalEntry entry) => ProfessionalInput.From(entry.Values);

    protected override (Professional Values, IReadOnlyList<FieldError> Errors) Check() =>
        Input.Check(Choices, Organisations.Select(o => o.Id).ToHashSet(), Entry.Values);

    protected override Confirmation DeactivationQuestion(int id)
    {
        var name = Entry.Values.Name;
        return new Confirmation($"{name} deactiveren?",
            $"{name} ({Entry.Values.Function} bij {Entry.Organisation}) verdwijnt uit de gids en kan geen verwijzingen meer krijgen" +
            (AccountId is null ? "." : "; het account wordt ook gedeactiveerd, dus die persoon kan niet meer inloggen.") +
            " Eerdere verwijzingen en bezoeken blijven bewaard; je kunt de professional later weer activeren.",
            "Deactiveren", $"{name} deactiveren", $"/beheer/professionals/{id}", "Terug, niet deactiveren");
    }
}
