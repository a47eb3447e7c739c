using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>
/// "Print voor bewoner": a one-page handout in plain language for a resident, with the professionals picked in the
/// gids (?professional=1&amp;professional=5). Ids that are not numbers, unknown or inactive are left out rather than
/// refused. The field is not called "id": a form control of that name would shadow the form's own id property.
/// </summary>
public sealed class PrintModel(GidsProfiles profiles, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "professional")]
    public string[] Ids { get; set; } = [];

    /// <summary>Handouts bookmarked before the field was renamed (?id=1&amp;id=5).</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public string[] OldIds { get; set; } = [];

    public Handout Handout { get; private set; } = new([], []);
    public bool TooMany { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var ids = Ids.Concat(OldIds).Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        TooMany = ids.Count > GidsProfiles.MaxHandoutEntries;
        Handout = await profiles.HandoutAsync(ids, PleinTime.Today(clock), ct);
    }
}
