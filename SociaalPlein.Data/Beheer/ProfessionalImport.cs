namespace SociaalPlein.Data.Beheer;

/// <summary>The professional rows of a CSV import: its columns, and each row checked into a <see cref="Professional"/>.</summary>
static class ProfessionalImport
{
    public static readonly ImportColumn[] Columns =
    [
        new("naam", true, "Naam van de professional (2–120 tekens)", "Fatima el Amrani"),
        new("functie", true, "Functie (2–120 tekens)", "maatschappelijk werker"),
        new("organisatie", true, "Naam van een organisatie die al in de gids staat", "Wijkteam Voorbeeld"),
        new("email", false, "E-mailadres", "f.elamrani@wijkteam-voorbeeld.nl"),
        new("telefoon", false, "Cijfers, spaties, + - ( ), hoogstens 20 tekens", "06 12345678"),
        new("over", false, "Waarmee kun je bij mij terecht (hoogstens 2000 tekens)", "Vragen over geld, formulieren en toeslagen."),
        new("capaciteit", false, "ruimte, wachtlijst of vol (leeg: ruimte)", "ruimte"),
        new("wachtweken", false, "Bij wachtlijst: aantal weken (1–104)", ""),
        new("leefgebieden", false, "Codes (of namen) van leefgebieden, gescheiden door |", "financien|dagelijkse_zelfzorg"),
        new("talen", false, "Talen (naam of code), gescheiden door |", "Nederlands|Arabisch"),
        new("pleinen", false, "Namen van de pleinen, gescheiden door |", ImportColumn.PleinExample),
        new("wijken", false, "Namen van wijken van die pleinen, gescheiden door |", ""),
    ];

    public static readonly string[][] SampleRows =
    [
        ["Fatima el Amrani", "maatschappelijk werker", "Wijkteam Voorbeeld", "f.elamrani@wijkteam-voorbeeld.nl", "06 12345678",
            "Vragen over geld, formulieren en toeslagen.", "ruimte", "", "financien|dagelijkse_zelfzorg", "Nederlands|Arabisch",
            ImportColumn.PleinExample, ""],
        ["Jan de Vries", "huisarts", "Huisartsenpraktijk De Linde", "", "010 765 43 21", "", "vol", "",
            "lichamelijke_gezondheid", "nl|en", ImportColumn.PleinExample, ""],
    ];

    static readonly Dictionary<string, string> ColumnOf = new()
    {
        [nameof(ProfessionalInput.OrganisationId)] = "organisatie", [nameof(ProfessionalInput.Name)] = "naam",
        [nameof(ProfessionalInput.Function)] = "functie", [nameof(ProfessionalInput.Email)] = "email",
        [nameof(ProfessionalInput.Phone)] = "telefoon", [nameof(ProfessionalInput.About)] = "over",
        [nameof(ProfessionalInput.Capacity)] = "capaciteit", [nameof(ProfessionalInput.CapacityWeeks)] = "wachtweken",
        [nameof(ProfessionalInput.PleinIds)] = "pleinen", [nameof(ProfessionalInput.Leefgebieden)] = "leefgebieden",
        [nameof(ProfessionalInput.Languages)] = "talen", [nameof(ProfessionalInput.WijkIds)] = "wijken",
    };

    /// <summary>
    /// Every row checked. The organisation is found by name among the directory's organisations; a professional with the
    /// same name at the same organisation, already in the directory or earlier in the file, is refused, as is an e-mail
    /// address that occurs twice in the file.
    /// </summary>
    public static (List<Professional> Rows, List<ImportProblem> Problems) Check(IReadOnlyList<CsvRow> rows,
        DirectoryChoices choices, IReadOnlyList<OrganisationChoice> organisations, IEnumerable<(int OrganisationId, string Name)> existing)
    {
        var names = new ImportNames(choices);
        var organisationsByKey = organisations.ToLookup(o => ImportNames.Key(o.Name));
        var activeOrganisations = organisations.Where(o => o.Active).Select(o => o.Id).ToHashSet();
        var taken = existing.Select(e => (e.OrganisationId, ImportNames.Key(e.Name))).ToHashSet();
        var firstLineOf = new Dictionary<(int, string), int>();
        var emailLineOf = new Dictionary<string, int>();
        var valid = new List<Professional>();
        var problems = new List<ImportProblem>();
        foreach (var row in rows)
        {
            var before = problems.Count;
            var pleinIds = names.Pleinen(row, "pleinen", problems);
            var input = new ProfessionalInput
            {
                OrganisationId = Organisation(row, organisationsByKey, problems),
                Name = row["naam"], Function = row["functie"], Email = row["email"], Phone = row["telefoon"], About = row["over"],
                Capacity = row["capaciteit"], CapacityWeeks = row["wachtweken"], PleinIds = pleinIds,
                Leefgebieden = names.Leefgebieden(row, "leefgebieden", problems),
                Languages = names.Languages(row, "talen", problems),
                WijkIds = names.Wijken(row, "wijken", pleinIds, problems),
            };
            var (values, errors) = input.Check(choices, activeOrganisations);
            // An unknown organisation is reported once, by the lookup, not again by the check.
            problems.AddRange(errors.Where(e => input.OrganisationId is not null || e.Field != nameof(ProfessionalInput.OrganisationId))
                .Select(e => new ImportProblem(row.Line, ColumnOf[e.Field], e.Message)));
            var key = (values.OrganisationId, ImportNames.Key(values.Name));
            if (input.OrganisationId is not null && key.Item2.Length > 0)
            {
                if (taken.Contains(key))
                    problems.Add(new ImportProblem(row.Line, "naam", $"'{values.Name}' staat al in de gids bij deze organisatie."));
                else if (!firstLineOf.TryAdd(key, row.Line))
                    problems.Add(new ImportProblem(row.Line, "naam",
                        $"Dubbel in het bestand: '{values.Name}' bij deze organisatie staat ook op regel {firstLineOf[key]}."));
            }
            if (values.Email.Length > 0 && !emailLineOf.TryAdd(values.Email.ToLowerInvariant(), row.Line))
                problems.Add(new ImportProblem(row.Line, "email",
                    $"Dubbel in het bestand: het e-mailadres {values.Email} staat ook op regel {emailLineOf[values.Email.ToLowerInvariant()]}."));
            if (problems.Count == before) valid.Add(values);
        }
        return (valid, problems);
    }

    static int? Organisation(CsvRow row, ILookup<string, OrganisationChoice> organisations, List<ImportProblem> problems)
    {
        var name = row["organisatie"];
        if (name.Length == 0)
        {
            problems.Add(new ImportProblem(row.Line, "organisatie", "Vul de organisatie in."));
            return null;
        }
        var found = organisations[ImportNames.Key(name)].ToList();
        var active = found.Where(o => o.Active).ToList();
        if (active.Count == 1) return active[0].Id;
        problems.Add(new ImportProblem(row.Line, "organisatie", (found.Count, active.Count) switch
        {
            (0, _) => $"Onbekende organisatie '{name}'. Zet de organisatie eerst in de gids (of importeer de organisaties eerst).",
            (_, 0) => $"De organisatie '{name}' is niet actief.",
            _ => $"Er zijn {active.Count} actieve organisaties met de naam '{name}'; maak hun namen eerst verschillend.",
        }));
        return null;
    }
}
