using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// The lagging-reads data source on one server, as most installations run: off it is the primary's data source itself;
/// on with a single host, it reads from that host and the pages on it work. (With a standby: TopologyTests.)
/// </summary>
public sealed class LaggingReadsTests : AppFixture
{
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    [Test]
    public void Off_by_default_the_lagging_reads_use_the_primarys_data_source()
    {
        Assert.That(App.Services.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key),
            Is.SameAs(App.Services.GetRequiredService<NpgsqlDataSource>()));
    }

    [Test]
    public void With_several_hosts_the_lagging_reads_prefer_a_standby_and_spread_over_the_hosts()
    {
        var settings = new NpgsqlConnectionStringBuilder(LaggingReads.ConnectionString(
            "Host=db1,db2;Database=sociaalplein;Username=sociaalplein_web;Target Session Attributes=primary"));
        Assert.That((settings.Host, settings.TargetSessionAttributes, settings.LoadBalanceHosts), Is.EqualTo(("db1,db2", "prefer-standby", true)));
    }

    [Test]
    public async Task Switched_on_without_a_standby_the_gids_and_the_dashboard_read_from_the_primary()
    {
        await using var app = new AppFactory(Db, settings: new Dictionary<string, string> { [LaggingReads.Setting] = "true" });
        var lagging = app.Services.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key);
        Assert.That(lagging, Is.Not.SameAs(app.Services.GetRequiredService<NpgsqlDataSource>()));

        await using (var conn = await lagging.OpenConnectionAsync())
            Assert.That(await conn.QuerySingleAsync<(bool, string)>("SELECT pg_is_in_recovery(), current_user::text"),
                Is.EqualTo((false, "sociaalplein_app")), "the primary, as the application role");

        using var professional = app.Browser();
        Assert.That((await professional.LogInAsync(_p.SenderEmail, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var gids = await professional.GetAsync("/gids");
        Assert.That(gids.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await gids.Content.ReadAsStringAsync(), Does.Contain($"data-professional-id=\"{_p.ReceiverId}\""), "the gids lists the plein's professional");
        using var projectleider = app.Browser();
        Assert.That((await projectleider.LogInAsync(_p.ProjectleiderEmail, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var dashboard = await projectleider.GetAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q1");
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await dashboard.Content.ReadAsStringAsync(), Does.Contain("<th scope=\"row\">Verwijzingen</th>"));
    }
}
