using Microsoft.AspNetCore.Mvc;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

public sealed class BewerkenModel(OrganisationAdmin organisations, AuditLog audit)
    : GidsEntryBewerkenPage<OrganisationEntry, OrganisationInput>(audit, "organisation", "De organisatie is weer actief.",
        "De organisatie is gedeactiveerd."), IOrganisationForm
{
    protected override async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await organisations.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        Choices = await organisations.ChoicesAsync(ct);
        History = new WijzigingenView(await organisations.HistoryAsync(id, ct), Choices);
        return true;
    }

    protected override OrganisationInput InputFrom(OrganisationEntry entry) => OrganisationInput.From(entry.Values);

    protected override async Task<IActionResult> SaveAsync(int id, CancellationToken ct)
    {
        var (values, errors) = Input.Check(Choices, Entry.Values);
        if (ModelState.Refuse(errors)) return Page();
        if (await organisations.UpdateAsync(id, values, User.UserId(), ct) is null) return NotFound();
        return Done(id, "De wijzigingen zijn opgeslagen.");
    }

    protected override Task<string?> DeactivationRefusalAsync(int id, CancellationToken ct) =>
        organisations.DeactivationRefusalAsync(id, User.UserId(), ct);

    protected override Confirmation DeactivationQuestion(int id)
    {
        var name = Entry.Values.Name;
        var people = Entry.ActiveProfessionals switch
        {
            0 => "",
            1 => " Ook de ene actieve professional wordt inactief en diens account gedeactiveerd.",
            var n => $" Ook de {n} actieve professionals worden inactief en hun accounts gedeactiveerd.",
        };
        return new Confirmation($"Organisatie {name} deactiveren?",
            $"{name} verdwijnt uit de gids en kan geen verwijzingen meer krijgen.{people} Eerdere verwijzingen en bezoeken blijven " +
            "bewaard; je kunt de organisatie later weer activeren.",
            "Deactiveren", $"{name} deactiveren", $"/beheer/organisaties/{id}", "Terug, niet deactiveren");
    }

    protected override Task<(bool Found, string? Refusal, int[] DeactivatedAccounts)> SwitchAsync(int id, bool active,
        CancellationToken ct) =>
        organisations.SetActiveAsync(id, active, User.UserId(), ct);
}
