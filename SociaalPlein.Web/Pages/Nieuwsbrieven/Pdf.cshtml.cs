using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>
/// /nieuwsbrieven/{id}/pdf: the PDF when the account may read it (Newsletters.PdfAsync decides); otherwise not found,
/// so the id of another plein's draft reveals nothing. Opened in the browser (?download=true saves it).
/// </summary>
public sealed class PdfModel(Newsletters newsletters) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, bool download, CancellationToken ct)
    {
        if (await newsletters.PdfAsync(id, User.UserId(), ct) is not { } file) return NotFound();
        // A draft changes when it is regenerated: never serve a stale copy from a cache.
        Response.Headers.CacheControl = "private, no-cache";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline")
        {
            FileNameStar = file.FileName,
        }.ToString();
        return File(file.Content, "application/pdf");
    }
}
