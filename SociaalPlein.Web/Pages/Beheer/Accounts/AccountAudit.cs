using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Accounts;

/// <summary>
/// The audit entries of the account pages: who (the beheerder) did what to which account (object app_user, id), with
/// the action names of <see cref="AccountAdmin"/>.
/// </summary>
public static class AccountAudit
{
    public static Task AccountAsync(this AuditLog audit, PageModel page, string action, int accountId, object? detail,
        CancellationToken ct, bool allowed = true) =>
        audit.WriteAsync(PageAudit.Entry(page, action, allowed, "app_user", accountId.ToString(), detail: detail), ct);

    /// <summary>The accounts deactivated with their professional in the gids beheer (via: professional, organisation).</summary>
    public static async Task AccountsDeactivatedAsync(this AuditLog audit, PageModel page, IEnumerable<int> accountIds, string via,
        CancellationToken ct)
    {
        foreach (var id in accountIds) await audit.AccountAsync(page, AccountAdmin.DeactivatedAction, id, new { via }, ct);
    }
}
