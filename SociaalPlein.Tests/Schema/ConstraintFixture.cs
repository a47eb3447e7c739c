using Dapper;
using Npgsql;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Schema;

/// <summary>
/// One table's row as the tests insert it: the INSERT (every column a parameter named after a property)
/// and a row that is valid on top of the fixture's base arrangement.
/// </summary>
public interface IRow<TSelf> where TSelf : IRow<TSelf>
{
    static abstract string Table { get; }
    static abstract string InsertSql { get; }
    static abstract TSelf Valid(Arranged a);
}

/// <summary>What PostgreSQL answers a bad row with: the SQLSTATE plus the constraint, or for NOT NULL the column.</summary>
public sealed record Violation(string SqlState, string? ConstraintName, string? ColumnName = null)
{
    public static Violation Check(string constraint) => new(PostgresErrorCodes.CheckViolation, constraint);
    public static Violation ForeignKey(string constraint) => new(PostgresErrorCodes.ForeignKeyViolation, constraint);
    public static Violation Unique(string constraint) => new(PostgresErrorCodes.UniqueViolation, constraint);
    public static Violation NotNull(string column) => new(PostgresErrorCodes.NotNullViolation, null, column);

    // PostgreSQL 15 names no constraint for a NOT NULL violation, only the column.
    public static Violation Of(PostgresException e) => e.SqlState == PostgresErrorCodes.NotNullViolation
        ? NotNull(e.ColumnName ?? "")
        : new(e.SqlState, e.ConstraintName);
}

/// <summary>A row every table must take: proves the valid row (and so every bad case built on it) is sound.</summary>
public sealed record ValidRow(string Table, string InsertSql, Func<Arranged, object> Row);

/// <summary>
/// A bad row: <see cref="Valid"/> with one value changed makes <see cref="Bad"/>. For a duplicate,
/// <see cref="First"/> is inserted before both and Valid differs from it only in the key.
/// </summary>
public sealed record RowCase(
    string Table, string InsertSql, Func<Arranged, object>? First, Func<Arranged, object> Valid, Func<Arranged, object> Bad,
    Violation Expected);

/// <summary>Builds the named test cases; the name is what the test shows, so it says the behaviour.</summary>
public static class Cases
{
    public static TestCaseData Accepted<T>() where T : IRow<T> => Accepted($"Valid_{T.Table}_row_is_accepted", T.Valid);

    public static TestCaseData Accepted<T>(string name, Func<Arranged, T> row) where T : IRow<T> =>
        new TestCaseData(new ValidRow(T.Table, T.InsertSql, a => row(a))).SetName(name);

    public static TestCaseData Rejected<T>(string name, Func<T, T> change, Violation expected) where T : IRow<T> =>
        Rejected(name, T.Valid, change, expected);

    /// <summary>A change that needs another arranged row, e.g. the other plein.</summary>
    public static TestCaseData Rejected<T>(string name, Func<T, Arranged, T> change, Violation expected) where T : IRow<T> =>
        new TestCaseData(new RowCase(T.Table, T.InsertSql, null, a => T.Valid(a), a => change(T.Valid(a), a), expected)).SetName(name);

    public static TestCaseData Rejected<T>(string name, Func<Arranged, T> valid, Func<T, T> change, Violation expected)
        where T : IRow<T> =>
        new TestCaseData(new RowCase(T.Table, T.InsertSql, null, a => valid(a), a => change(valid(a)), expected)).SetName(name);

    public static TestCaseData Duplicate<T>(string name, Func<Arranged, T> second, Func<T, T, T> withKeyOfFirst, Violation expected)
        where T : IRow<T> =>
        Duplicate(name, T.Valid, second, withKeyOfFirst, expected);

    public static TestCaseData Duplicate<T>(
        string name, Func<Arranged, T> first, Func<Arranged, T> second, Func<T, T, T> withKeyOfFirst, Violation expected)
        where T : IRow<T> =>
        new TestCaseData(new RowCase(
            T.Table, T.InsertSql, a => first(a), a => second(a), a => withKeyOfFirst(second(a), first(a)), expected)).SetName(name);
}

/// <summary>
/// A fixture database with the base arrangement inserted once. Every case runs in a transaction that is
/// never committed, so cases cannot see each other's rows.
/// </summary>
public abstract class ConstraintFixture
{
    FixtureDatabase? _database;
    Arranged? _arranged;

    /// <summary>An id no arranged row has, for the cases of a reference to nothing.</summary>
    protected const int Missing = Arranged.MissingId;


    NpgsqlDataSource Db => _database?.DataSource ?? throw new InvalidOperationException("The fixture database is not created.");
    Arranged Arranged => _arranged ?? throw new InvalidOperationException("The base arrangement is not inserted.");

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestDatabase.CreateAsync();
        _arranged = await Arranged.InsertAsync(_database.DataSource);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    protected async Task AssertAcceptedAsync(ValidRow row)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        Assert.That(await conn.ExecuteAsync(row.InsertSql, row.Row(Arranged), tx), Is.EqualTo(1));
    }

    protected async Task AssertRejectedAsync(RowCase row)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (row.First is not null) await conn.ExecuteAsync(row.InsertSql, row.First(Arranged), tx);

        // The same row without the one bad value must go in; otherwise the rejection below could have
        // another cause than the constraint this case is about.
        await tx.SaveAsync("valid_variant");
        Assert.That(await conn.ExecuteAsync(row.InsertSql, row.Valid(Arranged), tx), Is.EqualTo(1), "the valid variant");
        await tx.RollbackAsync("valid_variant");

        var rejection = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(row.InsertSql, row.Bad(Arranged), tx));
        Assert.That(Violation.Of(rejection!), Is.EqualTo(row.Expected));
    }
}

/// <summary>
/// The base rows the cases refer to, inserted once per fixture: two pleinen, two organisations with a
/// professional each, an account, visitors with a visit and two referrals, a plein and a regional newsletter.
/// </summary>
public sealed record Arranged(
    int PleinId, int OtherPleinId, int WijkId, int LeefgebiedId, int OtherLeefgebiedId,
    int OrganisationId, int OtherOrganisationId, int ProfessionalId, int OtherProfessionalId, int SpreekuurId, int UserId,
    int VisitorId, int OtherVisitorId, int VisitId, int ReferralId, int OtherReferralId, int NewsletterId, int RegionalNewsletterId, int SubscriberId,
    long AgreementId, long WithdrawnAgreementId, int HealthLeefgebiedId)
{
    /// <summary>An id that no row in the fixture has: foreign-key cases point at it.</summary>
    public const int MissingId = 987_654;

    public static async Task<Arranged> InsertAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        Task<int> Insert(string sql, object row) => conn.QuerySingleAsync<int>(sql, row);

        const string plein = """
            INSERT INTO plein (name, municipality, opened_on) VALUES (@name, @municipality, @openedOn) RETURNING id
            """;
        var pleinId = await Insert(plein, new { name = "Sociaal Plein Noord", municipality = "Utrecht", openedOn = new DateOnly(2024, 3, 1) });
        var otherPleinId = await Insert(plein, new { name = "Sociaal Plein Oost", municipality = "Utrecht", openedOn = new DateOnly(2025, 1, 6) });
        var wijkId = await Insert("""
            INSERT INTO wijk (plein_id, name) VALUES (@pleinId, @name) RETURNING id
            """, new { pleinId, name = "Hoograven" });

        // By code, never by id: the codes are the stable part of the seeded taxonomy (db/0008).
        const string leefgebied = "SELECT id FROM leefgebied WHERE code = @code";
        var leefgebiedId = await Insert(leefgebied, new { code = "financien" });
        var otherLeefgebiedId = await Insert(leefgebied, new { code = "huisvesting" });

        const string organisation = """
            INSERT INTO organisation (name, domein, kind) VALUES (@name, @domein, @kind) RETURNING id
            """;
        var organisationId = await Insert(organisation, new { name = "Huisartsenpraktijk De Linde", domein = "medisch", kind = "huisartsenpraktijk" });
        var otherOrganisationId = await Insert(organisation, new { name = "Buurtteam Noord", domein = "sociaal", kind = "wijkteam" });

        const string professional = """
            INSERT INTO professional (organisation_id, name, function) VALUES (@organisationId, @name, @function) RETURNING id
            """;
        var professionalId = await Insert(professional, new { organisationId, name = "Anne Visser", function = "Huisarts" });
        var otherProfessionalId = await Insert(professional,
            new { organisationId = otherOrganisationId, name = "Youssef Benali", function = "Schuldhulpverlener" });

        var spreekuurId = await Insert("""
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            VALUES (@pleinId, @organisationId, @professionalId, @kind, @title, @weekday, @startsAt, @endsAt, @validFrom)
            RETURNING id
            """, new
        {
            pleinId, organisationId, professionalId, kind = "inloop", title = "Inloop huisarts", weekday = (short)3,
            startsAt = new TimeOnly(13, 0), endsAt = new TimeOnly(15, 0), validFrom = new DateOnly(2025, 1, 1),
        });
        var userId = await Insert("""
            INSERT INTO app_user (email, display_name, role) VALUES (@email, @displayName, @role) RETURNING id
            """, new { email = "projectleider@plein-noord.nl", displayName = "Marieke de Wit", role = "projectleider" });

        const string visitor = """
            INSERT INTO visitor (plein_id, code, first_visit_on, request_id) VALUES (@pleinId, @code, @firstVisitOn, @requestId) RETURNING id
            """;
        var visitorId = await Insert(visitor, new { pleinId, code = "B-2026-0001", firstVisitOn = new DateOnly(2026, 1, 12), requestId = Guid.NewGuid() });
        var otherVisitorId = await Insert(visitor, new { pleinId, code = "B-2026-0002", firstVisitOn = new DateOnly(2026, 1, 13), requestId = Guid.NewGuid() });
        var visitId = await Insert("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id) VALUES (@pleinId, @visitorId, @visitedOn, @kind, @requestId) RETURNING id
            """, new { pleinId, visitorId, visitedOn = new DateOnly(2026, 1, 12), kind = "inloop", requestId = Guid.NewGuid() });
        var referralId = await Insert("""
            INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, to_organisation_id, zorgvraag, leefgebied_id,
                                  consent_share_contact, request_id)
            VALUES (@pleinId, @referredOn, @visitorId, @fromKind, @toOrganisationId, @zorgvraag, @leefgebiedId, true, @requestId)
            RETURNING id
            """, new
        {
            pleinId, referredOn = new DateOnly(2026, 1, 12), visitorId, fromKind = "eigen_initiatief",
            toOrganisationId = otherOrganisationId, zorgvraag = "Wil hulp bij post en rekeningen", leefgebiedId, requestId = Guid.NewGuid(),
        });
        var otherReferralId = await Insert("""
            INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, to_organisation_id, zorgvraag, leefgebied_id,
                                  consent_share_contact, request_id)
            VALUES (@pleinId, @referredOn, @otherVisitorId, 'eigen_initiatief', @toOrganisationId, @zorgvraag, @otherLeefgebiedId, true, @requestId)
            RETURNING id
            """, new
        {
            pleinId, otherVisitorId, referredOn = new DateOnly(2026, 2, 3), toOrganisationId = otherOrganisationId, zorgvraag = "Zoekt passende woonruimte",
            otherLeefgebiedId, requestId = Guid.NewGuid(),
        });

        const string newsletter = """
            INSERT INTO newsletter (plein_id, year, quarter) VALUES (@pleinId, @year, @quarter) RETURNING id
            """;
        var newsletterId = await Insert(newsletter, new { pleinId = (int?)pleinId, year = (short)2025, quarter = (short)4 });
        var regionalNewsletterId = await Insert(newsletter, new { pleinId = (int?)null, year = (short)2025, quarter = (short)4 });
        var subscriberId = await Insert("""
            INSERT INTO newsletter_subscriber (plein_id, name, email) VALUES (@pleinId, @name, @email) RETURNING id
            """, new { pleinId, name = "Secretariaat Buurtteam", email = "secretariaat@buurtteam-noord.nl" });
        // The visit and referrals above lie in a closed quarter: their triggers gave the plein a kept-figures version
        // (db/0032), a row that the cases of that table insert themselves.
        await conn.ExecuteAsync("DELETE FROM dataset_figures_version");
        // The scale's five seeded steps (db/0060) fill every step the table allows: the cases of meting_step insert their own.
        await conn.ExecuteAsync("DELETE FROM meting_step");
        // The visitor agreed to metingen once, withdrew, and agreed again: metingen go under the agreement in force.
        var withdrawnAgreementId = await conn.QuerySingleAsync<long>(
            "INSERT INTO meting_agreement (visitor_id, given_at, withdrawn_at) VALUES (@visitorId, '2026-01-05', '2026-01-06') RETURNING id",
            new { visitorId });
        var agreementId = await conn.QuerySingleAsync<long>(
            "INSERT INTO meting_agreement (visitor_id, given_at) VALUES (@visitorId, '2026-01-12') RETURNING id", new { visitorId });

        return new Arranged(
            pleinId, otherPleinId, wijkId, leefgebiedId, otherLeefgebiedId, organisationId, otherOrganisationId, professionalId,
            otherProfessionalId, spreekuurId, userId, visitorId, otherVisitorId, visitId, referralId, otherReferralId, newsletterId, regionalNewsletterId,
            subscriberId, agreementId, withdrawnAgreementId, await Insert(leefgebied, new { code = "geestelijke_gezondheid" }));
    }
}

/// <summary>What every constraint fixture declares: its accepted rows and its rejected ones.</summary>
public interface IConstraintCases
{
    /// <summary>Rows the schema accepts (also read by <see cref="ConstraintCoverageTests"/>).</summary>
    static abstract IEnumerable<TestCaseData> Acceptances { get; }

    /// <summary>Rows the schema rejects, each with the constraint that rejects it.</summary>
    static abstract IEnumerable<TestCaseData> Rejections { get; }
}

/// <summary>A constraint fixture that runs the cases <typeparamref name="TCases"/> (the fixture itself) declares.</summary>
public abstract class ConstraintFixture<TCases> : ConstraintFixture where TCases : IConstraintCases
{
    static IEnumerable<TestCaseData> AcceptanceCases => TCases.Acceptances;
    static IEnumerable<TestCaseData> RejectionCases => TCases.Rejections;

    [TestCaseSource(nameof(AcceptanceCases))]
    public Task Accepts(ValidRow row) => AssertAcceptedAsync(row);

    [TestCaseSource(nameof(RejectionCases))]
    public Task Rejects(RowCase row) => AssertRejectedAsync(row);
}
