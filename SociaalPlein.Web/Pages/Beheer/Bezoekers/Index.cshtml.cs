using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Bezoekers;

namespace SociaalPlein.Web.Pages.Beheer.Bezoekers;

/// <summary>/beheer/bezoekers: the way in to a visitor's access report and erasure, by the code the visitor carries.</summary>
public sealed class IndexModel(VisitorRecord records) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")] public string? Code { get; set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code)) return Page();
        var code = VisitorCode.Normalise(Code);
        if (VisitorCode.Problem(code) is { } problem)
            Problem = problem;
        else if (await records.IdOfAsync(code, ct) is { } id)
            return Redirect($"/beheer/bezoekers/{id}/inzage");
        else
            Problem = $"Er is geen bezoeker met code {code}.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
