namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// The veelbezoeker rule (issue: register): a visitor with at least the plein's threshold of visits (default 3) within
/// its window (default 90 days) counting back from today, today included: with a 90-day window on 23 November that
/// is 26 August up to and including 23 November.
/// </summary>
public static class FrequentVisitors
{
    /// <summary>Visit <c>x</c> lies within the window of plein <c>n</c>, up to <c>@today</c>, and was not withdrawn.</summary>
    public const string VisitInWindow =
        "(x.visited_on <= @today AND x.visited_on > @today - n.frequent_visitor_window_days AND x.withdrawn_at IS NULL)";

    /// <summary>Referral <c>r</c> lies within the same window: the leefgebieden of /veelbezoekers count both.</summary>
    public const string ReferralInWindow =
        "(r.referred_on <= @today AND r.referred_on > @today - n.frequent_visitor_window_days AND r.withdrawn_at IS NULL)";

    /// <summary>The visits of visitor <c>v</c> within the window of plein <c>n</c>, up to <c>@today</c>.</summary>
    public const string VisitsInWindow = $"""
        (SELECT count(*)::int FROM visit x
         WHERE x.visitor_id = v.id AND {VisitInWindow})
        """;

    /// <summary>The first day of the window that ends on <paramref name="today"/>, for "sinds 26 augustus".</summary>
    public static DateOnly WindowStart(DateOnly today, int windowDays) => today.AddDays(1 - windowDays);
}
