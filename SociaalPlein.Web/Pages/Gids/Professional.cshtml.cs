using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>A professional's profile in the gids: contact, expertise, spreekuren, capacity. Logged-in users only.</summary>
public sealed class ProfessionalModel(GidsProfiles profiles, TimeProvider clock) : PageModel
{
    public ProfessionalPage Profile { get; private set; } = null!;
    public bool MayBeOutdated { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var profile = await profiles.ProfessionalAsync(id, PleinTime.Today(clock), ct);
        if (profile is null) return NotFound();
        Profile = profile;
        MayBeOutdated = StaleEntries.IsPossiblyOutdated(profile.Professional.VerifiedAt, clock.GetUtcNow());
        return Page();
    }
}
