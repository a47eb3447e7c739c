using Microsoft.AspNetCore.Mvc;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Professionals;

public sealed class BewerkenModel(ProfessionalAdmin professionals, AccountAdmin accounts, AuditLog audit)
    : GidsEntryBewerkenPage<ProfessionalEntry, ProfessionalInput>(audit, "professional", "De professional is weer actief.",
        "De professional is gedeactiveerd."), IProfessionalForm
{
    public IReadOnlyList<OrganisationChoice> Organisations { get; private set; } = [];

    /// <summary>The professional's login, if they have one; otherwise the page offers to invite them.</summary>
    public int? AccountId { get; private set; }

    protected override async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await professionals.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        AccountId = await accounts.ForProfessionalAsync(id, ct);
        Choices = await professionals.ChoicesAsync(ct);
        Organisations = await professionals.OrganisationsAsync(entry.Values.OrganisationId, ct);
        var history = await professionals.HistoryAsync(id, ct);
        var organisationIds = history.Where(h => h.Field == "organisation_id")
            .SelectMany(h => new[] { h.OldValue, h.NewValue }).Select(v => int.TryParse(v, out var o) ? o : 0).Distinct().ToArray();
        History = new WijzigingenView(history, Choices, await professionals.OrganisationNamesAsync(organisationIds, ct));
        return true;
    }

    protected override ProfessionalInput InputFrom(ProfessionalEntry entry) => ProfessionalInput.From(entry.Values);

    protected override async Task<IActionResult> SaveAsync(int id, CancellationToken ct)
    {
        var (values, errors) = Input.Check(Choices, Organisations.Select(o => o.Id).ToHashSet(), Entry.Values);
        if (ModelState.Refuse(errors)) return Page();
        if (await professionals.UpdateAsync(id, values, User.UserId(), ct) is null) return NotFound();
        return Done(id, "De wijzigingen zijn opgeslagen.");
    }

    protected override Task<string?> DeactivationRefusalAsync(int id, CancellationToken ct) =>
        professionals.DeactivationRefusalAsync(id, User.UserId(), ct);

    protected override Confirmation DeactivationQuestion(int id)
    {
        var name = Entry.Values.Name;
        return new Confirmation($"{name} deactiveren?",
            $"{name} ({Entry.Values.Function} bij {Entry.Organisation}) verdwijnt uit de gids en kan geen verwijzingen meer krijgen" +
            (AccountId is null ? "." : "; het account wordt ook gedeactiveerd, dus die persoon kan niet meer inloggen.") +
            " Eerdere verwijzingen en bezoeken blijven bewaard; je kunt de professional later weer activeren.",
            "Deactiveren", $"{name} deactiveren", $"/beheer/professionals/{id}", "Terug, niet deactiveren");
    }

    protected override Task<(bool Found, string? Refusal, int[] DeactivatedAccounts)> SwitchAsync(int id, bool active,
        CancellationToken ct) =>
        professionals.SetActiveAsync(id, active, User.UserId(), ct);
}
