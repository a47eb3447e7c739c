using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>
/// /beheer/metingen: the words of the five steps, and per plein whether the health leefgebieden are measured and after how
/// many months a visitor without a new meting appears on the follow-up list. Switching the health leefgebieden on asks a
/// confirmation that says what it means (docs/security.md); every change is audited with it.
/// </summary>
public sealed class MetingenModel(MetingScale scale) : PageModel
{
    public IReadOnlyList<MetingStep> Steps { get; private set; } = [];
    public IReadOnlyList<PleinMetingSettings> Pleinen { get; private set; } = [];
    public IReadOnlyDictionary<short, string> StepProblems { get; private set; } = new Dictionary<short, string>();
    public int? PostedPlein { get; private set; }
    public string? PostedMonths { get; private set; }
    public string? PleinProblem { get; private set; }
    public Confirmation? Confirm { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostStappenAsync(CancellationToken ct)
    {
        var steps = Enumerable.Range(1, 5).Select(i => new MetingStep((short)i,
            Request.Form[$"label-{i}"].ToString(), Request.Form[$"beschrijving-{i}"].ToString())).ToList();
        var problems = MetingScale.Check(steps);
        if (problems.Count > 0)
        {
            await LoadAsync(ct);
            (Steps, StepProblems) = (steps, problems);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await scale.SaveStepsAsync(User.UserId(), steps, PageAudit.Entry(this, MetingScale.StepsAction, allowed: true, "meting_step"), ct);
        Message = "De stappen zijn opgeslagen.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPleinAsync(int plein, bool gezondheid, string? maanden, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Pleinen.FirstOrDefault(p => p.PleinId == plein) is not { } current) return NotFound();
        if (!short.TryParse(maanden?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var months)
            || months is < MetingScale.MinFollowupMonths or > MetingScale.MaxFollowupMonths)
        {
            (PostedPlein, PostedMonths) = (plein, maanden);
            PleinProblem = $"Vul een aantal maanden in van {MetingScale.MinFollowupMonths} tot en met {MetingScale.MaxFollowupMonths}.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (gezondheid && !current.HealthEnabled && !Confirmation.Given(Request))
        {
            Confirm = new Confirmation($"Gezondheidsleefgebieden meten bij {current.Plein}?",
                "Een stap op geestelijke of lichamelijke gezondheid is een gezondheidsgegeven (AVG artikel 9, een bijzonder persoonsgegeven). " +
                "Zet dit alleen aan als het plein daar een grondslag voor heeft en de bezoekers dat uitlegt; de bezoeker stemt per meting in " +
                "en kan altijd intrekken. Uitzetten later laat eerdere metingen staan; alleen nieuwe worden dan geweigerd.",
                "Plein", "Gezondheidsleefgebieden aanzetten", "/beheer/metingen", "Terug, niets wijzigen")
            {
                Fields = [new("plein", plein.ToString()), new("gezondheid", "true"), new("maanden", months.ToString())],
            };
            return Page();
        }
        if (!await scale.SaveSettingsAsync(User.UserId(), plein, gezondheid, months,
                PageAudit.Entry(this, MetingScale.SettingsAction, allowed: true, "plein"), ct))
            return NotFound();
        Message = $"De instellingen van {current.Plein} zijn opgeslagen.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Steps = await scale.StepsAsync(ct);
        Pleinen = await scale.SettingsAsync(ct);
    }
}
