using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Opvolging;

/// <summary>
/// /opvolging: the plein's visitors who still visit but whose last meting is older than the plein's follow-up months
/// (how the page finds its plein, refuses another and audits each view: <see cref="PleinVisitorListModel{TList}"/>).
/// </summary>
public sealed class IndexModel(FollowUpList list, AuditLog audit, TimeProvider clock)
    : PleinVisitorListModel<FollowUpPage>(audit, clock, FollowUpList.ListAction, list.LoadAsync, p => (p.Plein.Id, p.Visitors.Count));
