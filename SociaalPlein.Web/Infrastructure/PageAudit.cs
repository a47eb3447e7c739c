using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// An audit entry for what the signed-in account does on a page (NEN 7513: who, which role, whose data, from where).
/// The subject is a visitor's pseudonymous code, never a name; <c>detail</c> holds facts about the action, never
/// personal data.
/// </summary>
public static class PageAudit
{
    public static AuditEntry Entry(PageModel page, string action, bool allowed, string objectType, string? objectId = null,
        string? subject = null, int? pleinId = null, object? detail = null) =>
        new(action, allowed,
            UserId: page.User.UserId(), UserEmail: page.User.FindFirstValue(ClaimTypes.Email), Role: page.User.FindFirstValue(ClaimTypes.Role),
            ObjectType: objectType, ObjectId: objectId, Subject: subject, PleinId: pleinId,
            ClientAddress: page.HttpContext.Connection.RemoteIpAddress, Detail: detail);
}
