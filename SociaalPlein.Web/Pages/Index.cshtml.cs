using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Spreekuren;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages;

/// <summary>Public welcome; for a signed-in professional, their pleinen and today's spreekuren there.</summary>
public sealed class IndexModel(AppUsers users, PublicSchedule schedule, TimeProvider clock) : PageModel
{
    public IReadOnlyList<string> Pleinen { get; private set; } = [];
    public IReadOnlyList<ScheduleEntry> TodayAtPlein { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return;
        Pleinen = await users.PleinNamesAsync(User.UserId(), ct);
        var today = PleinTime.Today(clock);
        var mine = User.PleinIds();
        TodayAtPlein = (await schedule.WeekAsync(today, pleinId: null, PleinTime.IsoWeekday(today), ct))
            .Where(e => mine.Count == 0 || mine.Contains(e.PleinId))
            .ToList();
    }
}
