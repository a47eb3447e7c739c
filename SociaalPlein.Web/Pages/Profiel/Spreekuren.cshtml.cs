using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Profiel;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Profiel;

/// <summary>A professional's own weekly spreekuren at the plein: add one, or stop one. Never another's.</summary>
public sealed class SpreekurenModel(OwnSpreekuren spreekuren, TimeProvider clock) : PageModel
{
    public const string Added = "Je spreekuur staat in de gids en op het openbare rooster.";
    public const string Stopped = "Het spreekuur is gestopt.";

    [BindProperty]
    public SpreekuurInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public OwnSpreekurenForm? Form { get; private set; }

    public sealed class SpreekuurInput
    {
        [Required(ErrorMessage = "Kies het plein.")]
        public int? PleinId { get; set; }

        [Required(ErrorMessage = "Kies spreekuur of inloop.")]
        [RegularExpression("^(spreekuur|inloop)$", ErrorMessage = "Kies spreekuur of inloop.")]
        public string Kind { get; set; } = "spreekuur";

        [Required(ErrorMessage = "Geef het spreekuur een naam, bijvoorbeeld 'Spreekuur geldzaken'.")]
        [StringLength(120, MinimumLength = 2, ErrorMessage = "De naam is 2 tot 120 tekens.")]
        public string Title { get; set; } = "";

        [Required(ErrorMessage = "Kies de dag.")]
        [Range(1, 7, ErrorMessage = "Kies een dag van maandag tot en met zondag.")]
        public int? Weekday { get; set; }

        [Required(ErrorMessage = "Vul de begintijd in.")]
        public TimeOnly? StartsAt { get; set; }

        [Required(ErrorMessage = "Vul de eindtijd in.")]
        public TimeOnly? EndsAt { get; set; }

        [StringLength(120, ErrorMessage = "De plek is hooguit 120 tekens.")]
        public string? Location { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form = await spreekuren.LoadAsync(User.UserId(), PleinTime.Today(clock), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostToevoegenAsync(CancellationToken ct)
    {
        Form = await spreekuren.LoadAsync(User.UserId(), PleinTime.Today(clock), ct);
        if (Form is null) return Page();
        if (Input.StartsAt is TimeOnly from && Input.EndsAt is TimeOnly until && until <= from)
            ModelState.AddModelError("Input.EndsAt", "De eindtijd moet na de begintijd liggen.");
        if (Input.PleinId is int plein && Form.Pleinen.All(p => p.Id != plein))
            ModelState.AddModelError("Input.PleinId", "Kies een plein waar je werkt.");
        if (!ModelState.IsValid) return Page();

        var added = await spreekuren.AddAsync(User.UserId(), new NewSpreekuur(Input.PleinId!.Value, Input.Kind, Input.Title.Trim(),
            Input.Weekday!.Value, Input.StartsAt!.Value, Input.EndsAt!.Value, (Input.Location ?? "").Trim()), PleinTime.Today(clock), ct);
        if (added is null)
        {
            ModelState.AddModelError("Input.PleinId", "Kies een plein waar je werkt.");
            return Page();
        }
        Message = Added;
        return RedirectToPage();
    }

    /// <param name="spreekuur">Not named "id": an input named so shadows its form's own <c>id</c> property in the DOM.</param>
    public async Task<IActionResult> OnPostStoppenAsync(int spreekuur, CancellationToken ct)
    {
        // Someone else's (or an unknown) spreekuur is simply not found: nothing is said about whether it exists.
        if (!await spreekuren.StopAsync(User.UserId(), spreekuur, ct)) return NotFound();
        Message = Stopped;
        return RedirectToPage();
    }

    public static string DayName(int isoWeekday)
    {
        var name = System.Globalization.CultureInfo.GetCultureInfo("nl-NL").DateTimeFormat.GetDayName((DayOfWeek)(isoWeekday % 7));
        return char.ToUpper(name[0]) + name[1..];
    }
}
