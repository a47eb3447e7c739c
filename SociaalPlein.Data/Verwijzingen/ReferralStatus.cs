namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// The closed loop of a referral (design.md §3): the receiving side moves it forward
/// (<c>verzonden → geaccepteerd → contact_gelegd → afgerond</c>) or closes it as <c>afgewezen</c> / <c>niet_bereikt</c>
/// with a reason from any open state; the sending side may cancel (<c>geannuleerd</c>) an open one. <c>afgerond</c>
/// carries an outcome. The codes are the database's; the labels what a Dutch user reads.
/// </summary>
public static class ReferralStatus
{
    public const string Verzonden = "verzonden";
    public const string Geaccepteerd = "geaccepteerd";
    public const string ContactGelegd = "contact_gelegd";
    public const string Afgerond = "afgerond";
    public const string Afgewezen = "afgewezen";
    public const string NietBereikt = "niet_bereikt";
    public const string Geannuleerd = "geannuleerd";

    public static readonly IReadOnlyList<string> All = [Verzonden, Geaccepteerd, ContactGelegd, Afgerond, Afgewezen, NietBereikt, Geannuleerd];

    /// <summary>Still waiting for the receiving side; as SQL, the same list for queries.</summary>
    public static readonly IReadOnlyList<string> Open = [Verzonden, Geaccepteerd, ContactGelegd];
    public const string OpenSql = "('verzonden', 'geaccepteerd', 'contact_gelegd')";

    /// <summary>An open referral untouched for longer than this "wacht op reactie", on both sides, so
    /// that a referral nobody acts on is chased rather than forgotten.</summary>
    public static readonly TimeSpan WaitingAfter = TimeSpan.FromDays(14);

    public const int MaxReasonLength = 200;
    public const int MaxNoteLength = 500;

    public static readonly IReadOnlyList<(string Code, string Label)> Outcomes =
        [("geholpen", "Geholpen"), ("doorverwezen", "Doorverwezen"), ("niet_verschenen", "Niet verschenen"), ("anders", "Anders")];

    /// <summary>The short list offered for afgewezen and niet_bereikt; "anders" asks for the reason in words.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Reasons =
        [("geen_capaciteit", "Geen capaciteit"), ("past_niet", "Past niet bij aanbod"), ("niet_bereikbaar", "Niet bereikbaar"), (OtherReason, "Anders")];
    public const string OtherReason = "anders";

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>
    /// A stored reason ("Geen capaciteit: wachtlijst tot maart", or only words for "anders") as a referrer without the
    /// visitor's consent to feedback may read it: the chosen label, never the words, which may say something about
    /// the visitor.
    /// </summary>
    public static string? ReasonLabel(string? stored) => stored is null ? null
        : Reasons.Where(r => r.Code != OtherReason).Select(r => r.Label)
              .FirstOrDefault(label => stored == label || stored.StartsWith(label + ":", StringComparison.Ordinal))
          ?? Reasons.First(r => r.Code == OtherReason).Label;

    /// <summary>The code of the chosen reason in a stored one (for the export, where every column holds codes).</summary>
    public static string? ReasonCode(string? stored) => ReasonLabel(stored) is { } label ? Reasons.First(r => r.Label == label).Code : null;

    /// <summary>The steps the receiving side may take from <paramref name="from"/>.</summary>
    public static IReadOnlyList<string> Forward(string from) => from switch
    {
        Verzonden => [Geaccepteerd, Afgewezen, NietBereikt],
        Geaccepteerd => [ContactGelegd, Afgewezen, NietBereikt],
        ContactGelegd => [Afgerond, Afgewezen, NietBereikt],
        _ => [],
    };

    /// <summary>Cancelling is the sender's; every other step the receiver's.</summary>
    public static bool IsSendersStep(string to) => to == Geannuleerd;

    public static bool IsAllowed(string from, string to) =>
        IsSendersStep(to) ? IsOpen(from) : Forward(from).Contains(to);

    public static bool NeedsReason(string to) => to is Afgewezen or NietBereikt;

    public static string Label(string status) => status switch
    {
        Verzonden => "Verzonden",
        Geaccepteerd => "Geaccepteerd",
        ContactGelegd => "Contact gelegd",
        Afgerond => "Afgerond",
        Afgewezen => "Afgewezen",
        NietBereikt => "Niet bereikt",
        Geannuleerd => "Geannuleerd",
        _ => status,
    };

    /// <summary>The button that takes the step to <paramref name="to"/>.</summary>
    public static string ActionLabel(string to) => to switch
    {
        Geaccepteerd => "Accepteren",
        ContactGelegd => "Contact gelegd",
        Afgerond => "Afronden",
        Afgewezen => "Afwijzen",
        NietBereikt => "Niet bereikt",
        // Never a bare "Annuleren": a Dutch user reads that as "close this panel".
        Geannuleerd => "Verwijzing annuleren",
        _ => Label(to),
    };

    public static string OutcomeLabel(string? outcome) =>
        Outcomes.FirstOrDefault(o => o.Code == outcome).Label ?? outcome ?? "";
}

/// <summary>Field keys of a status change, for the page to put each problem next to its field.</summary>
public static class StatusFields
{
    public const string To = "To";
    public const string Outcome = "Outcome";
    public const string Reason = "Reason";
    public const string ReasonText = "ReasonText";
    public const string Note = "Note";
}

/// <summary>
/// A status change as the form enters it. <see cref="From"/> is the status the user saw: the change only happens
/// while the referral still has it, so two people clicking at once cannot both win.
/// </summary>
public sealed record StatusChange(string From, string To, string? Outcome = null, string? Reason = null, string? ReasonText = null, string? Note = null)
{
    /// <summary>The reason as stored: the chosen label, with the words typed beside it; for "anders" the words alone.</summary>
    public string? StoredReason
    {
        get
        {
            if (!ReferralStatus.NeedsReason(To)) return null;
            var words = Clean(ReasonText);
            var label = ReferralStatus.Reasons.FirstOrDefault(r => r.Code == Reason).Label;
            if (label is null) return null;
            if (Reason == ReferralStatus.OtherReason) return words;
            return words is null ? label : $"{label}: {words}";
        }
    }

    public string? StoredOutcome => To == ReferralStatus.Afgerond ? Outcome : null;

    public string? StoredNote => Clean(Note);

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>What is wrong with the change as entered, in Dutch, by field; empty when it may be tried.</summary>
    public IReadOnlyList<EntryProblem> Problems()
    {
        var problems = new List<EntryProblem>();
        void Add(string field, string message) => problems.Add(new EntryProblem(null, field, message));

        if (!ReferralStatus.IsAllowed(From, To))
            Add(StatusFields.To, $"Van '{ReferralStatus.Label(From)}' kan de verwijzing niet naar '{ReferralStatus.Label(To)}'.");
        if (To == ReferralStatus.Afgerond && ReferralStatus.Outcomes.All(o => o.Code != Outcome))
            Add(StatusFields.Outcome, "Kies de uitkomst: geholpen, doorverwezen, niet verschenen of anders.");
        if (ReferralStatus.NeedsReason(To))
        {
            if (ReferralStatus.Reasons.All(r => r.Code != Reason))
                Add(StatusFields.Reason, "Kies een reden.");
            else if (Reason == ReferralStatus.OtherReason && ReferralFieldRules.Length(Clean(ReasonText) ?? "") < 2)
                Add(StatusFields.ReasonText, "Beschrijf de reden in een paar woorden.");
            else if (StoredReason is { } reason && ReferralFieldRules.Length(reason) > ReferralStatus.MaxReasonLength)
                Add(StatusFields.ReasonText, $"De reden is te lang: samen met de gekozen reden hooguit {ReferralStatus.MaxReasonLength} tekens.");
        }
        if (StoredNote is { } note && ReferralFieldRules.Length(note) > ReferralStatus.MaxNoteLength)
            Add(StatusFields.Note, $"De notitie is te lang: hooguit {ReferralStatus.MaxNoteLength} tekens (nu {ReferralFieldRules.Length(StoredNote)}).");
        return problems;
    }
}
