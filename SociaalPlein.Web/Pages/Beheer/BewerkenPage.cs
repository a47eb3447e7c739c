using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Beheer.Accounts;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>
/// The flow the beheer's edit pages (organisations, professionals, accounts) share: load the entry or answer 404, show
/// its form, save it, ask before deactivating it (or say at once why that cannot be), and show a refusal on the page as
/// it was or a notice after the redirect. Each page says what it loads, how it saves and what it asks.
/// </summary>
public abstract class BewerkenPage<TEntry, TInput> : PageModel where TEntry : class where TInput : new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    public TEntry Entry { get; protected set; } = null!;
    public DirectoryChoices Choices { get; protected set; } = null!;
    /// <summary>Why an action was refused, shown in the page's status section.</summary>
    public string? Refusal { get; private set; }
    /// <summary>The confirmation step of a deactivation, shown on the first POST instead of acting.</summary>
    public Confirmation? Confirm { get; private set; }

    /// <summary>Reads the entry and what its page shows with it; false when there is no such entry.</summary>
    protected abstract Task<bool> LoadAsync(int id, CancellationToken ct);

    /// <summary>The form filled with the stored values.</summary>
    protected abstract TInput InputFrom(TEntry entry);

    /// <summary>Checks and stores the posted form of the loaded entry.</summary>
    protected abstract Task<IActionResult> SaveAsync(int id, CancellationToken ct);

    protected abstract Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct);

    /// <summary>Why the acting account may not deactivate this entry, asked before the confirmation step.</summary>
    protected virtual Task<string?> DeactivationRefusalAsync(int id, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>What the confirmation step asks (its route is added here).</summary>
    protected abstract Confirmation DeactivationQuestion(int id);

    /// <summary>A deactivation refused at once, with nothing to confirm.</summary>
    protected virtual bool RefusedWithoutConfirmation(int id) => false;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = InputFrom(Entry);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? await SaveAsync(id, ct) : NotFound();

    public Task<IActionResult> OnPostDeactiverenAsync(int id, CancellationToken ct) =>
        Confirmation.Given(Request) || RefusedWithoutConfirmation(id) ? SetActiveAsync(id, false, ct) : ConfirmDeactivationAsync(id, ct);

    public Task<IActionResult> OnPostActiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    async Task<IActionResult> ConfirmDeactivationAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = InputFrom(Entry);
        // Refused before anything is asked: confirming what cannot be done would only waste a click.
        if (await DeactivationRefusalAsync(id, ct) is { } refusal)
        {
            Refusal = refusal;
            return Page();
        }
        Confirm = DeactivationQuestion(id) with { Route = new() { ["id"] = id.ToString() } };
        return Page();
    }

    /// <summary>The page as it was, with the reason an action was refused in the status section.</summary>
    protected async Task<IActionResult> RefuseAsync(int id, string refusal, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = InputFrom(Entry);
        Refusal = refusal;
        return Page();
    }

    /// <summary>Back to the entry's page, with a notice of what was done.</summary>
    protected IActionResult Done(int id, string notice)
    {
        TempData[BeheerForm.Notice] = notice;
        return RedirectToPage(new { id });
    }
}

/// <summary>
/// The edit page of a gids entry (organisation or professional), on its <see cref="EntryAdmin{TValues, TEntry}"/>: the
/// form is checked by the page and stored by the admin, and (de)activating deactivates the accounts of the professionals
/// it takes along, each audited under <paramref name="auditKind"/>.
/// </summary>
public abstract class GidsEntryBewerkenPage<TAdmin, TValues, TEntry, TInput>(TAdmin admin, AuditLog audit, string auditKind,
    string activatedNotice, string deactivatedNotice) : BewerkenPage<TEntry, TInput>
    where TAdmin : EntryAdmin<TValues, TEntry>
    where TValues : IEntryValues
    where TEntry : class, IEntry<TValues>
    where TInput : new()
{
    protected TAdmin Admin { get; } = admin;

    public WijzigingenView History { get; protected set; } = null!;

    /// <summary>The posted form's checked values against the loaded entry, or the reasons they cannot be stored.</summary>
    protected abstract (TValues Values, IReadOnlyList<FieldError> Errors) Check();

    protected sealed override async Task<IActionResult> SaveAsync(int id, CancellationToken ct)
    {
        var (values, errors) = Check();
        if (ModelState.Refuse(errors)) return Page();
        if (await Admin.UpdateAsync(id, values, User.UserId(), ct) is null) return NotFound();
        return Done(id, "De wijzigingen zijn opgeslagen.");
    }

    protected sealed override Task<string?> DeactivationRefusalAsync(int id, CancellationToken ct) =>
        Admin.DeactivationRefusalAsync(id, User.UserId(), ct);

    protected sealed override async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var (found, refusal, deactivatedAccounts) = await Admin.SetActiveAsync(id, active, User.UserId(), ct);
        if (!found) return NotFound();
        await audit.AccountsDeactivatedAsync(this, deactivatedAccounts, auditKind, ct);
        if (refusal is not null) return await RefuseAsync(id, refusal, ct);
        return Done(id, active ? activatedNotice : deactivatedNotice);
    }
}
