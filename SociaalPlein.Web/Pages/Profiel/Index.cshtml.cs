using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Profiel;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Profiel;

/// <summary>
/// A professional keeps their own gids entry current. There is no id in the address or the form: the entry is the
/// signed-in account's own (app_user.professional_id), so nobody can edit another professional's entry.
/// </summary>
public sealed class IndexModel(OwnProfile profiles, TimeProvider clock) : PageModel
{
    public const string Saved = "Je gegevens zijn opgeslagen. Collega's zien ze meteen in de gids.";
    public const string Confirmed = "Dank je! We hebben genoteerd dat je gegevens nog kloppen.";

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    /// <summary>Null when the account has no (active) entry in the gids.</summary>
    public OwnProfileForm? Form { get; private set; }

    public bool MayBeOutdated => Form is not null && StaleEntries.IsPossiblyOutdated(Form.Professional.VerifiedAt, clock.GetUtcNow());

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = await profiles.LoadAsync(User.UserId(), ct);
        if (Form is not null) Input = ProfileInput.From(Form);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = await profiles.LoadAsync(User.UserId(), ct);
        if (Form is null) return Page();
        var edit = Input.Check(ModelState);
        if (edit is null) return Page();

        var result = await profiles.SaveAsync(User.UserId(), edit, ct);
        if (result.Status == OwnProfileSaveStatus.NoProfessional)
        {
            Form = null;
            return Page();
        }
        foreach (var set in result.UnknownIn)
            ModelState.AddModelError($"{nameof(Input)}.{ProfileInput.FieldOf(set)}", ProfileInput.UnknownChoiceMessage(set));
        if (!ModelState.IsValid) return Page();

        Message = Saved;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostBevestigAsync(CancellationToken ct)
    {
        if (!await profiles.ConfirmCurrentAsync(User.UserId(), ct)) return Page();
        Message = Confirmed;
        return RedirectToPage();
    }

    public const int MaxAbout = 2000;
    public const int MaxWeeks = 104;

    /// <summary>
    /// The form as posted. Everything binds as text, so that a tampered or mistyped value gets a Dutch message
    /// next to its field rather than the framework's English one.
    /// </summary>
    public sealed class ProfileInput
    {
        public string? Function { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? About { get; set; }
        public string? Capacity { get; set; }
        public string? CapacityWeeks { get; set; }
        public string[] Leefgebieden { get; set; } = [];
        public string[] Languages { get; set; } = [];
        public string[] Wijken { get; set; } = [];

        public static ProfileInput From(OwnProfileForm form) => new()
        {
            Function = form.Professional.Function,
            Phone = form.Professional.Phone,
            Email = form.Professional.Email,
            About = form.Professional.About,
            Capacity = form.Professional.Capacity,
            CapacityWeeks = form.Professional.CapacityWeeks?.ToString(CultureInfo.InvariantCulture),
            Leefgebieden = form.Leefgebieden.Where(l => l.Chosen).Select(l => l.Id.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Languages = form.Languages.Where(l => l.Chosen).Select(l => l.Code).ToArray(),
            Wijken = form.Wijken.Where(w => w.Chosen).Select(w => w.Id.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };

        public bool Has(string[] chosen, object value) => chosen.Contains(Convert.ToString(value, CultureInfo.InvariantCulture));

        /// <summary>The edit to store, or null with a message per wrong field in <paramref name="errors"/>. Mirrors the CHECKs of db/0002.</summary>
        public OwnProfileEdit? Check(ModelStateDictionary errors)
        {
            void Error(string field, string message) => errors.AddModelError($"{nameof(Input)}.{field}", message);

            var function = (Function ?? "").Trim();
            if (function.Length == 0) Error(nameof(Function), "Vul je functie in.");
            else if (function.Length is < 2 or > 120) Error(nameof(Function), "Je functie moet tussen 2 en 120 tekens lang zijn.");

            var phone = (Phone ?? "").Trim();
            if (!ContactFormat.IsPhone(phone))
                Error(nameof(Phone), "Een telefoonnummer bestaat uit cijfers, spaties en + ( ) - en is hoogstens 20 tekens lang.");

            var email = (Email ?? "").Trim();
            if (email.Length > 254 || (email.Length > 0 && !ContactFormat.IsEmail(email)))
                Error(nameof(Email), "Dit is geen geldig e-mailadres.");

            // Browsers send a line break as \r\n but count it as one character; so do we.
            var about = (About ?? "").Replace("\r\n", "\n").Trim();
            if (about.Length > MaxAbout)
                Error(nameof(About), $"Deze tekst is {about.Length} tekens lang; er passen er hoogstens {MaxAbout}.");

            var capacity = Capacity ?? "";
            int? weeks = null;
            if (capacity is not ("ruimte" or "wachtlijst" or "vol"))
                Error(nameof(Capacity), "Kies of je ruimte hebt, een wachtlijst hebt of vol zit.");
            else if (capacity == "wachtlijst")
            {
                if (int.TryParse(CapacityWeeks, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 1 and <= MaxWeeks)
                    weeks = w;
                else
                    Error(nameof(CapacityWeeks), $"Vul in hoeveel weken de wachtlijst ongeveer is (1 tot {MaxWeeks}).");
            }

            var leefgebieden = Numbers(Leefgebieden);
            if (leefgebieden is null) Error(nameof(Leefgebieden), UnknownChoiceMessage("leefgebieden"));
            var wijken = Numbers(Wijken);
            if (wijken is null) Error(nameof(Wijken), UnknownChoiceMessage("wijken"));

            if (!errors.IsValid) return null;
            return new OwnProfileEdit(function, phone, email, about, capacity, weeks, leefgebieden!, Languages.Distinct().ToList(), wijken!);
        }

        static List<int>? Numbers(string[] values)
        {
            var numbers = new List<int>();
            foreach (var value in values)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
                numbers.Add(n);
            }
            return numbers;
        }

        public static string FieldOf(string set) => set switch
        {
            "leefgebieden" => nameof(Leefgebieden),
            "languages" => nameof(Languages),
            _ => nameof(Wijken),
        };

        public static string UnknownChoiceMessage(string set) => set switch
        {
            "leefgebieden" => "Kies alleen leefgebieden uit de lijst.",
            "languages" => "Kies alleen talen uit de lijst.",
            _ => "Kies alleen wijken van jouw plein uit de lijst.",
        };
    }
}
