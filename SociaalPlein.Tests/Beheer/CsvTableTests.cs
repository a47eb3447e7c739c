using System.Text;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Tests.Beheer;

public sealed class CsvTableTests
{
    static readonly string[] Columns = ["naam", "domein", "plaats"];
    static readonly string[] Required = ["naam", "domein"];

    static (IReadOnlyList<CsvRow> Rows, IReadOnlyList<ImportProblem> Problems) Read(string text, bool bom = false) =>
        CsvTable.Read([.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)], Columns, Required);

    [TestCase("naam;domein\nA;medisch\n")]
    [TestCase("naam,domein\nA,medisch\n")]
    [TestCase("sep=,\nnaam,domein\nA,medisch\n")]
    [TestCase("NAAM ; Domein\r\nA ; medisch\r\n")]
    public void Separator_header_case_and_spaces_do_not_matter(string text)
    {
        var (rows, problems) = Read(text, bom: true);

        Assert.That(problems, Is.Empty);
        Assert.That(rows.Single()["naam"] + "/" + rows.Single()["domein"], Is.EqualTo("A/medisch"));
    }

    [Test]
    public void The_separator_is_read_from_the_header_line_not_from_the_values()
    {
        var (rows, problems) = Read("naam;domein\n\"Jansen, Pietersen & Co\";sociaal\n");

        Assert.That(problems, Is.Empty);
        Assert.That(rows.Single()["naam"], Is.EqualTo("Jansen, Pietersen & Co"));
    }

    [Test]
    public void Line_numbers_count_the_header_blank_lines_and_lines_inside_quotes()
    {
        var (rows, problems) = Read("naam;domein;plaats\nEen;sociaal;\n\n\"Twee\nmet regel\";sociaal;\nDrie;sociaal;Delft\n");

        Assert.That(problems, Is.Empty);
        Assert.That(rows.Select(r => (r.Line, r["naam"])), Is.EqualTo(new[] { (2, "Een"), (4, "Twee\nmet regel"), (6, "Drie") }));
    }

    [Test]
    public void A_row_with_too_many_columns_is_reported_with_its_line()
    {
        var (_, problems) = Read("naam,domein\nA,sociaal\nB,sociaal,extra\n");

        Assert.That(problems.Single().Line, Is.EqualTo(3));
        Assert.That(problems.Single().Message, Does.Contain("3 kolommen, de kopregel 2"));
    }

    [Test]
    public void A_missing_required_or_unknown_column_is_reported_on_the_header()
    {
        var (rows, problems) = Read("naam;telefon\nA;010\n");

        Assert.That(rows, Is.Empty);
        Assert.That(problems.Select(p => (p.Line, p.Column)), Is.EquivalentTo(new[] { (1, "telefon"), (1, "domein") }));
    }

    [Test]
    public void A_file_that_is_not_utf8_is_refused_with_advice()
    {
        var latin1 = Encoding.Latin1.GetBytes("naam;domein\nFinanciën;sociaal\n");

        var (_, problems) = CsvTable.Read(latin1, Columns, Required);

        Assert.That(problems.Single().Message, Does.Contain("niet in UTF-8"));
    }

    [TestCase("", "Het bestand is leeg.")]
    [TestCase("naam;domein\n", "alleen een kopregel")]
    [TestCase("alleen-een-kolom\nA\n", "De eerste regel moet de kopregel zijn")]
    public void An_empty_file_or_a_file_without_a_header_is_refused(string text, string message)
    {
        Assert.That(Read(text).Problems.Single().Message, Does.Contain(message));
    }

    [Test]
    public void More_than_the_maximum_rows_is_refused()
    {
        var text = "naam;domein\n" + string.Concat(Enumerable.Repeat("A;sociaal\n", CsvTable.MaxRows + 1));

        var (rows, problems) = Read(text);

        Assert.That(rows, Is.Empty);
        Assert.That(problems.Single().Message, Does.Contain("meer dan 5.000 regels"));
    }

    [Test]
    public void Exactly_the_maximum_rows_is_read()
    {
        var text = "naam;domein\n" + string.Concat(Enumerable.Repeat("A;sociaal\n", CsvTable.MaxRows));

        Assert.That(Read(text).Rows, Has.Count.EqualTo(CsvTable.MaxRows));
    }
}
