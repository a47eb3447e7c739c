using Npgsql;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>
/// A second data source for reads that may lag the primary by a moment (the gids search, the HSDS API, the dataset
/// dashboard): with <see cref="Setting"/> on, the app's own hosts with <c>Target Session Attributes=prefer-standby</c>
/// and <c>Load Balance Hosts</c>, so those reads go to a hot standby when one answers and to the primary when none
/// does. Off (the default) it is the primary's data source itself. Anything that writes, or must read what it has just
/// written (a form's redirect to the stored row, a session, a job), keeps the primary's <see cref="NpgsqlDataSource"/>.
/// Registered as a keyed service: <c>[FromKeyedServices(LaggingReads.Key)] NpgsqlDataSource</c>.
/// </summary>
public static class LaggingReads
{
    public const string Key = "lagging-reads";
    public const string Setting = "SociaalPlein:LaggingReads:FromStandby";

    /// <summary>
    /// The runtime connection (same login, same role) aimed at a standby first, spread over the standbys. With a single
    /// host there is no standby to prefer (and Npgsql refuses session attributes for one host): that host, as it is.
    /// </summary>
    public static string ConnectionString(string runtimeConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(runtimeConnectionString);
        if (builder.Host?.Contains(',') != true) return runtimeConnectionString;
        builder.TargetSessionAttributes = "prefer-standby";
        builder.LoadBalanceHosts = true;
        return builder.ConnectionString;
    }
}
