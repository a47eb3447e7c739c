namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// The confirmation step of an action that cannot be taken back or that goes out: sending a newsletter, cancelling or
/// withdrawing a referral, withdrawing a visit, deactivating an account, professional or organisation. The action's
/// own button is the first POST: its handler renders this step (what will happen, to whom) instead of acting, and acts
/// only on the second POST from this step's button, which carries <see cref="Field"/>. No JavaScript needed; the
/// buttons are named for the action, never a bare "OK" or "Annuleren" (a Dutch user reads that as "close this").
/// </summary>
public sealed record Confirmation(string Title, string Text, string Handler, string ConfirmLabel, string BackUrl, string BackLabel)
{
    public const string Field = "bevestigd";
    public const string Yes = "ja";

    /// <summary>Route values of the page's own address (its id).</summary>
    public Dictionary<string, string> Route { get; init; } = [];

    /// <summary>The first POST's input, carried to the second unchanged.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>A reason to type on this step (a withdrawal's), with its message when it was missing.</summary>
    public ConfirmationReason? Reason { get; init; }

    /// <summary>The second POST: sent by this step's button, not by the action's first button or a crafted single POST.</summary>
    public static bool Given(HttpRequest request) => request.HasFormContentType && request.Form[Field] == Yes;
}

public sealed record ConfirmationReason(string Name, string Label, string Hint, string? Value, string? Error, int MaxLength);
