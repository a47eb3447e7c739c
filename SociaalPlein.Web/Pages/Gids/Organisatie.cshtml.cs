using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>An organisation's profile in the gids, with its active professionals. Logged-in users only.</summary>
public sealed class OrganisatieModel(GidsProfiles profiles, TimeProvider clock) : PageModel
{
    public OrganisationPage Profile { get; private set; } = null!;
    public bool MayBeOutdated { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var profile = await profiles.OrganisationAsync(id, PleinTime.Today(clock), ct);
        if (profile is null) return NotFound();
        Profile = profile;
        MayBeOutdated = StaleEntries.IsPossiblyOutdated(profile.Organisation.VerifiedAt, clock.GetUtcNow());
        return Page();
    }
}
