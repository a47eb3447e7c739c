using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Accounts;

/// <summary>
/// The audit entries of the account pages: who (the beheerder) did what to which account (object app_user, id). The
/// detail holds roles and plein ids, never the account's address or name.
/// </summary>
public static class AccountAudit
{
    public const string Invited = "account.invited";
    public const string RoleChanged = "account.role_changed";
    public const string PleinenChanged = "account.pleinen_changed";
    public const string Deactivated = "account.deactivated";
    public const string Activated = "account.activated";
    public const string TwoFactorReset = "account.2fa_reset";

    public static Task AccountAsync(this AuditLog audit, PageModel page, string action, int accountId, object? detail,
        CancellationToken ct, bool allowed = true) =>
        audit.WriteAsync(PageAudit.Entry(page, action, allowed, "app_user", accountId.ToString(), detail: detail), ct);

    /// <summary>The accounts deactivated with their professional in the gids beheer (via: professional, organisation).</summary>
    public static async Task AccountsDeactivatedAsync(this AuditLog audit, PageModel page, IEnumerable<int> accountIds, string via,
        CancellationToken ct)
    {
        foreach (var id in accountIds) await audit.AccountAsync(page, Deactivated, id, new { via }, ct);
    }
}
