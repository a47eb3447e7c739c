using System.Net;
using System.Text;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

public sealed class DirectoryImportTests : AppFixture
{
    HttpClient _beheerder = null!;

    protected override async Task ArrangeAsync()
    {
        await Arrange.PleinAsync(Db, "Plein Import");
        await BeheerArrange.OrganisationAsync(Db, "Wijkteam Import");
    }

    [SetUp]
    public async Task SignIn() => _beheerder ??= await BeheerArrange.SignedInAsync(App, Db);

    static byte[] Utf8(string text, bool bom) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    Task<HttpResponseMessage> UploadAsync(string soort, byte[] file, string fileName = "gids.csv", string contentType = "text/csv") =>
        _beheerder.UploadAsync("/beheer/import", new Dictionary<string, string> { ["Soort"] = soort }, file, fileName, contentType);

    Task<int> CountAsync(string table, string namePattern) =>
        BeheerArrange.ScalarAsync<int>(Db, $"SELECT count(*) FROM {table} WHERE name LIKE @namePattern", new { namePattern });

    [Test]
    public async Task Semicolon_file_with_bom_imports_every_organisation_with_links_and_created_history()
    {
        var csv = """
            Naam;Domein;Soort;Telefoon;Email;Website;Straat;Postcode;Plaats;Pleinen;Leefgebieden
            Puntkomma Huisartsen;medisch;huisartsenpraktijk;010 111 22 33;praktijk@puntkomma.nl;puntkomma.nl;Dorpsstraat 1;3111ab;Schiedam;Plein Import;lichamelijke_gezondheid|Geestelijke gezondheid
            "Puntkomma Welzijn; de Buurt";welzijn;;;;;;;;Plein Import;Financien
            Puntkomma Schuldhulp;sociaal;schuldhulp;;;;;;;;financien
            """;

        var response = await UploadAsync("organisaties", Utf8(csv, bom: true), "organisaties;nieuw.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync("organisation", "Puntkomma%"), Is.EqualTo(3));
        var id = await BeheerArrange.ScalarAsync<int>(Db, "SELECT id FROM organisation WHERE name = 'Puntkomma Huisartsen'");
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT o.postcode || ' ' || o.website || ' ' || (SELECT string_agg(l.code, '|' ORDER BY l.code) FROM organisation_leefgebied ol
                JOIN leefgebied l ON l.id = ol.leefgebied_id WHERE ol.organisation_id = o.id)
            FROM organisation o WHERE o.id = @id
            """, new { id }), Is.EqualTo("3111 AB https://puntkomma.nl geestelijke_gezondheid|lichamelijke_gezondheid"));
        var history = await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Organisation, id);
        Assert.That(history.Single(h => h.Field == "created").NewValue, Is.EqualTo("import organisaties;nieuw.csv"));
        Assert.That(WebUtility.HtmlDecode(await _beheerder.GetStringAsync("/beheer/import")), Does.Contain("3 organisaties geïmporteerd"));
    }

    [Test]
    public async Task Comma_file_without_bom_imports_every_professional()
    {
        var csv = """
            naam,functie,organisatie,email,telefoon,leefgebieden,talen,pleinen
            Komma Een,wijkverpleegkundige,Wijkteam Import,een@komma.nl,06 11111111,lichamelijke_gezondheid|dagelijkse_zelfzorg,Nederlands|tr,Plein Import
            "Komma, Twee",maatschappelijk werker,wijkteam import,,,financien,Arabisch,
            """;

        var response = await UploadAsync("professionals", Utf8(csv, bom: false));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync("professional", "Komma%"), Is.EqualTo(2));
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT string_agg(pl.language_code, ',' ORDER BY pl.language_code) FROM professional p
            JOIN professional_language pl ON pl.professional_id = p.id WHERE p.name = 'Komma Een'
            """), Is.EqualTo("nl,tr"));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db,
            "SELECT search @@ to_tsquery('dutch_unaccent', 'arabisch') FROM professional WHERE name = 'Komma, Twee'"), Is.True);
    }

    [Test]
    public async Task A_file_with_one_bad_row_imports_nothing_and_names_the_line_and_reason()
    {
        var csv = "naam;domein\r\nGoed Een;sociaal\r\nFout Twee;medish\r\nGoed Drie;welzijn\r\n";

        var response = await UploadAsync("organisaties", Utf8(csv, bom: false));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(html, Does.Contain("<tr data-line=\"3\"><td>3</td><td>domein</td><td>Onbekend domein 'medish'"));
        Assert.That(html, Does.Contain("1 van de 3 regels heeft een probleem; er is niets geïmporteerd."));
        Assert.That(await CountAsync("organisation", "Goed%"), Is.Zero);
    }

    [Test]
    public async Task Every_bad_row_is_reported_with_its_reason()
    {
        var csv = """
            naam;functie;organisatie;email;telefoon;leefgebieden;talen
            Rij Twee;coach;Onbekend Bureau;;;;
            Rij Drie;coach;Wijkteam Import;geen-mail;;;
            Rij Vier;coach;Wijkteam Import;;abc;schuldenberg;Klingon
            ;coach;Wijkteam Import;;;;
            Rij Zes;coach;Wijkteam Import;zes@import.nl;;;
            Rij Zes;coach;Wijkteam Import;zes@import.nl;;;
            Rij Acht;%F;Wijkteam Import;;;;
            """.Replace("%F", new string('x', 121));

        var result = await new DirectoryImport(Db.DataSource).RunAsync(ImportKind.Professionals, "fout.csv",
            Utf8(csv, bom: false), await Arrange.UserAsync(Db, "import-fouten@test.nl", "beheerder"));

        Assert.That(result.Imported, Is.Zero);
        Assert.That(result.Problems.Select(p => (p.Line, p.Column)), Is.EquivalentTo(new[]
        {
            (2, "organisatie"), (3, "email"), (4, "telefoon"), (4, "leefgebieden"), (4, "talen"), (5, "naam"),
            (7, "naam"), (7, "email"), (8, "functie"),
        }));
        Assert.That(result.Problems.Single(p => p.Line == 2).Message, Does.StartWith("Onbekende organisatie 'Onbekend Bureau'"));
        Assert.That(result.Problems.Single(p => p.Column == "leefgebieden").Message, Is.EqualTo("Onbekend leefgebied 'schuldenberg'."));
        Assert.That(result.Problems.Single(p => p is { Line: 7, Column: "naam" }).Message, Does.Contain("staat ook op regel 6"));
        Assert.That(result.Problems.Single(p => p.Line == 8).Message, Does.Contain("te lang"));
        Assert.That(await CountAsync("professional", "Rij%"), Is.Zero);
    }

    [Test]
    public async Task An_organisation_already_in_the_directory_is_refused_so_a_second_upload_adds_nothing()
    {
        var csv = Utf8("naam;domein\nWijkteam Import;sociaal\n", bom: false);

        var html = WebUtility.HtmlDecode(await (await UploadAsync("organisaties", csv)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Er bestaat al een organisatie 'Wijkteam Import'."));
        Assert.That(await CountAsync("organisation", "Wijkteam Import"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_professional_already_at_the_organisation_is_refused_whatever_the_accents_or_case()
    {
        var organisation = await BeheerArrange.ScalarAsync<int>(Db, "SELECT id FROM organisation WHERE name = 'Wijkteam Import'");
        await BeheerArrange.ProfessionalAsync(Db, organisation, "José Álvarez");
        var csv = Utf8("naam;functie;organisatie\njose alvarez;coach;Wijkteam Import\n", bom: false);

        var html = WebUtility.HtmlDecode(await (await UploadAsync("professionals", csv)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("'jose alvarez' staat al in de gids bij deze organisatie."));
    }

    [Test]
    public async Task A_file_over_two_megabytes_is_refused_with_a_message()
    {
        var big = Utf8("naam;domein\n" + string.Concat(Enumerable.Repeat("Groot;sociaal\n", 160_000)), bom: false);
        Assert.That(big.Length, Is.GreaterThan(CsvTable.MaxBytes));

        var html = WebUtility.HtmlDecode(await (await UploadAsync("organisaties", big)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Het bestand is groter dan 2 MB."));
    }

    [TestCase("foto.png", "image/png")]
    [TestCase("lijst.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [TestCase("lijst.csv", "application/pdf")]
    public async Task A_file_that_is_not_csv_is_refused_with_a_message(string fileName, string contentType)
    {
        var html = WebUtility.HtmlDecode(await (await UploadAsync("organisaties", Utf8("naam;domein\nNiet;sociaal\n", false), fileName, contentType))
            .Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Alleen CSV-bestanden (.csv) kunnen worden geïmporteerd."));
        Assert.That(await CountAsync("organisation", "Niet"), Is.Zero);
    }

    [Test]
    public async Task No_file_or_no_kind_is_refused_with_a_message()
    {
        var html = WebUtility.HtmlDecode(await (await _beheerder.UploadAsync("/beheer/import", new Dictionary<string, string>(), [], "leeg.csv"))
            .Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Kies of je organisaties of professionals importeert.").And.Contain("Kies een CSV-bestand om te importeren."));
    }

    [Test]
    public async Task The_sample_files_download_and_import_as_they_are()
    {
        var organisations = await _beheerder.GetAsync("/beheer/import?handler=Voorbeeld&soort=organisaties");
        var professionals = await _beheerder.GetAsync("/beheer/import?handler=Voorbeeld&soort=professionals");

        Assert.That(organisations.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var sample = await organisations.Content.ReadAsByteArrayAsync();
        Assert.That(Encoding.UTF8.GetString(sample), Does.StartWith("\uFEFFnaam;domein;soort;"));
        Assert.That((await UploadAsync("organisaties", sample, "voorbeeld-organisaties.csv")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await UploadAsync("professionals", await professionals.Content.ReadAsByteArrayAsync(), "voorbeeld-professionals.csv")).StatusCode,
            Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, """
            SELECT count(*) FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id
            WHERE p.name IN ('Fatima el Amrani', 'Jan de Vries')
            """), Is.EqualTo(2));
    }

    [Test]
    public async Task The_import_page_documents_the_columns()
    {
        var html = await _beheerder.GetStringAsync("/beheer/import");

        foreach (var column in new[] { "naam", "domein", "soort", "pleinen", "leefgebieden", "functie", "organisatie", "talen" })
            Assert.That(html, Does.Contain($"<code>{column}</code>"));
        Assert.That(html, Does.Contain("/beheer/import?soort=organisaties&amp;handler=Voorbeeld"));
    }

    [Test]
    public async Task The_import_page_names_every_active_leefgebied_with_its_code_and_no_retired_one()
    {
        await BeheerArrange.ScalarAsync<int>(Db, """
            INSERT INTO leefgebied (code, name, description, synonyms, sort_order, active)
            VALUES ('oud_gebied', 'Oud gebied', '', '{}', 99, false) RETURNING 1
            """);
        var active = (await BeheerArrange.ScalarAsync<string[]>(Db,
            "SELECT array_agg(code || ' (' || name || ')') FROM leefgebied WHERE active"));

        var html = WebUtility.HtmlDecode(await _beheerder.GetStringAsync("/beheer/import"));

        Assert.That(active, Is.Not.Empty);
        foreach (var leefgebied in active) Assert.That(html, Does.Contain(leefgebied));
        Assert.That(html, Does.Not.Contain("oud_gebied"));
    }
}
