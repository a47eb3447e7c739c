using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Nieuwsbrief.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;
using static SociaalPlein.Tests.Nieuwsbrief.NewsletterSamples;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>The newsletter PDF read back with PdfPig: what it says, where its letters are, its fonts and metadata.</summary>
public sealed class NewsletterPdfTests
{
    [Test]
    public void The_pdf_opens_and_names_the_plein_the_quarter_and_every_kerncijfer_as_printed()
    {
        var figures = Typical();
        using var pdf = Open(figures, Note);
        var text = Text(pdf);

        Assert.That(text, Does.Contain("Sociaal Plein Nieuwland"));
        Assert.That(text, Does.Contain("Nieuwsbrief Q3 2026"));
        Assert.That(text, Does.Contain("Juli – september 2026"));
        Assert.That(text, Does.Contain("12 oktober 2026"));
        Assert.That(text, Does.Contain("Met vriendelijke groet,"));
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
        foreach (var line in figures.KeyFigureLines)
        {
            Assert.That(words, Does.Contain(line.CurrentText), line.Label);
            Assert.That(text, Does.Contain(Capitalised(line.Label)), line.Label);
            if (line.ChangeText is { } change) Assert.That(words, Does.Contain(change), line.Label);
        }
        Assert.That(text, Does.Contain(SmallCounts.Note));
        Assert.That(text, Does.Contain("Deze nieuwsbrief bevat alleen totalen; er staan geen namen of andere persoonsgegevens in."));
    }

    [Test]
    public void Counts_from_1_to_4_print_as_less_than_5_and_never_as_their_number()
    {
        using var pdf = Open(Typical(), note: null);
        // Page numbers ("Pagina 2 van 3") are the only other small numbers; the footer is left out.
        var body = pdf.GetPages().SelectMany(p => p.GetWords().Where(w => w.BoundingBox.Bottom > Look.MarginBottom + 30)).ToList();

        var hidden = HiddenValues.Select(v => v.ToString()).ToHashSet();
        Assert.That(body.Where(w => hidden.Contains(w.Text)).Select(w => $"{w.Text} at {w.BoundingBox}"), Is.Empty);
        var lines = Lines(pdf);
        var text = Text(pdf);
        Assert.Multiple(() =>
        {
            Assert.That(LineWith(lines, "zelfzorg"), Does.Contain(SmallCounts.Hidden), "leefgebied bar");
            Assert.That(LineWith(lines, "Surplus", "Welzijn", "Voedselbank"), Does.Contain(SmallCounts.Hidden), "organisation flow");
            Assert.That(LineWith(lines, "Anders"), Has.Exactly(2).EqualTo(SmallCounts.Hidden), "gender: count and share");
            Assert.That(LineWith(lines, "Jonger"), Has.Exactly(2).EqualTo(SmallCounts.Hidden), "age band: count and share");
            Assert.That(LineWith(lines, "Verwijzingen", "482"), Does.Contain(SmallCounts.Hidden), "trend table");
            Assert.That(LineWith(lines, "Eigen", "initiatief"), Is.Not.Empty, "domein matrix");
            Assert.That(text, Does.Contain("<5 Veelbezoekers was 11"), "kerncijfer tile");
            Assert.That(text, Does.Contain("Nieuwe leden was <5"), "previous quarter in a tile");
        });
    }

    [Test]
    public void Where_a_small_count_would_follow_from_its_total_the_next_smallest_cell_prints_as_x()
    {
        // Typical has one "<5" among the leefgebieden (4 of 856 referrals; the next smallest is middelengebruik's 23),
        // in the domein matrix (overig to overig, 3; next smallest welzijn to overig, 6), among the age bands (2 of
        // 1,284 visitors; "leeftijd onbekend", 15) and among the genders (3; "onbekend", 18).
        using var pdf = Open(Typical(), note: null);
        var lines = Lines(pdf);

        Assert.Multiple(() =>
        {
            Assert.That(LineWith(lines, "verslaving"), Does.Contain(SmallCounts.Secondary).And.Not.Contain("23"), "leefgebied bar");
            Assert.That(LineWith(lines, "Welzijn", "38"), Is.EqualTo(new[] { "Welzijn", "38", "52", "27", SmallCounts.Secondary }), "domein matrix");
            Assert.That(LineWith(lines, "Overig", "7"), Is.EqualTo(new[] { "Overig", "7", "11", "8", SmallCounts.Hidden }), "domein matrix");
            Assert.That(LineWith(lines, "Onbekend"), Has.Exactly(2).EqualTo(SmallCounts.Secondary).And.Not.Contain("18"), "gender: count and share");
            Assert.That(LineWith(lines, "Leeftijd", "onbekend"), Has.Exactly(2).EqualTo(SmallCounts.Secondary).And.Not.Contain("15"), "age band: count and share");
            Assert.That(Text(pdf), Does.Contain(SmallCounts.SecondaryNote));
        });
    }

    [Test]
    public void A_region_withholds_the_next_smallest_plein_beside_a_small_one()
    {
        var region = Region(4, 24);
        region = region with
        {
            PerPlein = region.PerPlein.Select((p, i) => p with { Figures = p.Figures with { Referrals = i == 0 ? 3 : 40 + i * 13 } }).ToList(),
            Current = region.Current with { Referrals = 3 + 53 + 66 + 79 },
        };
        using var pdf = Open(region, note: null);
        var lines = Lines(pdf);
        string[] Row(int i) => [.. region.PerPlein[i].Plein.Name.Split(' ')];

        Assert.That(LineWith(lines, [.. Row(0), "<5"]), Is.Not.Empty, "the small plein");
        Assert.That(LineWith(lines, [.. Row(1), SmallCounts.Secondary]), Is.Not.Empty, "the next smallest, 53");
        Assert.That(LineWith(lines, [.. Row(1), "53"]), Is.Empty, "53 would give the 3 away");
        Assert.That(LineWith(lines, [.. Row(2), "66"]), Is.Not.Empty);
    }

    [TestCase(1, 5)]
    [TestCase(4, 5)]
    [TestCase(0, 0)]
    [TestCase(5, 5)]
    [TestCase(212, 212)]
    public void A_chart_draws_a_count_from_1_to_4_at_the_height_of_5(long count, double drawnAt)
    {
        Assert.That(Charts.Plotted(count), Is.EqualTo(drawnAt));
    }

    static IEnumerable<TestCaseData> Extremes()
    {
        yield return new TestCaseData(Typical(), Note).SetName("Typical plein with a note");
        yield return new TestCaseData(Typical(), null).SetName("Typical plein without a note");
        yield return new TestCaseData(Extreme(), NoteWithoutSpaces).SetName("160-character organisations, 120-character plein, 1,500-character note without spaces");
        yield return new TestCaseData(Typical(), "Tab\there, CR\r\nLF\n\n\n\nemoji 🙂👍🏽, zero\u200Bwidth, עברית, 中文, \u0007bell " + new string('—', 300))
            .SetName("A note with any characters");
        yield return new TestCaseData(Empty(), null).SetName("A plein with nothing in its quarter");
        yield return new TestCaseData(Region(12, 120), Note).SetName("Region of 12 pleinen with 120-character names");
        yield return new TestCaseData(Typical() with
        {
            ReferralsPerLeefgebied = [.. Leefgebieden.Concat(Leefgebieden).Concat(Leefgebieden).Select((l, i) => new NamedCount(l + " " + i, i * 7 % 300))],
            Wijken = [.. Enumerable.Range(1, 70).Select(i => new NamedCount($"Wijk {i}", i % 6))],
        }, Note).SetName("39 leefgebieden and 70 wijken");
    }

    [TestCaseSource(nameof(Extremes))]
    public void No_letter_lies_outside_the_page_margins(NewsletterFigures figures, string? note)
    {
        using var pdf = Open(figures, note);
        const double slack = 0.5;
        foreach (var page in pdf.GetPages())
        {
            Assert.That(page.Width, Is.EqualTo(Look.PageWidth).Within(1), "A4 width");
            Assert.That(page.Height, Is.EqualTo(Look.PageHeight).Within(1), "A4 height");
            var outside = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Where(l =>
                l.BoundingBox.Left < Look.MarginLeft - slack || l.BoundingBox.Right > Look.PageWidth - Look.MarginRight + slack ||
                l.BoundingBox.Bottom < Look.MarginBottom - slack || l.BoundingBox.Top > Look.PageHeight - Look.MarginTop + slack)
                .Select(l => $"'{l.Value}' at {l.BoundingBox}").Take(10).ToList();
            Assert.That(outside, Is.Empty, $"page {page.Number}");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_typical_plein_fills_two_to_four_pages(bool withNote)
    {
        using var pdf = Open(Typical(), withNote ? Note : null);

        Assert.That(pdf.NumberOfPages, Is.InRange(2, 4));
        var pages = pdf.NumberOfPages;
        Assert.That(pdf.GetPages().Select(p => Text(p)),
            Has.All.Contain($"Pagina ").And.All.Contain($" van {pages}"));
    }

    [Test]
    public void Fonts_are_embedded_and_the_document_carries_title_and_author()
    {
        using var pdf = Open(Typical(), Note);

        Assert.That(pdf.Information.Title, Is.EqualTo("Nieuwsbrief Q3 2026 – Sociaal Plein Nieuwland"));
        Assert.That(pdf.Information.Author, Is.EqualTo("Sociaal Plein Nieuwland"));
        var fonts = Fonts(pdf).ToList();
        Assert.That(fonts, Is.Not.Empty);
        Assert.That(fonts.Select(f => f.Name), Has.All.Contain("DejaVuSans"));
        Assert.That(fonts.Where(f => !f.Embedded).Select(f => f.Name), Is.Empty, "fonts without a FontFile");
        Assert.That(fonts.Select(f => f.Name), Has.Some.Contain("DejaVuSans-Bold"));
        // Subsets, not the 750 kB font files.
        Assert.That(fonts.Select(f => f.EmbeddedBytes), Has.All.LessThan(new FileInfo("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").Length / 5));
    }

    [Test]
    public void Every_character_of_the_note_that_DejaVu_has_is_printed()
    {
        const string note = "Ærø, Ĳsselmonde, Ωmega, Жук, Ŝ, € 12,50, “quotes”, 3 × 4 ≠ 13, → pijl";
        using var pdf = Open(Typical(), note);

        Assert.That(Text(pdf), Does.Contain(note));
    }

    [Test]
    public void The_visitor_tables_say_who_they_count_in_the_dashboards_words()
    {
        using var pdf = Open(Typical(), note: null);

        Assert.That(Text(pdf), Does.Contain("Wie er kwamen: iedereen met een bezoek in het kwartaal.")
            .And.Not.Contain("bezoek of verwijzing"));
    }

    [Test]
    public void A_region_compares_its_pleinen_in_a_table()
    {
        var region = Region(4, 24);
        using var pdf = Open(region, note: null);
        var text = Text(pdf);

        Assert.That(text, Does.Contain(region.Scope.Title));
        Assert.That(text, Does.Contain("Per plein"));
        var lines = Lines(pdf);
        foreach (var plein in region.PerPlein)
            Assert.That(LineWith(lines, [.. plein.Plein.Name.Split(' '), SmallCounts.Format(plein.Figures.Referrals)]), Is.Not.Empty, plein.Plein.Name);
    }

    [Test]
    public async Task Renders_on_several_threads_at_once_equal_one_render_alone()
    {
        // The Hangfire job may build several pleinen's newsletters at the same time; fonts and styles are shared.
        var alone = NewsletterPdf.Render(Typical(), Note, MadeOn);

        var together = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => NewsletterPdf.Render(Typical(), Note, MadeOn))));

        Assert.That(together, Has.All.EqualTo(alone));
    }

    [Test]
    public void A_missing_font_fails_with_a_message_that_says_what_to_install()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            PdfFonts.Find("Geen Bestaand Lettertype", "GeenBestaandLettertype.ttf", bold: false, ["/nonexistent"]));

        Assert.That(error!.Message, Does.Contain("GeenBestaandLettertype.ttf").And.Contain("apt-get install fonts-dejavu-core"));
    }

    static PdfDocument Open(NewsletterFigures figures, string? note) => PdfDocument.Open(NewsletterPdf.Render(figures, note, MadeOn));

    /// <summary>The document's text in the order it was drawn, a space where a line ends (so wrapped lines read on).</summary>
    static string Text(PdfDocument pdf) => string.Join(" ", pdf.GetPages().Select(Text));

    static string Text(Page page)
    {
        var text = new System.Text.StringBuilder();
        Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (previous is not null && Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 0.5 && previous.Value != " ")
                text.Append(' ');
            text.Append(letter.Value);
            previous = letter;
        }
        return text.ToString();
    }

    static string Capitalised(string label) => char.ToUpper(label[0]) + label[1..];

    /// <summary>The document's lines: the words that share a baseline on a page, left to right (a table row, a bar and its label).</summary>
    static List<List<string>> Lines(PdfDocument pdf) => pdf.GetPages()
        .SelectMany(page => page.GetWords().GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1))
            .Select(line => line.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text).ToList()))
        .ToList();

    /// <summary>The first line holding all of <paramref name="words"/>; empty when there is none.</summary>
    static List<string> LineWith(List<List<string>> lines, params string[] words) =>
        lines.FirstOrDefault(line => words.All(line.Contains)) ?? [];

    /// <summary>Every font the pages use (a Type0 font's descendants included), and whether its file is in the PDF.</summary>
    static IEnumerable<(string Name, bool Embedded, long EmbeddedBytes)> Fonts(PdfDocument pdf)
    {
        T Resolve<T>(IToken token) where T : IToken =>
            token is IndirectReferenceToken reference ? (T)pdf.Structure.GetObject(reference.Data).Data : (T)token;

        var seen = new HashSet<string>();
        foreach (var page in pdf.GetPages())
        {
            var resources = Resolve<DictionaryToken>(page.Dictionary.Data["Resources"]);
            if (!resources.TryGet(NameToken.Font, out var fontsToken)) continue;
            foreach (var fontToken in Resolve<DictionaryToken>(fontsToken).Data.Values)
            {
                var font = Resolve<DictionaryToken>(fontToken);
                var descendants = font.TryGet(NameToken.DescendantFonts, out var d)
                    ? Resolve<ArrayToken>(d).Data.Select(Resolve<DictionaryToken>).ToList()
                    : [font];
                foreach (var actual in descendants)
                {
                    var name = Resolve<NameToken>(actual.Data["BaseFont"]).Data;
                    if (!seen.Add(name)) continue;
                    var descriptor = Resolve<DictionaryToken>(actual.Data["FontDescriptor"]);
                    var file = descriptor.Data.FirstOrDefault(d => d.Key is "FontFile" or "FontFile2" or "FontFile3").Value;
                    yield return (name, file is not null, file is null ? 0 : Resolve<StreamToken>(file).Data.Length);
                }
            }
        }
    }
}
