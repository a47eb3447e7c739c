using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Spreekuren;

namespace SociaalPlein.Web.Pages.Spreekuren;

/// <summary>The public weekly schedule: which organisation is at the plein when. No personal data.</summary>
public sealed class IndexModel(PublicSchedule schedule, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    public IReadOnlyList<PleinOption> Pleinen { get; private set; } = [];
    public IReadOnlyList<ScheduleEntry> Entries { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = PleinTime.Today(clock);
        Pleinen = await schedule.PleinenAsync(ct);
        // An unknown plein in the address shows every plein rather than an empty page.
        if (PleinId is int id && Pleinen.All(p => p.Id != id)) PleinId = null;
        Entries = await schedule.WeekAsync(Today, PleinId, ct: ct);
    }
}
