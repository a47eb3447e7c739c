using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>
/// /export (projectleider and beheerder, by the folder's policy): choose plein, period, leefgebied and domein; the page
/// counts the rows of each table and gives the bookmarkable download links. Opened without a period it counts the last
/// closed quarter and says so. The form is a GET, so the page itself is a bookmark too. Counting is not an export and
/// is not audited; downloading is (see <see cref="BestandModel"/>).
/// </summary>
public sealed class IndexModel(ExportQuery export, TimeProvider clock) : PageModel
{
    public ExportChoices Choices { get; private set; } = new([], [], []);
    public ExportForm Form { get; private set; } = null!;
    public IReadOnlyList<(ExportTable Table, long Rows)> Counts { get; private set; } = [];
    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var today = PleinTime.Today(clock);
        Quarters = Quarter.Of(today).LastQuarters(12).Reverse().ToList();
        Choices = await export.ChoicesAsync(User.UserId(), ct);
        Form = ExportForm.Read(Request.Query, Choices, today, noPeriod: Quarter.LastCompleted(today));
        if (Form.Filter is not { } filter) return;
        Counts = await export.CountsAsync(filter, ct);
    }

    public string FileUrl(ExportTable table, ExportFormat format) => ExportFile.Url(table, format, Form.Query());

    public string? Problem(string field) => Form.Problems.GetValueOrDefault(field);
}
