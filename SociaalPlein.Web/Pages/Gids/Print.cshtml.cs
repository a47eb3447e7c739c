using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>
/// "Print voor bewoner": a one-page handout in plain language for a resident, with the professionals picked in the
/// gids (?id=1&amp;id=5). Ids that are not numbers, unknown or inactive are left out rather than refused.
/// </summary>
public sealed class PrintModel(GidsProfiles profiles, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")]
    public string[] Ids { get; set; } = [];

    public Handout Handout { get; private set; } = new([], []);
    public bool TooMany { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var ids = Ids.Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        TooMany = ids.Count > GidsProfiles.MaxHandoutEntries;
        Handout = await profiles.HandoutAsync(ids, PleinTime.Today(clock), ct);
    }
}
