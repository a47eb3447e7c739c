using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Account;

namespace SociaalPlein.Web.Pages.Beheer.Accounts;

/// <summary>
/// /beheer/accounts/{id}: role and pleinen, (de)activation, a new invitation. Each change ends the account's current
/// session (new security stamp) and is audited; a beheerder cannot change their own role or deactivate themselves.
/// </summary>
public sealed class BewerkenModel(AccountAdmin accounts, AccountMails mails, AuditLog audit) : PageModel
{
    [BindProperty]
    public AccessInput Input { get; set; } = new();

    public AccountEntry Entry { get; private set; } = null!;
    public DirectoryChoices Choices { get; private set; } = null!;
    public string? Refusal { get; private set; }

    /// <summary>The beheerder looks at their own account: no role change, no deactivation.</summary>
    public bool Own => Entry.Id == User.UserId();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new AccessInput { Role = Entry.Role, PleinIds = [.. Entry.PleinIds] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (role, pleinIds, errors) = Input.Check(Choices, Entry.PleinIds);
        if (ModelState.Refuse(errors)) return Page();
        if (await accounts.ChangeAccessAsync(id, role, pleinIds, User.UserId(), ct) is not { } change) return NotFound();
        if (change.Refusal is not null)
        {
            ModelState.AddModelError("Input.Role", change.Refusal);
            return Page();
        }
        if (change.RoleChanged)
            await audit.AccountAsync(this, AccountAdmin.RoleChangedAction, id, new { from = change.OldRole, to = change.NewRole }, ct);
        if (change.PleinenChanged)
            await audit.AccountAsync(this, AccountAdmin.PleinenChangedAction, id, new { from = change.OldPleinIds, to = change.NewPleinIds }, ct);
        TempData[BeheerForm.Notice] = change.RoleChanged || change.PleinenChanged
            ? Own
                ? "De wijzigingen zijn opgeslagen. Log opnieuw in om ermee verder te werken."
                : "De wijzigingen zijn opgeslagen. Bij een volgende klik wordt de persoon uitgelogd en logt die opnieuw in met de nieuwe rechten."
            : "Er was niets gewijzigd.";
        return RedirectToPage(new { id });
    }

    /// <summary>The confirmation step of a deactivation, shown on the first POST instead of acting.</summary>
    public Confirmation? Confirm { get; private set; }

    public Task<IActionResult> OnPostDeactiverenAsync(int id, CancellationToken ct) =>
        // One's own account is refused at once (SetActiveAsync): there is nothing to confirm.
        Confirmation.Given(Request) || id == User.UserId() ? SetActiveAsync(id, false, ct) : ConfirmDeactivationAsync(id, ct);

    async Task<IActionResult> ConfirmDeactivationAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new AccessInput { Role = Entry.Role, PleinIds = [.. Entry.PleinIds] };
        Confirm = new Confirmation($"Account van {Entry.DisplayName} deactiveren?",
            $"{Entry.DisplayName} ({Entry.Email}) kan daarna niet meer inloggen en wordt bij de volgende klik uitgelogd. Alles wat de " +
            "persoon vastlegde blijft bewaard; je kunt het account later weer activeren.",
            "Deactiveren", $"Account van {Entry.DisplayName} deactiveren", $"/beheer/accounts/{id}", "Terug, niet deactiveren")
        { Route = new() { ["id"] = id.ToString() } };
        return Page();
    }

    public Task<IActionResult> OnPostActiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var (found, changed, refusal) = await accounts.SetActiveAsync(id, active, User.UserId(), ct);
        if (!found) return NotFound();
        if (refusal is not null) return await RefuseAsync(id, refusal, ct);
        if (changed) await audit.AccountAsync(this, active ? AccountAdmin.ActivatedAction : AccountAdmin.DeactivatedAction, id, null, ct);
        TempData[BeheerForm.Notice] = active
            ? "Het account is weer actief. De persoon kan inloggen met het eigen wachtwoord."
            : "Het account is gedeactiveerd: de persoon is uitgelogd en kan niet meer inloggen.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostTweestapsUitzettenAsync(int id, CancellationToken ct)
    {
        var (found, changed, refusal) = await accounts.ResetTwoFactorAsync(id, User.UserId(), ct);
        if (!found) return NotFound();
        if (refusal is not null) return await RefuseAsync(id, refusal, ct);
        if (changed) await audit.AccountAsync(this, AccountAdmin.TwoFactorResetAction, id, null, ct);
        TempData[BeheerForm.Notice] = changed
            ? "Tweestapsverificatie is uitgezet en de persoon is uitgelogd. Een projectleider of beheerder stelt die na het wachtwoord meteen opnieuw in."
            : "Dit account had geen tweestapsverificatie.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUitnodigenAsync(int id, CancellationToken ct)
    {
        if (await accounts.ReinviteAsync(id, ct) is not { } link)
            return await RefuseAsync(id, "Een nieuwe uitnodiging kan alleen naar een actief account dat nog geen wachtwoord heeft.", ct);
        await audit.AccountAsync(this, AccountAdmin.InvitedAction, id, new { again = true }, ct);
        TempData[BeheerForm.Notice] = await mails.SendInvitationAsync(link, ct)
            ? $"Er is een nieuwe uitnodiging verstuurd naar {link.Email}; de vorige link werkt niet meer."
            : "De uitnodiging kon niet worden verstuurd. Probeer het later opnieuw.";
        return RedirectToPage(new { id });
    }

    /// <summary>The page as it was, with the reason an action was refused in the status section.</summary>
    async Task<IActionResult> RefuseAsync(int id, string refusal, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new AccessInput { Role = Entry.Role, PleinIds = [.. Entry.PleinIds] };
        Refusal = refusal;
        return Page();
    }

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await accounts.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        Choices = await accounts.ChoicesAsync(ct);
        return true;
    }
}
