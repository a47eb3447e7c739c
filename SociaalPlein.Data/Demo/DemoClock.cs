using Bogus;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Demo;

/// <summary>The demo's calendar: when the plein is open, how busy a day is, and instants in Europe/Amsterdam.</summary>
internal static class DemoClock
{
    /// <summary>The instant of a local date and time at the plein, as timestamptz wants it (UTC).</summary>
    public static DateTime At(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time), PleinTime.Zone);

    /// <summary>Some moment in office hours (08:30–17:00) of that day.</summary>
    public static DateTime OfficeHours(Randomizer r, DateOnly date) =>
        At(date, new TimeOnly(8, 30).AddMinutes(r.Number(0, 510)));

    /// <summary>A moment in office hours between <paramref name="daysFrom"/> and <paramref name="daysTo"/> days back.</summary>
    public static DateTime DaysAgo(Randomizer r, DateOnly today, int daysFrom, int daysTo) =>
        OfficeHours(r, today.AddDays(-r.Number(daysFrom, daysTo)));

    /// <summary>Weekdays, except the public holidays on which the plein is closed.</summary>
    public static bool IsOpen(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>The nearest open day on or before the date.</summary>
    public static DateOnly OpenOnOrBefore(DateOnly date)
    {
        while (!IsOpen(date)) date = date.AddDays(-1);
        return date;
    }

    /// <summary>The nearest open day on or after the date.</summary>
    public static DateOnly OpenOnOrAfter(DateOnly date)
    {
        while (!IsOpen(date)) date = date.AddDays(1);
        return date;
    }

    /// <summary>
    /// How busy the plein is compared with an average day: quiet in the summer holidays and the last two weeks of
    /// December, busy after New Year and after the summer, when bills, forms and loneliness pile up.
    /// </summary>
    public static double Season(DateOnly date) => date switch
    {
        { Month: 12, Day: >= 18 } => 0.35,
        { Month: 1 or 2 or 3 } => 1.2,
        { Month: 4 or 5 } => 1.0,
        { Month: 6 } => 0.9,
        { Month: 7 } => 0.55,
        { Month: 8 } => 0.5,
        { Month: 9 or 10 or 11 } => 1.2,
        _ => 1.0,
    };

    static bool IsHoliday(DateOnly date)
    {
        if (date is { Month: 1, Day: 1 } or { Month: 4, Day: 27 } or { Month: 12, Day: 25 or 26 }) return true;
        var easter = EasterSunday(date.Year);
        // Goede Vrijdag is no public holiday for most employers; Easter Monday, Ascension and Whit Monday are.
        return date == easter.AddDays(1) || date == easter.AddDays(39) || date == easter.AddDays(50);
    }

    // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
