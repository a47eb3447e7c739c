using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Pages.Account;

namespace SociaalPlein.Web.Pages.Beheer.Accounts;

/// <summary>
/// /beheer/accounts/uitnodigen: a new account without a password, and a mail with a link (7 days, once) to choose one.
/// From a professional's beheer page (<c>?professional=ID</c>) the form is filled in from the gids and the account is
/// linked to that professional.
/// </summary>
public sealed class UitnodigenModel(AccountAdmin accounts, ProfessionalAdmin professionals, AccountMails mails, AuditLog audit)
    : PageModel
{
    [BindProperty]
    public InvitationInput Input { get; set; } = new() { Role = "professional" };

    public DirectoryChoices Choices { get; private set; } = null!;

    /// <summary>The professional the account will be linked to, by name.</summary>
    public string? ProfessionalName { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? professional, CancellationToken ct)
    {
        Choices = await accounts.ChoicesAsync(ct);
        if (professional is int id)
        {
            if (await professionals.GetAsync(id, ct) is not { } p) return NotFound();
            Input = new InvitationInput
            {
                Email = p.Values.Email, DisplayName = p.Values.Name, Role = "professional", PleinIds = [.. p.Values.PleinIds],
                ProfessionalId = id,
            };
            ProfessionalName = p.Values.Name;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Choices = await accounts.ChoicesAsync(ct);
        if (Input.ProfessionalId is int id) ProfessionalName = (await professionals.GetAsync(id, ct))?.Values.Name;
        var (invitation, errors) = Input.Check(Choices);
        if (ModelState.Refuse(errors)) return Page();
        var result = await accounts.InviteAsync(invitation, ct);
        if (ModelState.Refuse(result.Errors) || result.Link is not { } link) return Page();
        await audit.AccountAsync(this, AccountAdmin.InvitedAction, link.UserId,
            new { role = invitation.Role, pleinen = invitation.PleinIds, professional_id = invitation.ProfessionalId }, ct);
        TempData[BeheerForm.Notice] = await mails.SendInvitationAsync(link, ct)
            ? $"De uitnodiging is verstuurd naar {link.Email}."
            : "Het account is aangemaakt, maar de uitnodiging kon niet worden verstuurd. Probeer het later opnieuw met 'Stuur een nieuwe uitnodiging'.";
        return RedirectToPage("Bewerken", new { id = link.UserId });
    }
}
