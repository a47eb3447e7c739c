using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

public sealed class BewerkenModel(OrganisationAdmin organisations, AuditLog audit)
    : GidsEntryBewerkenPage<OrganisationAdmin, Organisation, OrganisationEntry, OrganisationInput>(organisations, audit,
        "organisation", "De organisatie is weer actief.", "De organisatie is gedeactiveerd."), IOrganisationForm
{
    protected override async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await Admin.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        Choices = await Admin.ChoicesAsync(ct);
        History = new WijzigingenView(await Admin.HistoryAsync(id, ct), Choices);
        return true;
    }

    protected override OrganisationInput InputFrom(OrganisationEntry entry) => OrganisationInput.From(entry.Values);

    protected override (Organisation Values, IReadOnlyList<FieldError> Errors) Check() => Input.Check(Choices, Entry.Values);

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
}
