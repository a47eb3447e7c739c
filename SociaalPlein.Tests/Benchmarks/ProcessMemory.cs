using System.Globalization;
using System.Text.RegularExpressions;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The test process's resident memory from /proc/self/status (Linux): what the app would hold doing the same work,
/// since the benchmarks run the app's own code in this process.
/// </summary>
public static partial class ProcessMemory
{
    /// <summary>Collects garbage, then resets the peak (VmHWM) to the current resident set and returns that.</summary>
    public static long ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Resident;
    }

    /// <summary>Resident set now (VmRSS), in bytes.</summary>
    public static long Resident => Field("VmRSS");

    /// <summary>Peak resident set since the last <see cref="ResetPeak"/> (VmHWM), in bytes.</summary>
    public static long Peak => Field("VmHWM");

    public static string Mb(long bytes) => $"{bytes / 1048576.0:F0} MB";

    static long Field(string name)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
