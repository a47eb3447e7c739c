using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// Small-cell suppression of the metingen table, primary ("&lt;5" for 1–4) and secondary ("x" where a single hidden
/// cell would follow from the row's total), and the mean change only from 5 visitors.
/// </summary>
public sealed class MetingSuppressionTests
{
    [TestCase(3, 10, 12, "<5", "x", "12", TestName = "One_small_cell_hides_the_smallest_other_cell_as_well")]
    [TestCase(3, 4, 10, "<5", "<5", "10", TestName = "Two_small_cells_protect_each_other_and_nothing_more_is_hidden")]
    [TestCase(3, 0, 0, "<5", "0", "0", TestName = "A_row_whose_total_is_hidden_needs_no_secondary_cell")]
    [TestCase(0, 7, 9, "0", "7", "9", TestName = "A_row_without_small_cells_is_shown_whole")]
    [TestCase(8, 7, 2, "8", "x", "<5", TestName = "Of_equal_candidates_the_smallest_is_hidden")]
    [TestCase(6, 6, 1, "x", "6", "<5", TestName = "Of_equal_smallest_cells_the_first_is_hidden")]
    [TestCase(4, 0, 9, "<5", "0", "x", TestName = "A_zero_is_never_the_secondary_cell")]
    public void Cells_of_a_row(int up, int same, int down, string upText, string sameText, string downText)
    {
        var row = new MetingChange("Financiën", up, same, down, 0.5m);

        Assert.That(row.CellTexts, Is.EqualTo(new[] { upText, sameText, downText }));
    }

    [Test]
    public void No_hidden_cell_follows_from_the_total_and_the_cells_shown()
    {
        var exposed = new List<string>();
        for (var up = 0; up <= 12; up++)
        for (var same = 0; same <= 12; same++)
        for (var down = 0; down <= 12; down++)
        {
            var row = new MetingChange("Financiën", up, same, down, 0m);
            var texts = row.CellTexts;
            var unknown = texts.Count(t => t is SmallCounts.Hidden or SmallCounts.Secondary);
            // With the total shown, one unknown cell is the total minus the others.
            if (row.TotalText != SmallCounts.Hidden && unknown == 1) exposed.Add($"{up}/{same}/{down}");
            // A cell shown as a number is that number; a "<5" is really 1–4.
            for (var i = 0; i < 3; i++)
            {
                long value = i == 0 ? up : i == 1 ? same : down;
                if (texts[i] == SmallCounts.Hidden) Assert.That(value, Is.InRange(1, 4));
                else if (texts[i] != SmallCounts.Secondary) Assert.That(texts[i], Is.EqualTo(value.ToString()));
            }
        }

        Assert.That(exposed, Is.Empty);
    }

    [TestCase(1, 1, 2, "–", TestName = "The_mean_change_of_fewer_than_5_visitors_is_not_shown")]
    [TestCase(3, 1, 1, "+0,8", TestName = "The_mean_change_of_5_visitors_is_shown_with_one_decimal")]
    public void Mean_change(int up, int same, int down, string expected)
    {
        var mean = (decimal)(up * 1.6 - down * 0.8) / (up + same + down);
        var row = new MetingChange("Financiën", up, same, down, Math.Round(mean, 2));

        Assert.That(row.MeanChangeText, Is.EqualTo(expected));
    }
}
