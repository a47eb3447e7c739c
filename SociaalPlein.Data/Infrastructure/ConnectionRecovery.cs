using System.Net.Sockets;
using Npgsql;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>
/// What happens to the connection pool when PostgreSQL restarts. The pool keeps idle connections that the server has
/// since closed; the first command on one fails ("57P01 terminating connection due to administrator command", or end
/// of stream). Npgsql then drops that connection and clears its pool (verified against 10.0.3 by
/// <c>ReadinessTests</c>), so one command fails and the next ones get fresh connections: the app recovers without a
/// restart of its own. To spare even that one failure, a caller that only reads may try once more
/// (<see cref="ReadAsync{T}"/>; the request pipeline does the same for a GET, <c>SafeReadRetry</c>). Writes are never
/// retried here: a write that broke mid-way may or may not have been committed.
/// </summary>
public static class ConnectionRecovery
{
    /// <summary>
    /// True when the connection itself is gone (the server restarted or went away, the network broke), not when the
    /// statement was wrong or timed out.
    /// </summary>
    public static bool IsBrokenConnection(Exception e) => e switch
    {
        // Class 08: connection exception; 57P01/02/03: admin shutdown, crash shutdown, cannot connect now.
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException { InnerException: IOException or SocketException } => true,
        _ => false,
    };

    /// <summary>
    /// Runs a read; when it fails on a broken connection, clears the pool (other idle connections are as broken) and
    /// runs it once more. Only for work that is safe to repeat.
    /// </summary>
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource db, Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read(ct);
        }
        catch (Exception e) when (IsBrokenConnection(e))
        {
            db.Clear();
            return await read(ct);
        }
    }
}
