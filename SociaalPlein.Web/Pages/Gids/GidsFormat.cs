using System.Globalization;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Gids;

/// <summary>How directory entries read in Dutch on the gids pages and /profiel: dates, days, capacity, domein.</summary>
public static class GidsFormat
{
    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>"5 maart 2026", in Amsterdam time.</summary>
    public static string Date(DateTime utc) =>
        PleinTime.Local(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d MMMM yyyy", Dutch);

    /// <summary>"dinsdag" for ISO weekday 2.</summary>
    public static string Day(int isoWeekday) => Dutch.DateTimeFormat.GetDayName((DayOfWeek)(isoWeekday % 7));

    public static string Times(TimeOnly from, TimeOnly to) => $"{from:HH\\:mm}–{to:HH\\:mm}";

    public static string Capacity(string state, int? weeks) => state switch
    {
        "wachtlijst" => weeks is int w ? $"Wachtlijst: ongeveer {w} {(w == 1 ? "week" : "weken")}" : "Wachtlijst",
        "vol" => "Vol: geen nieuwe verwijzingen",
        _ => "Ruimte voor nieuwe verwijzingen",
    };

    public static string Domein(string domein) => domein.Length == 0 ? domein : char.ToUpper(domein[0], Dutch) + domein[1..];
}
