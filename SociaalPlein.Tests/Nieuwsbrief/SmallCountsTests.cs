using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>The one small-cell rule (design.md §4): 1 to 4 print as "&lt;5", and nothing derived gives them away.</summary>
public sealed class SmallCountsTests
{
    [TestCase(0, "0")]
    [TestCase(1, "<5")]
    [TestCase(3, "<5")]
    [TestCase(4, "<5")]
    [TestCase(5, "5")]
    [TestCase(1234, "1.234")]
    public void Counts_from_1_to_4_print_as_less_than_5(long count, string text)
    {
        Assert.That(SmallCounts.Format(count), Is.EqualTo(text));
    }

    [TestCase(10, 5, "+100%")]
    [TestCase(5, 10, "−50%")]
    [TestCase(7, 7, "0%")]
    [TestCase(0, 10, "−100%")]
    [TestCase(13, 12, "+8%")]
    public void A_change_between_shown_counts_is_a_rounded_percentage(long current, long previous, string text)
    {
        Assert.That(SmallCounts.Change(current, previous), Is.EqualTo(text));
    }

    [TestCase(3, 10)]
    [TestCase(10, 3)]
    [TestCase(10, 0)]
    public void A_change_that_would_reveal_a_small_count_or_has_no_base_is_hidden(long current, long previous)
    {
        Assert.That(SmallCounts.Change(current, previous), Is.Null);
    }

    [TestCase(3, 10, "<5")]
    [TestCase(5, 20, "25%")]
    [TestCase(0, 10, "0%")]
    [TestCase(0, 0, "–")]
    public void A_share_of_a_small_count_is_hidden_too(long part, long total, string text)
    {
        Assert.That(SmallCounts.Share(part, total), Is.EqualTo(text));
    }

    [Test]
    public void Charts_draw_every_small_count_alike_and_the_others_as_they_are()
    {
        Assert.That(new long[] { 1, 2, 3, 4 }.Select(SmallCounts.ChartValue).Distinct(), Is.EqualTo(new[] { SmallCounts.HiddenChartValue }));
        Assert.That(new long[] { 0, 5, 120 }.Select(SmallCounts.ChartValue), Is.EqualTo(new[] { 0d, 5d, 120d }));
    }

    [Test]
    public void A_kerncijfer_line_prints_through_the_rule()
    {
        var line = KeyFigures.Lines(new KeyFigures(3, 0, 40, 25, 15, 12, 0, 9, 6, 0), new KeyFigures(8, 0, 32, 20, 12, 12, 2, 9, 5, 1))
            .ToDictionary(l => l.Label);

        Assert.That((line["Unieke bezoekers"].CurrentText, line["Unieke bezoekers"].PreviousText, line["Unieke bezoekers"].ChangeText),
            Is.EqualTo(("<5", "8", (string?)null)));
        Assert.That((line["Bezoeken"].CurrentText, line["Bezoeken"].ChangeText), Is.EqualTo(("40", "+25%")));
        Assert.That(line["Veelbezoekers"].ChangeText, Is.Null);
    }
}
