using Npgsql;

namespace SociaalPlein.Data.Database;

/// <summary>
/// The application's database role, <c>sociaalplein_app</c> (made by db/0019): every statement the app runs after
/// start-up runs as it, with the privileges the migrations granted (DML on the tables; only SELECT and INSERT on
/// audit_log; no DDL). Migrations and Hangfire's schema install keep the owner's connection.
/// </summary>
public static class AppRole
{
    public const string Name = "sociaalplein_app";

    /// <summary>
    /// The connection string the app's runtime data source uses: the separate login when one is configured
    /// (<c>ConnectionStrings__SociaalPleinApp</c>, a LOGIN role that is a member of the role), otherwise the owner's
    /// own; either way with the role set as a connection-time option (<see cref="Switch"/>).
    /// </summary>
    public static string RuntimeConnectionString(string ownerConnectionString, string? appConnectionString) =>
        WithoutJit(Switch(string.IsNullOrWhiteSpace(appConnectionString) ? ownerConnectionString : appConnectionString));

    /// <summary>
    /// Adds <c>-c jit=off</c>: PostgreSQL compiles a statement to machine code once its estimated cost passes
    /// <c>jit_above_cost</c>, and at region scale every page whose statement a row estimate inflates crossed it. The
    /// compiling alone took 130–190 ms per statement (e.g. 137 of the 262 ms of the frequent-visitor list of the busiest
    /// plein), more than the statement then ran: a page answers in milliseconds, so that time is never won back.
    /// A connection string that sets <c>jit</c> itself keeps its own.
    /// </summary>
    public static string WithoutJit(string connectionString) => WithSetting(connectionString, "jit", "off");

    /// <summary>
    /// Adds <c>-c role=sociaalplein_app</c> to the connection's startup options: PostgreSQL runs the session as the
    /// role from its first statement. Being the session's connection-time setting, it also survives the pool's reset of
    /// a returned connection (DISCARD ALL, or Npgsql's same list without DEALLOCATE once statements are prepared; tested
    /// by AppRoleTests on the PostgreSQL in use). A connection string that names a role itself keeps it.
    /// </summary>
    public static string Switch(string connectionString) => WithSetting(connectionString, "role", Name);

    /// <summary>Adds <c>-c name=value</c> to the startup options, unless the connection string sets that setting itself.</summary>
    static string WithSetting(string connectionString, string name, string value)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = builder.Options ?? "";
        if (!options.Contains($"{name}=", StringComparison.OrdinalIgnoreCase))
            builder.Options = $"{options} -c {name}={value}".Trim();
        return builder.ConnectionString;
    }

    /// <summary>
    /// Grants the role the use of every table and sequence in <paramref name="schema"/> as it is now. For a schema
    /// that is not ours to migrate (Hangfire's): called after each install, so its tables are covered whether they
    /// were made before db/0019 or after, and whatever a newer Hangfire adds. Runs on the owner's connection.
    /// </summary>
    public static async Task GrantSchemaAsync(NpgsqlConnection owner, string schema, CancellationToken ct)
    {
        var s = LocalPostgres.QuoteIdentifier(schema);
        await using var grant = new NpgsqlCommand($"""
            GRANT USAGE ON SCHEMA {s} TO {Name};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {Name};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {Name};
            """, owner);
        await grant.ExecuteNonQueryAsync(ct);
    }
}
