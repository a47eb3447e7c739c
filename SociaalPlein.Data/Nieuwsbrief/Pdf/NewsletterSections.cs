using System.Globalization;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// What the newsletter says, in reading order, as blocks: title, the projectleider's note, kerncijfers, (for a region)
/// outcomes, (for a region) the pleinen side by side, leefgebieden, domein flows, organisation flows, trend and visitors. Every
/// number goes through <see cref="SmallCounts"/>.
/// </summary>
static class NewsletterSections
{
    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static IEnumerable<IBlock> For(NewsletterFigures f, string? note, DateOnly madeOn)
    {
        var made = $"Gemaakt op {madeOn.ToString("d MMMM yyyy", Dutch)}";
        if (!f.Scope.IsRegional) made = $"Gemeente {f.Scope.Pleinen[0].Municipality} · " + made.ToLower(Dutch);
        var printed = f.Printed;
        List<IBlock> blocks = [new TitleBlock($"Nieuwsbrief {f.Quarter}", f.Scope.Title, Names.Capitalised(f.Quarter.Months), made)];

        if (!string.IsNullOrWhiteSpace(note))
            blocks.AddRange([new Heading("Van de projectleider"), new Paragraph(note, s => s.Body, quote: true)]);

        blocks.AddRange(Section("Kerncijfers",
            $"Wat er in {f.Quarter} {(f.Scope.IsRegional ? "op de pleinen samen" : "op het plein")} gebeurde, met de verandering ten opzichte van {f.Quarter.Previous}.",
            [new Tiles(printed.KeyFigureLines.Select(KeyFigureTile).ToList(), perRow: 5), .. WithheldNote(printed.KeyFigureLines.Any(l => l.CurrentWithheld || l.PreviousWithheld))]));

        var o = f.Outcomes;
        blocks.AddRange(Section("Hoe verwijzingen afliepen",
            $"Van de {printed.OutcomesTotal.Text} verwijzingen in dit kwartaal (geannuleerde niet meegeteld).",
            [new Tiles([.. printed.Outcomes.Select(c => OutcomeTile(c, o.Total)), MedianTile(o)], perRow: 5), .. WithheldNote(printed.Outcomes)]));

        if (f.Scope.IsRegional)
            blocks.AddRange(Section("Per plein", "De kerncijfers van dit kwartaal voor elk plein in de regio.", [PerPlein(printed.PerPlein), .. WithheldNote(printed.PerPlein.SelectMany(p => p.Cells))]));

        blocks.AddRange(Section("Verwijzingen per leefgebied",
            "Het aantal verwijzingen in dit kwartaal, naar het leefgebied waar de vraag over ging.",
            [new BarChart(printed.ReferralsPerLeefgebied), .. WithheldNote(printed.ReferralsPerLeefgebied)]));

        blocks.AddRange(Section("Van domein naar domein",
            "Uit welk domein verwijzingen kwamen (rijen) en naar welk domein ze gingen (kolommen).",
            [DomeinMatrix(printed.DomeinFlows), .. WithheldNote(printed.DomeinFlows.Values)]));

        blocks.AddRange(Section("Tussen organisaties",
            "De tien organisaties die het vaakst naar een andere organisatie verwezen, met die organisatie.",
            OrganisationFlows(f.TopOrganisationFlows)));

        blocks.AddRange(Section("De laatste acht kwartalen",
            $"Hoe {(f.Scope.IsRegional ? "de regio" : "het plein")} zich ontwikkelt: bezoekers, bezoeken en verwijzingen per kwartaal.",
            [new TrendChart(printed.Trend), TrendTable(printed.Trend), .. WithheldNote(printed.Trend.SelectMany(t => t.Measures))]));

        if (f.MetingChanges.Count > 0)
        {
            var period = f.Quarter.LastQuarters(MetingChange.PeriodQuarters);
            blocks.AddRange(Section("Helpt het? Zelfredzaamheid per leefgebied",
                $"Bezoekers met een eerste en een latere meting, minstens {MetingChange.MinimumDays / 7} weken uit elkaar, van {period[0]} " +
                $"tot en met {f.Quarter}: ging hun stap (1 acute problemen, 5 volledig zelfredzaam) omhoog, bleef hij gelijk of ging hij omlaag?",
                MetingTable(f.MetingChanges), new Paragraph(SmallCounts.SecondaryNote, s => s.Small)));
        }

        blocks.AddRange(Section("Bezoekers",
            $"Wie er kwamen: {NewsletterFigures.VisitorsCounted}.",
            [
                new SideBySide(Demographic("Leeftijd", printed.AgeBands, f.Current.UniqueVisitors),
                    new Stack(Demographic("Geslacht", printed.Genders, f.Current.UniqueVisitors), Demographic("Wijk", printed.Wijken, f.Current.UniqueVisitors))),
                .. WithheldNote([.. printed.AgeBands, .. printed.Genders, .. printed.Wijken]),
            ]));

        return blocks;
    }

    /// <summary>Every name the figures carry (pleinen, leefgebieden, organisations, wijken, …): what the fonts must hold.</summary>
    public static IEnumerable<string> AllNames(NewsletterFigures f) =>
        f.Scope.Pleinen.SelectMany(p => new[] { p.Name, p.Municipality })
            .Concat(new[] { f.ReferralsPerLeefgebied, f.AgeBands, f.Genders, f.Wijken }.SelectMany(list => list.Select(c => c.Name)))
            .Concat(f.MetingChanges.Select(c => c.Leefgebied))
            .Concat(f.TopOrganisationFlows.SelectMany(flow => new[] { flow.From, flow.To }))
            .Concat(f.DomeinFlows.SelectMany(flow => new[] { Domeinen.Label(flow.From), Domeinen.Label(flow.To) }));

    /// <summary>The explanation of "x", under a section that has one.</summary>
    static IBlock[] WithheldNote(IEnumerable<PrintedCount> cells) => WithheldNote(PrintedFigures.AnyWithheldIn(cells));

    static IBlock[] WithheldNote(bool any) => any ? [new Paragraph(SmallCounts.SecondaryNote, s => s.Small)] : [];

    /// <summary>A heading and its introduction, kept with the first piece of what follows.</summary>
    static IBlock[] Section(string heading, string intro, params IBlock[] content) =>
        [new Heading(heading), new Paragraph(intro, s => s.Small, keepWithNext: true), .. content];

    // "+8% (was 1.190)": the introduction above the tiles says which quarter "was" is.
    static Tile KeyFigureTile(KeyFigureLine line) => new(
        line.CurrentText,
        Names.Capitalised(line.Label),
        line.ChangeText is { } change ? $"{change} (was {line.PreviousText})" : $"was {line.PreviousText}");

    // Always "verwijzingen": a singular would tell a "<5" is 1.
    static Tile OutcomeTile(PrintedCount c, long total) => new(c.ShareOf(total), c.Name, $"{c.Text} verwijzingen");

    static Tile MedianTile(ReferralOutcomes o) => o.MedianDaysToContact is { } days
        ? new(days.ToString("0.#", Dutch), days == 1 ? "Dag tot eerste contact" : "Dagen tot eerste contact",
            $"mediaan van {SmallCounts.Format(o.WithContact)} verwijzingen met contact")
        : new("–", "Dagen tot eerste contact", "te weinig verwijzingen met contact voor een mediaan");

    static Table OrganisationFlows(IReadOnlyList<OrganisationFlow> flows) => new(
        [new("", 0.5f, Numeric: true), new("Van", 3), new("Naar", 3), new("Verwijzingen", 1.3f, Numeric: true)],
        flows.Select((flow, i) => (IReadOnlyList<string>)[$"{i + 1}.", flow.From, flow.To, SmallCounts.Format(flow.Count)]));

    static Table DomeinMatrix(IReadOnlyDictionary<(string From, string To), PrintedCount> cells)
    {
        var columns = new List<Column> { new("Van \\ naar", 1.6f) };
        columns.AddRange(Domeinen.Codes.Select(to => new Column(Domeinen.Label(to), 1, Numeric: true)));
        var rows = Domeinen.Codes.Append(Domeinen.EigenInitiatief).Select(from => (IReadOnlyList<string>)
            [Domeinen.Label(from), .. Domeinen.Codes.Select(to => cells.TryGetValue((from, to), out var c) ? c.Text : SmallCounts.Format(0))]);
        return new Table(columns, rows, rowHeaders: true);
    }

    static Table TrendTable(IReadOnlyList<PrintedTrend> trend)
    {
        var columns = new List<Column> { new("", 2.2f) };
        columns.AddRange(trend.Select(t => new Column(t.Quarter.ToString(), 1, Numeric: true)));
        return new Table(columns,
            Enumerable.Range(0, 3).Select(m => (IReadOnlyList<string>)[trend[0].Measures[m].Name, .. trend.Select(t => t.Measures[m].Text)]),
            rowHeaders: true);
    }

    static Table Demographic(string what, IReadOnlyList<PrintedCount> counts, long total)
    {
        return new Table(
            [new(what, 2.2f), new("Bezoekers", 1.3f, Numeric: true), new("Aandeel", 1.1f, Numeric: true)],
            counts.Select(c => (IReadOnlyList<string>)[Names.Capitalised(c.Name), c.Text, c.ShareOf(total)]));
    }

    static Table MetingTable(IReadOnlyList<MetingChange> changes) => new(
        [
            new("Leefgebied", 2.6f), new("Omhoog", 1, Numeric: true), new("Gelijk", 1, Numeric: true), new("Omlaag", 1, Numeric: true),
            new("Bezoekers", 1.1f, Numeric: true), new("Gem. verandering", 1.4f, Numeric: true),
        ],
        changes.Select(c => (IReadOnlyList<string>)[c.Leefgebied, .. c.CellTexts, c.TotalText, c.MeanChangeText]),
        rowHeaders: true);

    static Table PerPlein(IReadOnlyList<PrintedPlein> pleinen) => new(
        [
            new("Plein", 2.6f), new("Unieke bezoekers", 1.35f, Numeric: true), new("Bezoeken", 1.35f, Numeric: true),
            new("Verwijzingen", 1.35f, Numeric: true), new("Veelbezoekers", 1.35f, Numeric: true),
        ],
        pleinen.Select(p => (IReadOnlyList<string>)[p.Plein.Name, .. p.Cells.Select(c => c.Text)]),
        rowHeaders: true);
}
