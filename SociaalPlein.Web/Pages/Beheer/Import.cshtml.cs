using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>Bulk onboarding: a CSV of organisations or professionals, all rows or none.</summary>
// The file may be 2 MB (CsvTable.MaxBytes), checked with a message next to the field; the body may be 1 MB more, so that a
// file a little over 2 MB still gets that message rather than the "too large" page.
[RequestSizeLimit(RequestSizeLimits.LargestBytes)]
public sealed class ImportModel(DirectoryImport import, NpgsqlDataSource db) : PageModel
{
    public const int ShownProblems = 500;

    // What browsers send for a .csv: Excel on Windows makes it application/vnd.ms-excel, some send nothing specific.
    static readonly string[] CsvTypes = ["text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel",
        "application/octet-stream", ""];

    [BindProperty]
    public string? Soort { get; set; }

    [BindProperty]
    public IFormFile? Bestand { get; set; }

    public ImportKind Kind => Soort == "professionals" ? ImportKind.Professionals : ImportKind.Organisaties;
    public ImportResult? Result { get; private set; }
    public IReadOnlyList<LeefgebiedChoice> Leefgebieden { get; private set; } = [];

    // Only the codes and names for the hint: the beheer list's usage counts would read every referral.
    async Task<IReadOnlyList<LeefgebiedChoice>> ActiveLeefgebiedenAsync(CancellationToken ct) =>
        (await DirectoryChoices.LoadAsync(db, ct)).Leefgebieden.Where(l => l.Active).ToList();

    public async Task OnGetAsync(CancellationToken ct) => Leefgebieden = await ActiveLeefgebiedenAsync(ct);

    public async Task<IActionResult> OnGetVoorbeeldAsync(string? soort, CancellationToken ct)
    {
        var kind = soort == "professionals" ? ImportKind.Professionals : ImportKind.Organisaties;
        var name = kind == ImportKind.Professionals ? "professionals" : "organisaties";
        return File(await import.SampleAsync(kind, ct), "text/csv; charset=utf-8", $"voorbeeld-{name}.csv");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Leefgebieden = await ActiveLeefgebiedenAsync(ct);
        if (Soort is not ("organisaties" or "professionals"))
            ModelState.AddModelError(nameof(Soort), "Kies of je organisaties of professionals importeert.");
        if (FileProblem(Bestand) is { } problem)
            ModelState.AddModelError(nameof(Bestand), problem);
        if (!ModelState.IsValid) return Page();

        using var content = new MemoryStream((int)Bestand!.Length);
        await Bestand.CopyToAsync(content, ct);
        Result = await import.RunAsync(Kind, Bestand.FileName, content.ToArray(), User.UserId(), ct);
        if (!Result.Done)
        {
            ModelState.AddModelError(string.Empty, Summary(Result));
            return Page();
        }
        TempData[BeheerForm.Notice] = $"{Result.Imported} {(Kind == ImportKind.Organisaties ? "organisaties" : "professionals")} geïmporteerd.";
        return RedirectToPage();
    }

    static string? FileProblem(IFormFile? file)
    {
        if (file is null || file.Length == 0) return "Kies een CSV-bestand om te importeren.";
        if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase)
            || !CsvTypes.Contains((file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant()))
            return "Alleen CSV-bestanden (.csv) kunnen worden geïmporteerd. Sla het bestand in Excel op als 'CSV UTF-8'.";
        if (file.Length > CsvTable.MaxBytes) return "Het bestand is groter dan 2 MB. Splits het in kleinere bestanden.";
        return null;
    }

    static string Summary(ImportResult result)
    {
        var lines = result.Problems.Where(p => p.Line > 1).Select(p => p.Line).Distinct().Count();
        return lines == 0
            ? result.Problems[0].Message
            : $"{lines} van de {result.Rows} regels {(lines == 1 ? "heeft" : "hebben")} een probleem; er is niets geïmporteerd.";
    }
}
