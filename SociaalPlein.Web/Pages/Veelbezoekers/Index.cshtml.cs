using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Veelbezoekers;

/// <summary>
/// /veelbezoekers: one plein's frequent visitors with their visits and the leefgebieden involved (how the page finds
/// its plein, refuses another and audits each view: <see cref="PleinVisitorListModel{TList}"/>).
/// </summary>
public sealed class IndexModel(FrequentVisitorList list, AuditLog audit, TimeProvider clock)
    : PleinVisitorListModel<FrequentVisitorPage>(audit, clock, FrequentVisitorList.ListAction, list.LoadAsync, p => (p.Plein.Id, p.Visitors.Count));
