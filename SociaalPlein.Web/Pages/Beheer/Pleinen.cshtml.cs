using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>
/// /beheer/pleinen: the pleinen with how long each keeps visitors' contact details after the last contact (the nightly
/// contactgegevens-wissen job reads it). Each plein's period is changed in its own row; every change is audited.
/// </summary>
public sealed class PleinenModel(PleinRetention retention) : PageModel
{
    public IReadOnlyList<PleinRetentionRow> Pleinen { get; private set; } = [];

    /// <summary>The row whose form was posted with a problem: it shows the typed value and the message.</summary>
    public int? PostedPlein { get; private set; }
    public string? PostedMonths { get; private set; }
    public string? Problem { get; private set; }

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Pleinen = await retention.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(int plein, string? maanden, CancellationToken ct)
    {
        if (!int.TryParse(maanden?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var months)
            || months is < PleinRetention.MinMonths or > PleinRetention.MaxMonths)
        {
            (PostedPlein, PostedMonths) = (plein, maanden);
            Problem = $"Vul een aantal maanden in van {PleinRetention.MinMonths} tot en met {PleinRetention.MaxMonths}.";
            Pleinen = await retention.ListAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var entry = PageAudit.Entry(this, PleinRetention.AuditAction, allowed: true, "plein");
        if (!await retention.SetAsync(plein, months, entry, ct)) return NotFound();
        Message = $"De bewaartermijn is nu {months} {(months == 1 ? "maand" : "maanden")}.";
        return RedirectToPage();
    }
}
