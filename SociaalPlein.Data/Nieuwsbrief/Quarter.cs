using System.Globalization;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// A calendar quarter at the plein. Dates (<c>referred_on</c>, <c>visited_on</c>) are already local dates; instants
/// (<c>timestamptz</c>) are compared with <see cref="StartsAt"/> and <see cref="EndsAt"/>, the quarter's boundaries
/// in Europe/Amsterdam, so a status change at 23:30 on 31 March local time counts in Q1.
/// </summary>
public readonly partial record struct Quarter : IComparable<Quarter>
{
    public int Year { get; }
    public int Number { get; }

    public Quarter(int year, int number)
    {
        if (year is < 2000 or > 2100) throw new ArgumentOutOfRangeException(nameof(year), year, "Year between 2000 and 2100.");
        if (number is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(number), number, "Quarter 1 to 4.");
        (Year, Number) = (year, number);
    }

    public static Quarter Of(DateOnly date) => new(date.Year, (date.Month - 1) / 3 + 1);

    /// <summary>The last quarter that has ended on <paramref name="today"/>: the one a newsletter made today is about.</summary>
    public static Quarter LastCompleted(DateOnly today) => Of(today).Previous;

    /// <summary>The first day of the quarter.</summary>
    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);

    /// <summary>The first day after the quarter (exclusive end).</summary>
    public DateOnly End => Start.AddMonths(3);

    /// <summary>The last day of the quarter (inclusive).</summary>
    public DateOnly LastDay => End.AddDays(-1);

    /// <summary>Midnight at the start of the quarter in Europe/Amsterdam, as UTC.</summary>
    public DateTime StartsAt => Midnight(Start);

    /// <summary>Midnight after the quarter in Europe/Amsterdam, as UTC (exclusive).</summary>
    public DateTime EndsAt => Midnight(End);

    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);
    public Quarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);

    /// <summary>This quarter and the ones before it, oldest first.</summary>
    public IReadOnlyList<Quarter> LastQuarters(int count)
    {
        var list = new Quarter[count];
        var q = this;
        for (var i = count - 1; i >= 0; i--) { list[i] = q; q = q.Previous; }
        return list;
    }

    public bool Contains(DateOnly date) => date >= Start && date < End;

    /// <summary>"Q3 2026", as titles and tables print it.</summary>
    public override string ToString() => $"Q{Number} {Year}";

    /// <summary>"2026-Q3", as URLs and forms carry it.</summary>
    public string Key => $"{Year}-Q{Number}";

    /// <summary>"juli – september 2026".</summary>
    public string Months => $"{Start.ToString("MMMM", Dutch)} – {LastDay.ToString("MMMM yyyy", Dutch)}";

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        var m = KeyPattern().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100) return false;
        quarter = new Quarter(year, m.Groups[2].Value[0] - '0');
        return true;
    }

    public int CompareTo(Quarter other) => (Year, Number).CompareTo((other.Year, other.Number));
    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;
    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;

    static DateTime Midnight(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), PleinTime.Zone);

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    // [0-9], not \d: \d also matches other scripts' digits ("２０２６"), which int.Parse then refuses with an exception.
    [GeneratedRegex(@"^([0-9]{4})-?[Qq]([1-4])$")]
    private static partial Regex KeyPattern();
}
