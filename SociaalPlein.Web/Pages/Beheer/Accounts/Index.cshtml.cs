using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Web.Pages.Beheer.Accounts;

/// <summary>/beheer/accounts: every account, filtered by role, plein and status.</summary>
public sealed class IndexModel(AccountAdmin accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Rol { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Plein { get; set; }

    /// <summary>actief (the default), inactief or alle.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<AccountListRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<PleinChoice> Pleinen { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // An unknown value in the address filters nothing rather than failing.
        var role = AccountRoles.All.Contains(Rol) ? Rol : null;
        Rol = role;
        Status = Status is "inactief" or "alle" ? Status : "actief";
        bool? active = Status switch { "actief" => true, "inactief" => false, _ => null };
        Pleinen = (await accounts.ChoicesAsync(ct)).Pleinen;
        (Rows, Total) = await accounts.ListAsync(new AccountFilter(role, Plein, active), ct);
    }
}
