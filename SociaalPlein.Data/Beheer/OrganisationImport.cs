namespace SociaalPlein.Data.Beheer;

/// <summary>The organisation rows of a CSV import: its columns, and each row checked into an <see cref="Organisation"/>.</summary>
static class OrganisationImport
{
    public static readonly ImportColumn[] Columns =
    [
        new("naam", true, "Naam van de organisatie (2–160 tekens)", "Wijkteam Voorbeeld"),
        new("domein", true, "medisch, sociaal, welzijn of overig", "sociaal"),
        new("soort", false, "Soort organisatie, in eigen woorden (hoogstens 80 tekens)", "wijkteam"),
        new("omschrijving", false, "Korte omschrijving (hoogstens 2000 tekens)", "Eén loket voor vragen over zorg, geld en opvoeding."),
        new("telefoon", false, "Cijfers, spaties, + - ( ), hoogstens 20 tekens", "010 123 45 67"),
        new("email", false, "E-mailadres", "info@wijkteam-voorbeeld.nl"),
        new("website", false, "Webadres; https:// mag weg", "www.wijkteam-voorbeeld.nl"),
        new("straat", false, "Straat en huisnummer", "Plein 1"),
        new("postcode", false, "Postcode als 1234 AB", "3111 AB"),
        new("plaats", false, "Plaats", "Schiedam"),
        new("capaciteit", false, "ruimte, wachtlijst of vol (leeg: ruimte)", "wachtlijst"),
        new("wachtweken", false, "Bij wachtlijst: aantal weken (1–104)", "3"),
        new("pleinen", false, "Namen van de pleinen, gescheiden door |", ImportColumn.PleinExample),
        new("leefgebieden", false, "Codes (of namen) van leefgebieden, gescheiden door |", "financien|huisvesting"),
    ];

    public static readonly string[][] SampleRows =
    [
        ["Wijkteam Voorbeeld", "sociaal", "wijkteam", "Eén loket voor vragen over zorg, geld en opvoeding.", "010 123 45 67",
            "info@wijkteam-voorbeeld.nl", "www.wijkteam-voorbeeld.nl", "Plein 1", "3111 AB", "Schiedam", "wachtlijst", "3",
            ImportColumn.PleinExample, "financien|huiselijke_relaties"],
        ["Huisartsenpraktijk De Linde", "medisch", "huisartsenpraktijk", "", "010 765 43 21", "", "", "Lindelaan 12", "3112 CD",
            "Schiedam", "", "", ImportColumn.PleinExample, "lichamelijke_gezondheid|geestelijke_gezondheid"],
    ];

    // Where a checked field's problem is reported: the CSV column it came from.
    static readonly Dictionary<string, string> ColumnOf = new()
    {
        [nameof(OrganisationInput.Name)] = "naam", [nameof(OrganisationInput.Domein)] = "domein",
        [nameof(OrganisationInput.Kind)] = "soort", [nameof(OrganisationInput.Description)] = "omschrijving",
        [nameof(OrganisationInput.Phone)] = "telefoon", [nameof(OrganisationInput.Email)] = "email",
        [nameof(OrganisationInput.Website)] = "website", [nameof(OrganisationInput.Street)] = "straat",
        [nameof(OrganisationInput.Postcode)] = "postcode", [nameof(OrganisationInput.City)] = "plaats",
        [nameof(OrganisationInput.Capacity)] = "capaciteit", [nameof(OrganisationInput.CapacityWeeks)] = "wachtweken",
        [nameof(OrganisationInput.PleinIds)] = "pleinen", [nameof(OrganisationInput.Leefgebieden)] = "leefgebieden",
    };

    /// <summary>Every row checked; an organisation whose name is already in the directory or earlier in the file is refused.</summary>
    public static (List<Organisation> Rows, List<ImportProblem> Problems) Check(IReadOnlyList<CsvRow> rows,
        DirectoryChoices choices, IEnumerable<string> existingNames)
    {
        var names = new ImportNames(choices);
        var existing = existingNames.Select(ImportNames.Key).ToHashSet();
        var firstLineOf = new Dictionary<string, int>();
        var valid = new List<Organisation>();
        var problems = new List<ImportProblem>();
        foreach (var row in rows)
        {
            var before = problems.Count;
            var input = new OrganisationInput
            {
                Name = row["naam"], Domein = row["domein"], Kind = row["soort"], Description = row["omschrijving"],
                Phone = row["telefoon"], Email = row["email"], Website = row["website"], Street = row["straat"],
                Postcode = row["postcode"], City = row["plaats"], Capacity = row["capaciteit"], CapacityWeeks = row["wachtweken"],
                PleinIds = names.Pleinen(row, "pleinen", problems),
                Leefgebieden = names.Leefgebieden(row, "leefgebieden", problems),
            };
            var (values, errors) = input.Check(choices);
            problems.AddRange(errors.Select(e => new ImportProblem(row.Line, ColumnOf[e.Field], e.Message)));
            var key = ImportNames.Key(values.Name);
            if (key.Length > 0 && existing.Contains(key))
                problems.Add(new ImportProblem(row.Line, "naam", $"Er bestaat al een organisatie '{values.Name}'."));
            else if (key.Length > 0 && !firstLineOf.TryAdd(key, row.Line))
                problems.Add(new ImportProblem(row.Line, "naam", $"Dubbel in het bestand: '{values.Name}' staat ook op regel {firstLineOf[key]}."));
            if (problems.Count == before) valid.Add(values);
        }
        return (valid, problems);
    }
}
