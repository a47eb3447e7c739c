using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Export;
using SociaalPlein.Tests.Benchmarks;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Export;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// A download that the client abandons midway: the query stops in PostgreSQL, and the audit entry is written
/// anyway, saying the export did not complete and how many rows had been handed to the response. On the real server
/// (Kestrel), whose back-pressure holds the export while the client does not read.
/// </summary>
public sealed class ExportDisconnectTests : AppFixture
{
    const string Email = "beheerder-afbreken@test.nl";
    static readonly RegionScale Scale = new(Pleinen: 2, Organisations: 10, Professionals: 40, Visitors: 20_000, Visits: 40_000, Referrals: 150_000,
        Years: 2, EndsOn: new DateOnly(2026, 9, 30));

    protected override async Task ArrangeAsync()
    {
        await RegionDataset.GenerateAsync(Db.DataSource, Scale);
        await Arrange.UserAsync(Db, Email, "beheerder");
    }

    [Test]
    public async Task A_client_that_goes_away_stops_the_query_and_the_audit_entry_says_how_far_it_got()
    {
        using var browser = RealServer.Browser(RealServer.Start(App));
        Assert.That((await browser.LogInAsync(Email, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using (var response = await browser.GetAsync($"/export/verwijzingen.standaard.csv?van={Scale.StartsOn:yyyy-MM-dd}&tot={Scale.EndsOn:yyyy-MM-dd}",
                   HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadExactlyAsync(new byte[64 * 1024]);
            Assert.That(await WaitUntilAsync(async () => await RunningExportsAsync() == 1), Is.True, "the export is under way, held by the client");
        }
        browser.Dispose();

        Assert.That(await WaitUntilAsync(async () => await RunningExportsAsync() == 0), Is.True, "the query stopped in PostgreSQL");
        Assert.That(await WaitUntilAsync(async () => await AuditDetailAsync() is not null), Is.True, "the audit entry is written");
        var result = JsonDocument.Parse((await AuditDetailAsync())!).RootElement.GetProperty("result");
        Assert.That(result.GetProperty("completed").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("failure").GetString(), Is.EqualTo("client_disconnected"));
        Assert.That(result.GetProperty("rows").GetInt64(), Is.GreaterThan(0).And.LessThan(Scale.Referrals));
    }

    /// <summary>
    /// Exports whose cursor is open: fetching, or waiting between two fetches for the client to take the rows (its
    /// transaction idle). Once the export stops, the transaction ends and the cursor with it.
    /// </summary>
    async Task<long> RunningExportsAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' AND state IN ('active', 'idle in transaction')
              AND (query LIKE 'FETCH % FROM export_verwijzingen' OR query LIKE 'DECLARE export_verwijzingen %')
            """);
    }

    async Task<string?> AuditDetailAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string?>("SELECT detail::text FROM audit_log WHERE action = @action AND outcome = 'allowed'",
            new { action = ExportQuery.ExportAction });
    }

    static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
