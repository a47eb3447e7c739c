using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>
/// /nieuwsbrieven/{id}: the newsletter as an accessible web page (EN 301 549 / WCAG 2.1 AA), beside its PDF: real
/// headings, every figure and every chart's numbers in a table, from the same query as the PDF and the dashboard
/// (<see cref="NewsletterFiguresQuery"/>). Signed in, the PDF's rule decides; with the signed link from the mail
/// (<c>?t=…</c>) anyone may read that one sent newsletter. Anything else is 404, so an id reveals nothing.
/// </summary>
public sealed class LezenModel(Newsletters newsletters, NewsletterFiguresQuery query, NewsletterReadLinks links) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }

    public NewsletterIssue Issue { get; private set; } = null!;
    public NewsletterFigures Figures { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var signedIn = User.Identity?.IsAuthenticated == true;
        if (!signedIn && Token is null) return Challenge();
        var issue = signedIn && Token is null ? await newsletters.IssueAsync(id, User.UserId(), ct)
            : links.Opens(Token, id) ? await newsletters.SentIssueAsync(id, ct)
            : null;
        if (issue is null) return NotFound();
        Issue = issue;
        Figures = await query.LoadAsync(issue.PleinIds, issue.Quarter, ct);
        return Page();
    }
}
