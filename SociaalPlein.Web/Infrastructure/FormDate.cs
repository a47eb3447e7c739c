using System.Globalization;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>A date as a form sends it: a date field's 2026-11-23, or 23-11-2026 / 23/11/2026 as a Dutch reader types it.</summary>
public static class FormDate
{
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;
}
