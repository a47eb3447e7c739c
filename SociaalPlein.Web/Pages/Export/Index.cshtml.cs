using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>
/// /export (projectleider and beheerder, by the folder's policy): choose plein, period, leefgebied and domein; the page
/// counts the rows of each dataset and gives the bookmarkable download links. The form is a GET, so the page itself is
/// a bookmark too. Counting is not an export and is not audited; downloading is (see <see cref="BestandModel"/>).
/// </summary>
public sealed class IndexModel(DatasetExport export, TimeProvider clock) : PageModel
{
    public ExportChoices Choices { get; private set; } = new([], [], []);
    public ExportForm Form { get; private set; } = null!;
    public IReadOnlyList<(ExportDataset Dataset, long Rows)> Counts { get; private set; } = [];
    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var today = PleinTime.Today(clock);
        Quarters = Quarter.Of(today).LastQuarters(12).Reverse().ToList();
        Choices = await export.ChoicesAsync(User.UserId(), ct);
        Form = ExportForm.Read(Request.Query, Choices, today);
        if (Form.Filter is not { } filter) return;
        var counts = new List<(ExportDataset, long)>();
        foreach (var dataset in ExportDataset.All) counts.Add((dataset, await export.CountAsync(dataset, filter, ct)));
        Counts = counts;
    }

    public string FileUrl(ExportDataset dataset, ExportFormat format) => ExportFile.Url(dataset, format, Form.Query());

    public string? Problem(string field) => Form.Problems.GetValueOrDefault(field);
}
