using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Dataset;

/// <summary>
/// /dataset (projectleider and beheerder, by the folder's policy): the newsletter's figures of one plein and quarter as
/// accessible HTML, from the same query as the PDF (a closed quarter's kept once counted: DatasetFigures). A GET form
/// (<c>?plein=12&amp;kwartaal=2026-Q3</c>); by default the account's first plein and the last completed quarter. A
/// plein that is unknown or not the account's answers 404 with the same message (so nobody learns which ids exist); a
/// malformed or future quarter 400; never a 500.
/// </summary>
public sealed class IndexModel(DatasetPleinen pleinen, DatasetFigures figures, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")] public string? PleinText { get; set; }
    [BindProperty(SupportsGet = true, Name = "kwartaal")] public string? KwartaalText { get; set; }

    public const string PleinMessage = "Dat plein bestaat niet, of je mag de cijfers ervan niet zien. Kies een plein uit de lijst.";

    public IReadOnlyList<DatasetPlein> Pleinen { get; private set; } = [];
    public DatasetPlein? Plein { get; private set; }
    public Quarter Quarter { get; private set; }
    public DateOnly Today { get; private set; }
    public string? PleinError { get; private set; }
    public string? KwartaalError { get; private set; }

    /// <summary>Null when there is nothing to show: no plein, or a problem with the choice.</summary>
    public NewsletterFigures? Figures { get; private set; }

    public bool QuarterRunning => Quarter.Contains(Today);

    /// <summary>The quarters to choose from, newest first: from the earliest opening of the account's pleinen up to now.</summary>
    public IEnumerable<Quarter> Quarters
    {
        get
        {
            // Quarter knows no year before 2000; a plein registered as opened earlier offers its quarters from then.
            var opened = Pleinen.Count == 0 ? Quarter.Start : Pleinen.Min(p => p.OpenedOn);
            var first = Quarter.Of(opened.Year < 2000 ? new DateOnly(2000, 1, 1) : opened);
            if (Quarter < first) first = Quarter;
            for (var q = Quarter.Of(Today); q >= first; q = q.Previous) yield return q;
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The parameters are read below with Dutch messages; the framework's binding errors would be English.
        ModelState.Clear();
        Today = PleinTime.Today(clock);
        Quarter = Quarter.LastCompleted(Today);
        Pleinen = await pleinen.ForAccountAsync(User.UserId(), ct);
        if (Pleinen.Count == 0) return Page();

        Plein = ChoosePlein();
        var quarter = ChooseQuarter();
        if (quarter is not null) Quarter = quarter.Value;
        if (Plein is null || quarter is null)
        {
            // The form stays, with the message next to the field; no figures.
            Response.StatusCode = Plein is null ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            Plein ??= Pleinen[0];
            return Page();
        }
        Figures = await figures.LoadAsync(Plein.Id, Quarter, ct);
        return Page();
    }

    DatasetPlein? ChoosePlein()
    {
        if (string.IsNullOrWhiteSpace(PleinText)) return Pleinen[0];
        var plein = int.TryParse(PleinText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? Pleinen.FirstOrDefault(p => p.Id == id) : null;
        if (plein is null) PleinError = PleinMessage;
        return plein;
    }

    Quarter? ChooseQuarter()
    {
        if (string.IsNullOrWhiteSpace(KwartaalText)) return Quarter;
        if (!Quarter.TryParse(KwartaalText, out var quarter))
            KwartaalError = "Kies een kwartaal uit de lijst. In het adres staat het zo: 2026-Q3.";
        else if (quarter.Start > Today)
            KwartaalError = $"{quarter} is nog niet begonnen. Kies {Quarter.Of(Today)} of een kwartaal daarvoor.";
        else return quarter;
        return null;
    }
}
