namespace SociaalPlein.Data.Infrastructure;

/// <summary>The plein's clock: every date a user sees, and every quarter boundary, is Europe/Amsterdam.</summary>
public static class PleinTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()));

    /// <summary>ISO weekday (1 = maandag … 7 = zondag), as the spreekuur table stores it.</summary>
    public static int IsoWeekday(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
}
