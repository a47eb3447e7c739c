using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>The slowest requests and the statements that took the most time in the last hour, on this instance.</summary>
public sealed class PrestatiesModel(RecentPerformance recent) : PageModel
{
    public PerformanceReport Report { get; private set; } = new(0, [], []);

    public void OnGet() => Report = recent.LastHour();
}
