using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Data.Accounts;

/// <summary>The roles of design.md §2, lowest first (app_user.role).</summary>
public static class AccountRoles
{
    public static readonly string[] All = ["professional", "projectleider", "beheerder"];

    /// <summary>A beheerder sees every plein; the other roles work at the pleinen of their account and need at least one.</summary>
    public static bool NeedsPlein(string role) => role != "beheerder";
}

/// <summary>The role and pleinen of an account, as the beheerder chooses them (invite form and edit form alike).</summary>
public class AccessInput
{
    public string? Role { get; set; }
    public List<int> PleinIds { get; set; } = [];

    /// <summary>The checked role and pleinen; <paramref name="current"/> are the account's pleinen, which may stay even if retired.</summary>
    protected (string Role, int[] PleinIds) CheckAccess(EntryChecks c, DirectoryChoices choices, IEnumerable<int> current)
    {
        var role = EntryChecks.Clean(Role);
        if (!AccountRoles.All.Contains(role)) c.Add(nameof(Role), "Kies een rol: professional, projectleider of beheerder.");
        var pleinIds = c.Among(nameof(PleinIds), PleinIds, choices.PleinIdsFor(current), EntryChecks.UnknownPlein);
        if (pleinIds.Length == 0 && PleinIds.Count == 0 && AccountRoles.NeedsPlein(role))
            c.Add(nameof(PleinIds), "Kies minstens één plein: een professional en een projectleider werken bij een plein.");
        return (role, pleinIds);
    }

    public (string Role, int[] PleinIds, IReadOnlyList<FieldError> Errors) Check(DirectoryChoices choices, IEnumerable<int> current)
    {
        var c = new EntryChecks();
        var (role, pleinIds) = CheckAccess(c, choices, current);
        return (role, pleinIds, c.Errors);
    }
}

/// <summary>The invite form: who (address, name), their role and pleinen, and optionally the professional in the gids they are.</summary>
public sealed class InvitationInput : AccessInput
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public int? ProfessionalId { get; set; }

    public (Invitation Values, IReadOnlyList<FieldError> Errors) Check(DirectoryChoices choices)
    {
        var c = new EntryChecks();
        var email = c.Email(nameof(Email), Email).ToLowerInvariant();
        if (email.Length == 0) c.Add(nameof(Email), "Vul het e-mailadres in.");
        // Lower-cased the same way in C# and PostgreSQL (app_user_email_check), and accepted by every mail server.
        else if (c.Ok && email.Any(ch => ch is < '!' or > '~'))
            c.Add(nameof(Email), "Gebruik een e-mailadres met alleen gewone letters, cijfers en leestekens (geen é, spatie of ander teken).");
        var name = c.Required(nameof(DisplayName), DisplayName, "de naam", 2, 120);
        var (role, pleinIds) = CheckAccess(c, choices, []);
        return (new Invitation(email, name, role, pleinIds, ProfessionalId), c.Errors);
    }
}

/// <summary>A checked invitation, ready to store.</summary>
public sealed record Invitation(string Email, string DisplayName, string Role, int[] PleinIds, int? ProfessionalId);
