using Bogus;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// The closed loop of one referral (design.md §3): which steps it goes through and when. Steps that would
/// fall after today have not happened yet, so recent referrals are still open and older ones mostly closed.
/// </summary>
internal static class DemoReferralLoop
{
    sealed record Step(string Status, int MinDays, int MaxDays, bool ByReferrer = false);

    public static List<DemoStatusEvent> Events(
        Randomizer r, DateTime sentAt, int? referrer, int? receiver, bool spoed, DateOnly today)
    {
        var events = new List<DemoStatusEvent> { new("verzonden", null, null, null, referrer, sentAt) };
        var at = sentAt;
        foreach (var step in ChoosePath(r, spoed))
        {
            var next = After(r, at, step.MinDays, step.MaxDays);
            if (LocalDate(next) > today) break;
            events.Add(EventFor(r, step, step.ByReferrer ? referrer : receiver, next));
            at = next;
        }
        return events;
    }

    static IEnumerable<Step> ChoosePath(Randomizer r, bool spoed)
    {
        var roll = r.Double();
        if (roll < 0.03) return [new("geannuleerd", 0, 3, ByReferrer: true)];
        if (roll < 0.10) return [new("afgewezen", 1, 7)];
        if (roll < 0.12) return []; // never picked up: the receiver did not update it
        var quick = spoed ? 1 : 4;
        Step accepted = new("geaccepteerd", 0, quick);
        roll = r.Double();
        if (roll < 0.06) return [accepted, new("niet_bereikt", 3, 14)];
        if (roll < 0.08) return [accepted, new("afgewezen", 1, 10)];
        if (roll < 0.11) return [accepted];
        Step contact = new("contact_gelegd", spoed ? 0 : 1, spoed ? 2 : 10);
        if (r.Bool(0.04f)) return [accepted, contact];
        return [accepted, contact, new("afgerond", 5, 60)];
    }

    static DemoStatusEvent EventFor(Randomizer r, Step step, int? changedBy, DateTime at) => step.Status switch
    {
        "afgewezen" => new(step.Status, null, r.ArrayElement(DemoZorgvragen.RefusedReasons), null, changedBy, at),
        "niet_bereikt" => new(step.Status, null, r.ArrayElement(DemoZorgvragen.NotReachedReasons), null, changedBy, at),
        "geannuleerd" => new(step.Status, null, r.Bool(0.7f) ? r.ArrayElement(DemoZorgvragen.CancelledReasons) : null, null, changedBy, at),
        "contact_gelegd" => new(step.Status, null, null, r.Bool(0.4f) ? r.ArrayElement(DemoZorgvragen.ContactNotes) : null, changedBy, at),
        "afgerond" => new(step.Status, Outcome(r), null, null, changedBy, at),
        _ => new(step.Status, null, null, null, changedBy, at),
    };

    static string Outcome(Randomizer r) => r.Double() switch
    {
        < 0.68 => "geholpen",
        < 0.84 => "doorverwezen",
        < 0.93 => "niet_verschenen",
        _ => "anders",
    };

    // The same day a little later, or a later working day in office hours: always after the previous step.
    static DateTime After(Randomizer r, DateTime previous, int minDays, int maxDays)
    {
        var days = r.Number(minDays, maxDays);
        if (days == 0) return previous.AddMinutes(r.Number(15, 180));
        return DemoClock.OfficeHours(r, DemoClock.OpenOnOrAfter(LocalDate(previous).AddDays(days)));
    }

    public static DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, PleinTime.Zone));
}
