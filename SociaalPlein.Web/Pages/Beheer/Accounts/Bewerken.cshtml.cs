using Microsoft.AspNetCore.Mvc;
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
public sealed class BewerkenModel(AccountAdmin accounts, AccountMails mails, AuditLog audit)
    : BewerkenPage<AccountEntry, AccessInput>
{
    /// <summary>The beheerder looks at their own account: no role change, no deactivation.</summary>
    public bool Own => Entry.Id == User.UserId();

    protected override async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await accounts.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        Choices = await accounts.ChoicesAsync(ct);
        return true;
    }

    protected override AccessInput InputFrom(AccountEntry entry) => new() { Role = entry.Role, PleinIds = [.. entry.PleinIds] };

    protected override async Task<IActionResult> SaveAsync(int id, CancellationToken ct)
    {
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
        return Done(id, change.RoleChanged || change.PleinenChanged
            ? Own
                ? "De wijzigingen zijn opgeslagen. Log opnieuw in om ermee verder te werken."
                : "De wijzigingen zijn opgeslagen. Bij een volgende klik wordt de persoon uitgelogd en logt die opnieuw in met de nieuwe rechten."
            : "Er was niets gewijzigd.");
    }

    // One's own account is refused at once (SetActiveAsync): there is nothing to confirm.
    protected override bool RefusedWithoutConfirmation(int id) => id == User.UserId();

    protected override Confirmation DeactivationQuestion(int id) =>
        new($"Account van {Entry.DisplayName} deactiveren?",
            $"{Entry.DisplayName} ({Entry.Email}) kan daarna niet meer inloggen en wordt bij de volgende klik uitgelogd. Alles wat de " +
            "persoon vastlegde blijft bewaard; je kunt het account later weer activeren.",
            "Deactiveren", $"Account van {Entry.DisplayName} deactiveren", $"/beheer/accounts/{id}", "Terug, niet deactiveren");

    protected override async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var (found, changed, refusal) = await accounts.SetActiveAsync(id, active, User.UserId(), ct);
        if (!found) return NotFound();
        if (refusal is not null) return await RefuseAsync(id, refusal, ct);
        if (changed) await audit.AccountAsync(this, active ? AccountAdmin.ActivatedAction : AccountAdmin.DeactivatedAction, id, null, ct);
        return Done(id, active
            ? "Het account is weer actief. De persoon kan inloggen met het eigen wachtwoord."
            : "Het account is gedeactiveerd: de persoon is uitgelogd en kan niet meer inloggen.");
    }

    public async Task<IActionResult> OnPostTweestapsUitzettenAsync(int id, CancellationToken ct)
    {
        var (found, changed, refusal) = await accounts.ResetTwoFactorAsync(id, User.UserId(), ct);
        if (!found) return NotFound();
        if (refusal is not null) return await RefuseAsync(id, refusal, ct);
        if (changed) await audit.AccountAsync(this, AccountAdmin.TwoFactorResetAction, id, null, ct);
        return Done(id, changed
            ? "Tweestapsverificatie is uitgezet en de persoon is uitgelogd. Een projectleider of beheerder stelt die na het wachtwoord meteen opnieuw in."
            : "Dit account had geen tweestapsverificatie.");
    }

    public async Task<IActionResult> OnPostUitnodigenAsync(int id, CancellationToken ct)
    {
        if (await accounts.ReinviteAsync(id, ct) is not { } link)
            return await RefuseAsync(id, "Een nieuwe uitnodiging kan alleen naar een actief account dat nog geen wachtwoord heeft.", ct);
        await audit.AccountAsync(this, AccountAdmin.InvitedAction, id, new { again = true }, ct);
        return Done(id, await mails.SendInvitationAsync(link, ct)
            ? $"Er is een nieuwe uitnodiging verstuurd naar {link.Email}; de vorige link werkt niet meer."
            : "De uitnodiging kon niet worden verstuurd. Probeer het later opnieuw.");
    }
}
