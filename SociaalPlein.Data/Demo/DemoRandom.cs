using Bogus;

namespace SociaalPlein.Data.Demo;

internal static class DemoRandom
{
    /// <summary>
    /// One item, in proportion to its weight. (Bogus's WeightedRandom wants weights that already sum to 1 and
    /// otherwise quietly returns the first item.)
    /// </summary>
    public static T Weighted<T>(this Randomizer r, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var pick = r.Double() * total;
        foreach (var item in items)
            if ((pick -= weight(item)) < 0) return item;
        return items[^1];
    }
}
