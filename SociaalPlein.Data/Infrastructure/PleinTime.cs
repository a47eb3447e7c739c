namespace SociaalPlein.Data.Infrastructure;

/// <summary>The plein's clock: every date a user sees, and every quarter boundary, is Europe/Amsterdam.</summary>
public static class PleinTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>A stored timestamptz (read as UTC) as the date a Dutch reader expects: "23 november 2026".</summary>
    public static string DateText(DateTime utc) =>
        Local(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d MMMM yyyy", Dutch);

    public static string DateText(DateOnly date) => date.ToString("d MMMM yyyy", Dutch);

    static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()));

    /// <summary>ISO weekday (1 = maandag … 7 = zondag), as the spreekuur table stores it.</summary>
    public static int IsoWeekday(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
}
