using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Bezoekers;

/// <summary>How the register reads on the visitor pages, and the audit entry each view of them writes.</summary>
public static class BezoekerFormat
{
    public static string Kind(string kind) => kind == "inloop" ? "Inloop" : "Spreekuur";

    public static string Status(string status) => SociaalPlein.Data.Verwijzingen.ReferralStatus.Label(status);

    /// <summary>
    /// A view of visitor data by the signed-in account (NEN 7513: who, which role, whose data, from where). The subject
    /// is the pseudonymous code; <paramref name="detail"/> holds facts about the view, never personal data.
    /// </summary>
    public static AuditEntry ViewEntry(PageModel page, string action, bool allowed, string? subject, int? pleinId, object? detail) =>
        new(action, allowed,
            UserId: page.User.UserId(), UserEmail: page.User.FindFirstValue(ClaimTypes.Email), Role: page.User.FindFirstValue(ClaimTypes.Role),
            ObjectType: "visitor", Subject: subject, PleinId: pleinId,
            ClientAddress: page.HttpContext.Connection.RemoteIpAddress, Detail: detail);
}
