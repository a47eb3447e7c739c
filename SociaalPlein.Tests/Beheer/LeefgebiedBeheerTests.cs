using System.Net;
using Dapper;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Verwijzingen;

namespace SociaalPlein.Tests.Beheer;

public sealed class LeefgebiedBeheerTests : AppFixture
{
    HttpClient _beheerder = null!;

    [SetUp]
    public async Task SignIn() => _beheerder ??= await BeheerArrange.SignedInAsync(App, Db);

    static Dictionary<string, string> Form(string code, string name, string synonyms = "") => new()
    {
        ["Input.Code"] = code,
        ["Input.Name"] = name,
        ["Input.Description"] = "Vragen over " + name.ToLowerInvariant(),
        ["Input.Synonyms"] = synonyms,
        ["Input.SortOrder"] = "",
    };

    Task<int> CountAsync(string code) => BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM leefgebied WHERE code = @code", new { code });

    [Test]
    public async Task Synonyms_are_saved_trimmed_lower_cased_and_without_doubles()
    {
        var last = await BeheerArrange.ScalarAsync<int>(Db, "SELECT max(sort_order) FROM leefgebied");
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw",
            Form("vervoer", "Vervoer", " Taxi, OV ,, regiotaxi,taxi ,  Rolstoel   Bus ")));

        var synonyms = await BeheerArrange.ScalarAsync<string[]>(Db, "SELECT synonyms FROM leefgebied WHERE id = @id", new { id });
        Assert.That(synonyms, Is.EqualTo(new[] { "taxi", "ov", "regiotaxi", "rolstoel bus" }));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT sort_order FROM leefgebied WHERE id = @id", new { id }),
            Is.EqualTo(last + 1), "without an order, a new leefgebied goes last");
        var history = await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Leefgebied, id);
        Assert.That(history.Single(h => h.Field == "code").NewValue, Is.EqualTo("vervoer"));
        Assert.That(history.Single(h => h.Field == "synonyms").NewValue, Is.EqualTo("taxi,ov,regiotaxi,rolstoel bus"));
    }

    [Test]
    public async Task More_than_fifty_synonyms_are_refused()
    {
        var many = string.Join(",", Enumerable.Range(1, LeefgebiedInput.MaxSynonyms + 1).Select(i => $"woord{i}"));

        var response = await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw", Form("veel_woorden", "Veel woorden", many));

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("hoogstens 50 synoniemen"));
        Assert.That(await CountAsync("veel_woorden"), Is.Zero);
    }

    [Test]
    public async Task The_code_cannot_be_changed_after_creation()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw", Form("sport", "Sport")));
        var form = Form("sport_en_spel", "Sport en spel", "voetbal");

        var response = await _beheerder.SubmitFormAsync($"/beheer/leefgebieden/{id}", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, "SELECT code || '|' || name FROM leefgebied WHERE id = @id", new { id }),
            Is.EqualTo("sport|Sport en spel"));
        Assert.That(await CountAsync("sport_en_spel"), Is.Zero);
        var page = await _beheerder.GetStringAsync($"/beheer/leefgebieden/{id}");
        Assert.That(page, Does.Not.Contain("name=\"Input.Code\""));
        Assert.That((await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Leefgebied, id)).Where(h => h.OldValue is not null)
            .Select(h => h.Field), Is.EquivalentTo(new[] { "name", "description", "synonyms" }));
    }

    [Test]
    public async Task A_duplicate_code_or_name_gets_a_dutch_message_and_stores_nothing()
    {
        var before = await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM leefgebied");

        var sameCode = await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw", Form("financien", "Geld"));
        var sameName = await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw", Form("huisvesting_2", "huisvesting"));

        Assert.That(sameCode.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await sameCode.Content.ReadAsStringAsync(), Does.Contain(LeefgebiedAdmin.CodeTaken));
        Assert.That(await sameName.Content.ReadAsStringAsync(), Does.Contain(LeefgebiedAdmin.NameTaken));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM leefgebied"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_duplicate_that_slips_past_the_check_is_caught_by_its_constraint_name()
    {
        var admin = new LeefgebiedAdmin(Db.DataSource);
        var user = await Arrange.UserAsync(Db, "race@test.nl", "beheerder");
        // Another beheerder's insert of the same code, not yet committed: our check cannot see it, our insert waits for it.
        await using var other = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await other.BeginTransactionAsync();
        await other.ExecuteAsync("INSERT INTO leefgebied (code, name) VALUES ('wedloop', 'Wedloop een')", transaction: tx);

        var ours = admin.CreateAsync(new Leefgebied("wedloop", "Wedloop twee", "", [], null), user);
        while (await BeheerArrange.ScalarAsync<int>(Db,
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
            await Task.Delay(10);
        await tx.CommitAsync();

        Assert.That((await ours).Errors.Single(), Is.EqualTo(new FieldError("Code", LeefgebiedAdmin.CodeTaken)));
        Assert.That(await CountAsync("wedloop"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_bad_code_is_refused_in_dutch()
    {
        var response = await _beheerder.SubmitFormAsync("/beheer/leefgebieden/nieuw", Form("1 verkeerd!", "Verkeerde code"));

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Een code is 2 tot 40 tekens"));
    }

    [Test]
    public async Task A_leefgebied_in_use_is_retired_not_deleted()
    {
        var id = await BeheerArrange.ScalarAsync<int>(Db, "SELECT id FROM leefgebied WHERE code = 'justitie_veiligheid'");
        var organisation = await BeheerArrange.OrganisationAsync(Db, "Reclassering");
        var professional = await BeheerArrange.ProfessionalAsync(Db, organisation, "Rik Recht");
        await BeheerArrange.ScalarAsync<int>(Db,
            "INSERT INTO professional_leefgebied VALUES (@professional, @id) RETURNING 1", new { professional, id });

        var response = await _beheerder.SubmitFormAsync($"/beheer/leefgebieden/{id}", new Dictionary<string, string>(),
            $"/beheer/leefgebieden/{id}?handler=Deactiveren");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM leefgebied WHERE id = @id", new { id }), Is.False);
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM professional_leefgebied WHERE leefgebied_id = @id", new { id }),
            Is.EqualTo(1));
        Assert.That((await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Leefgebied, id)).Single().Field, Is.EqualTo("active"));
        var list = await _beheerder.GetStringAsync("/beheer/leefgebieden");
        Assert.That(list, Does.Not.Contain($"data-leefgebied-id=\"{id}\""));
        Assert.That(await _beheerder.GetStringAsync("/beheer/leefgebieden?inactief=true"), Does.Contain($"data-leefgebied-id=\"{id}\""));
    }

    [Test]
    public async Task The_list_shows_whether_a_leefgebied_has_referrals_and_a_withdrawn_one_does_not_count()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var today = new DateOnly(2026, 11, 23);
        var kept = await ReferralArrange.ReferralAsync(Db, p, p.Referral(today));
        var withdrawn = await ReferralArrange.ReferralAsync(Db, p, p.Referral(today));
        await ReferralArrange.WithdrawAsync(Db, withdrawn);
        var admin = new LeefgebiedAdmin(Db.DataSource);

        var rows = await admin.ListAsync(includeInactive: false);
        await ReferralArrange.WithdrawAsync(Db, kept);
        var afterBoth = await admin.ListAsync(includeInactive: false);

        Assert.That(rows.Single(r => r.Id == p.LeefgebiedId).HasReferrals, Is.True);
        Assert.That(rows.Where(r => r.Id != p.LeefgebiedId).Select(r => r.HasReferrals), Is.All.False);
        Assert.That(afterBoth.Single(r => r.Id == p.LeefgebiedId).HasReferrals, Is.False, "only withdrawn referrals left");
    }
}
