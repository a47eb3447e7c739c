using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Spreekuren;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>The beheerder's API keys: one list for all pleinen, make a key (shown once), revoke a key.</summary>
public sealed class ApiSleutelsModel(ApiKeys keys, PublicSchedule schedule, AuditLog audit) : PageModel
{
    [BindProperty]
    public NewKeyInput Input { get; set; } = new();

    public IReadOnlyList<ApiKeyRow> Keys { get; private set; } = [];
    public IReadOnlyList<PleinOption> Pleinen { get; private set; } = [];

    /// <summary>The key just made: its only appearance, in the answer to the form that made it.</summary>
    public CreatedApiKey? Created { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public sealed class NewKeyInput
    {
        [Required(ErrorMessage = "Kies het plein waarvoor de sleutel is.")]
        public int? PleinId { get; set; }

        [Required(ErrorMessage = "Geef de sleutel een naam, bijvoorbeeld de sociale kaart die hem gebruikt.")]
        [StringLength(ApiKeys.NameMaxLength, ErrorMessage = "De naam mag hoogstens 80 tekens lang zijn.")]
        public string Name { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var name = Input.Name?.Trim() ?? "";
        if (ModelState.IsValid && name.Length < ApiKeys.NameMinLength)
            ModelState.AddModelError("Input.Name", "De naam moet minstens 2 tekens lang zijn.");
        if (Input.PleinId is { } chosen && Pleinen.All(p => p.Id != chosen))
            ModelState.AddModelError("Input.PleinId", "Kies een plein uit de lijst.");
        if (ModelState.IsValid && await keys.NameInUseAsync(Input.PleinId!.Value, name, ct))
            ModelState.AddModelError("Input.Name", "Dit plein heeft al een sleutel in gebruik met deze naam. Kies een andere naam.");
        if (!ModelState.IsValid) return Page();

        Created = await keys.CreateAsync(Input.PleinId!.Value, name, User.UserId(), ct);
        await audit.WriteAsync(Entry("api_key.create", Created.Id, Input.PleinId, new { name }), ct);
        // The key is in this answer only: no browser or proxy may keep a copy.
        Response.Headers.CacheControl = "no-store";
        Input = new NewKeyInput();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var pleinId = await keys.RevokeAsync(id, ct);
        if (pleinId is null)
        {
            Message = "Deze sleutel bestaat niet of is al ingetrokken.";
            return RedirectToPage();
        }
        await audit.WriteAsync(Entry("api_key.revoke", id, pleinId, detail: null), ct);
        Message = "De sleutel is ingetrokken. Wie hem gebruikt, krijgt vanaf nu geen toegang meer.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWorkContactsAsync(int id, bool allowed, CancellationToken ct)
    {
        var pleinId = await keys.SetWorkContactsAsync(id, allowed, ct);
        if (pleinId is null)
        {
            Message = "Deze sleutel bestaat niet of is al ingetrokken.";
            return RedirectToPage();
        }
        await audit.WriteAsync(Entry("api_key.work_contacts", id, pleinId, new { allowed }), ct);
        Message = allowed
            ? "Met deze sleutel zijn nu ook de werktelefoon en het werk-e-mailadres van professionals te lezen."
            : "Met deze sleutel zijn de werktelefoon en het werk-e-mailadres van professionals niet meer te lezen.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Keys = await keys.ListAsync(ct);
        Pleinen = await schedule.PleinenAsync(ct);
    }

    AuditEntry Entry(string action, int keyId, int? pleinId, object? detail) => new(action, Allowed: true,
        UserId: User.UserId(), UserEmail: User.FindFirstValue(ClaimTypes.Email), Role: User.FindFirstValue(ClaimTypes.Role),
        ObjectType: "plein_api_key", ObjectId: keyId.ToString(), PleinId: pleinId,
        ClientAddress: HttpContext.Connection.RemoteIpAddress, Detail: detail);
}
