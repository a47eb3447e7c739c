using Dapper;
using DbUp;
using Microsoft.Extensions.Logging.Abstractions;
using SociaalPlein.Data.Database;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Database;

/// <summary>
/// db/0073: the one contact row per visitor moves to the referral that typed it (the visitor's latest referral with
/// consent), keeping its retention clock; a row no referral with consent carried is not carried over.
/// </summary>
public sealed class ReferralContactMigrationTests
{
    const string Script = "db/0073_referral_contact.sql";

    [Test]
    public async Task Existing_contact_details_move_to_the_visitors_latest_referral_with_consent_and_the_old_table_goes()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        ApplyBefore(db.ConnectionString, Script);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var ids = await conn.QuerySingleAsync<(int Visitor, int Lonely, int Early, int Latest, int WithoutConsent)>("""
            WITH n AS (INSERT INTO plein (name, municipality, opened_on) VALUES ('Plein Noord', 'Utrecht', DATE '2024-01-01') RETURNING id),
            o AS (INSERT INTO organisation (name, domein, kind) VALUES ('Buurtteam Noord', 'sociaal', 'wijkteam') RETURNING id),
            v AS (INSERT INTO visitor (plein_id, code, first_visit_on, request_id)
                  SELECT n.id, c.code, DATE '2026-01-05', gen_random_uuid() FROM n, (VALUES ('B-2026-0001'), ('B-2026-0002')) c(code)
                  RETURNING id, code),
            r AS (INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, to_organisation_id, zorgvraag, leefgebied_id,
                                        consent_share_contact, request_id, created_at)
                  SELECT n.id, x.on_, v.id, 'eigen_initiatief', o.id, 'Wil hulp bij post en rekeningen',
                         (SELECT id FROM leefgebied WHERE code = 'financien'), x.consent, gen_random_uuid(), x.at
                  FROM n, o, v, (VALUES (DATE '2026-02-01', true, TIMESTAMPTZ '2026-02-01 10:00+01', 1),
                                        (DATE '2026-01-20', true, TIMESTAMPTZ '2026-03-02 10:00+01', 2),
                                        (DATE '2026-03-10', false, TIMESTAMPTZ '2026-03-10 10:00+01', 3)) x(on_, consent, at, k)
                  WHERE v.code = 'B-2026-0001'
                  RETURNING id, created_at, consent_share_contact)
            SELECT (SELECT id FROM v WHERE code = 'B-2026-0001'), (SELECT id FROM v WHERE code = 'B-2026-0002'),
                   (SELECT id FROM r WHERE created_at = TIMESTAMPTZ '2026-02-01 10:00+01'),
                   (SELECT id FROM r WHERE created_at = TIMESTAMPTZ '2026-03-02 10:00+01'),
                   (SELECT id FROM r WHERE NOT consent_share_contact)
            """);
        await conn.ExecuteAsync("""
            INSERT INTO visitor_contact (visitor_id, name, phone, consented_at, last_contact_on)
            VALUES (@Visitor, 'Fatima el Amrani', '06 1234 5678', TIMESTAMPTZ '2026-03-02 10:00+01', DATE '2026-03-10'),
                   (@Lonely, 'Henk Zwartjes', '', TIMESTAMPTZ '2026-01-05 10:00+01', DATE '2026-01-05');
            """, new { ids.Visitor, ids.Lonely });

        await Migrations.ApplyAsync(db.ConnectionString, NullLogger.Instance);

        var moved = (await conn.QueryAsync<(int ReferralId, int VisitorId, string Name, string Phone, DateOnly LastContactOn)>(
            "SELECT referral_id, visitor_id, name, phone, last_contact_on FROM referral_contact ORDER BY referral_id")).ToList();
        Assert.That(moved, Is.EqualTo(new[] { (ids.Latest, ids.Visitor, "Fatima el Amrani", "06 1234 5678", new DateOnly(2026, 3, 10)) }),
            "the latest stored referral with consent typed the row (not the one of the latest date, nor the one without consent); its clock is kept");
        Assert.That(await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('visitor_contact') IS NULL"), Is.True);
    }

    /// <summary>The migrations before <paramref name="script"/>, applied and journaled the way Migrations.ApplyAsync does.</summary>
    static void ApplyBefore(string connectionString, string script)
    {
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly,
                name => name.StartsWith("db/", StringComparison.Ordinal) && string.CompareOrdinal(name, script) < 0)
            .WithTransactionPerScript()
            .JournalToPostgresqlTable("public", "schema_migration")
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.That(result.Successful, Is.True, result.Error?.Message);
    }
}
