using System.Collections.Concurrent;

namespace SociaalPlein.Web.Observability;

/// <summary>One finished request as /beheer/prestaties lists it. The route is the page or endpoint pattern, never the
/// address itself (an address can hold a visitor code).</summary>
public sealed record RequestSummary(DateTimeOffset At, string Method, string Route, int StatusCode, TimeSpan Total,
    int SqlCount, TimeSpan SqlTime);

/// <summary>One statement's figures over the last hour.</summary>
public sealed record StatementSummary(string Statement, int Count, TimeSpan Total, TimeSpan Max)
{
    public TimeSpan Average => Total / Count;
}

public sealed record PerformanceReport(int Requests, IReadOnlyList<RequestSummary> SlowestRequests, IReadOnlyList<StatementSummary> Statements);

/// <summary>
/// The last hour of requests and statements, in memory and bounded: 60 one-minute buckets in a ring, each holding
/// its <see cref="Listed"/> slowest requests and the figures of at most <see cref="StatementsPerMinute"/> distinct
/// statements (more fall under <see cref="OtherStatements"/>). The hour's slowest requests are the slowest of the
/// buckets' slowest, so the list is exact; a bucket older than an hour is emptied when its minute comes round again.
/// Per instance: each instance behind a load balancer shows its own hour.
/// </summary>
public sealed class RecentPerformance(TimeProvider clock)
{
    public const int Listed = 25;
    public const int StatementsPerMinute = 300;
    public const string OtherStatements = "(overige statements)";
    const int Minutes = 60;
    const int ShapesCached = 2_000;

    readonly Minute[] _ring = Enumerable.Range(0, Minutes).Select(_ => new Minute()).ToArray();
    readonly ConcurrentDictionary<string, SqlShape> _shapes = new(StringComparer.Ordinal);

    /// <summary>The statement's shape, from a bounded cache: the app runs the same few hundred texts over and over.</summary>
    public SqlShape ShapeOf(string sql)
    {
        if (_shapes.TryGetValue(sql, out var shape)) return shape;
        shape = SqlText.Shape(sql);
        if (_shapes.Count < ShapesCached) _shapes.TryAdd(sql, shape);
        return shape;
    }

    public void RecordRequest(RequestSummary request) => Now(out var stamp).Add(stamp, request);

    public void RecordStatement(string statement, TimeSpan duration) => Now(out var stamp).Add(stamp, statement, duration);

    public PerformanceReport LastHour()
    {
        Now(out var stamp);
        var requests = 0;
        var slowest = new List<RequestSummary>();
        var statements = new Dictionary<string, StatementSummary>(StringComparer.Ordinal);
        foreach (var minute in _ring) minute.AddTo(stamp - Minutes, ref requests, slowest, statements);
        return new PerformanceReport(
            requests,
            slowest.OrderByDescending(r => r.Total).Take(Listed).ToList(),
            statements.Values.OrderByDescending(s => s.Total).Take(Listed).ToList());
    }

    Minute Now(out long stamp)
    {
        stamp = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        return _ring[stamp % Minutes];
    }

    sealed class Minute
    {
        readonly Lock _gate = new();
        long _stamp = -1;
        int _requests;
        readonly List<RequestSummary> _slowest = new(Listed);
        readonly Dictionary<string, StatementSummary> _statements = new(StringComparer.Ordinal);

        public void Add(long stamp, RequestSummary request)
        {
            lock (_gate)
            {
                Claim(stamp);
                _requests++;
                if (_slowest.Count < Listed) _slowest.Add(request);
                else
                {
                    var fastest = 0;
                    for (var i = 1; i < _slowest.Count; i++) if (_slowest[i].Total < _slowest[fastest].Total) fastest = i;
                    if (request.Total > _slowest[fastest].Total) _slowest[fastest] = request;
                }
            }
        }

        public void Add(long stamp, string statement, TimeSpan duration)
        {
            lock (_gate)
            {
                Claim(stamp);
                if (!_statements.ContainsKey(statement) && _statements.Count >= StatementsPerMinute) statement = OtherStatements;
                Merge(_statements, new StatementSummary(statement, 1, duration, duration));
            }
        }

        /// <summary>Adds this minute's figures when it lies after <paramref name="after"/>.</summary>
        public void AddTo(long after, ref int requests, List<RequestSummary> slowest, Dictionary<string, StatementSummary> statements)
        {
            lock (_gate)
            {
                if (_stamp <= after) return;
                requests += _requests;
                slowest.AddRange(_slowest);
                foreach (var s in _statements.Values) Merge(statements, s);
            }
        }

        // The ring reuses a bucket an hour later: what it held then is out of the window.
        void Claim(long stamp)
        {
            if (_stamp == stamp) return;
            _stamp = stamp;
            _requests = 0;
            _slowest.Clear();
            _statements.Clear();
        }

        static void Merge(Dictionary<string, StatementSummary> into, StatementSummary add) =>
            into[add.Statement] = into.TryGetValue(add.Statement, out var had)
                ? new StatementSummary(add.Statement, had.Count + add.Count, had.Total + add.Total, had.Max > add.Max ? had.Max : add.Max)
                : add;
    }
}
