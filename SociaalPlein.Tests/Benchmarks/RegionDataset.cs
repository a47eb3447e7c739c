using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>Extra referrals in one plein and quarter, on top of <see cref="RegionScale.Referrals"/> (the newsletter's worst case).</summary>
/// <param name="PleinNumber">1-based: the plein named <see cref="RegionDataset.PleinName"/>(PleinNumber).</param>
public sealed record HotPleinQuarter(int PleinNumber, Quarter Quarter, int Referrals);

/// <summary>
/// How big a generated region is. Visits and referrals spread over <see cref="Years"/> years ending on
/// <see cref="EndsOn"/>; every visitor's first visit is one of the visits, so <see cref="Visits"/> ≥ <see cref="Visitors"/>.
/// </summary>
public sealed record RegionScale(
    int Pleinen, int Organisations, int Professionals, int Visitors, int Visits, int Referrals, int Years, DateOnly EndsOn,
    HotPleinQuarter? Hot = null, int WijkenPerPlein = 5, int SpreekurenPerPlein = 8)
{
    /// <summary>A region of 50 pleinen: 2,000 organisations, 20,000 professionals, 1,000,000 visitors, 3,000,000 visits, 2,000,000 referrals in 3 years.</summary>
    public static RegionScale Full(DateOnly endsOn, HotPleinQuarter? hot = null) =>
        new(50, 2_000, 20_000, 1_000_000, 3_000_000, 2_000_000, 3, endsOn, hot);

    public DateOnly StartsOn => EndsOn.AddYears(-Years).AddDays(1);
    public int Days => EndsOn.DayNumber - StartsOn.DayNumber + 1;
    public int TotalReferrals => Referrals + (Hot?.Referrals ?? 0);
}

/// <summary>What was generated: the pleinen's ids (index 0 is plein number 1) and how long it took.</summary>
/// <param name="Steps">Each table (or step) and how long it took; tables load at once on several connections, so they overlap.</param>
/// <param name="ServerCpu">Processor time of PostgreSQL's processes during the load of tables and indexes.</param>
/// <param name="ClientCpu">Processor time of this process (computing and encoding the rows) during it.</param>
public sealed record RegionGenerated(IReadOnlyList<int> PleinIds, TimeSpan Elapsed, bool TriggersSkipped, IReadOnlyList<(string Table, TimeSpan Elapsed)> Steps,
    TimeSpan ServerCpu, TimeSpan ClientCpu)
{
    public int PleinId(int number) => PleinIds[number - 1];

    public string StepsText => string.Join(", ", Steps.Select(s => $"{s.Table} {s.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"));
}

/// <summary>
/// A region at scale for the benchmarks, written with binary COPY: the rows of <see cref="RegionModel"/> are
/// computed in this process and streamed into PostgreSQL, the big tables at once on four connections (<see cref="Load"/>:
/// visitors; visits; referrals; their status events), with the secondary indexes of the big tables, and their unique
/// constraints no foreign key needs, dropped for the load and built again as soon as their table is full. A load that
/// fails leaves them dropped: the database is a fixture's own, thrown away with it.
/// <para>
/// As a superuser the load runs with <c>session_replication_role = replica</c>, which skips the foreign-key triggers (the
/// CHECK, UNIQUE and NOT NULL constraints still apply), so the tables need not wait for each other;
/// <see cref="BrokenForeignKeysAsync"/> then proves every foreign key holds. Without superuser rights the tables load one
/// after the other with every key checked. Meant for a fixture's own fresh database: plein names, visitor codes and
/// account e-mails are fixed.
/// </para>
/// </summary>
public static class RegionDataset
{
    public static string PleinName(int number) => RegionModel.PleinName(number);

    static readonly string[] BulkTables = ["visitor", "visit", "visit_leefgebied", "referral", "referral_contact", "referral_status_event"];

    public static async Task<RegionGenerated> GenerateAsync(NpgsqlDataSource db, RegionScale scale, string? passwordHash = null)
    {
        if (scale.Organisations < scale.Pleinen || scale.Professionals < scale.Organisations)
            throw new ArgumentException("Every plein needs an organisation and every organisation a professional.", nameof(scale));
        if (scale.Visits < scale.Visitors) throw new ArgumentException("Every visitor has a first visit: Visits must be at least Visitors.", nameof(scale));
        if (scale.Visitors / (double)scale.Years > 900_000) throw new ArgumentException("Visitor codes allow 999,999 per year.", nameof(scale));
        if (scale.Hot is { } hot && (hot.PleinNumber < 1 || hot.PleinNumber > scale.Pleinen || hot.Quarter.Start > scale.EndsOn || hot.Quarter.End <= scale.StartsOn))
            throw new ArgumentException("The hot plein-quarter must name a generated plein and a quarter within the period.", nameof(scale));
        var clock = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync();
        var skipTriggers = await conn.ExecuteScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        var model = new RegionModel(scale, await BasesAsync(conn), RandomNumberGenerator.GetInt32(int.MaxValue));

        // Building an index once over millions of rows is several times cheaper than growing it row by row: the big
        // tables' secondary indexes, and the unique constraints no foreign key leans on, are dropped for the load and
        // made again from their own definitions as soon as their table is full (a unique one proving the rows unique).
        var deferred = (await conn.QueryAsync<(string Table, string Name, string Drop, string Build)>("""
            SELECT i.tablename, i.indexname, format('DROP INDEX %I', i.indexname), i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY (@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            UNION ALL
            SELECT t.relname, c.conname, format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, c.conname),
                   format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype IN ('p', 'u') AND t.relnamespace = 'public'::regnamespace AND t.relname = ANY (@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)
            """, new { tables = BulkTables })).ToList();
        foreach (var d in deferred) await conn.ExecuteAsync(d.Drop);

        var load = new Load(model, passwordHash, deferred.ToLookup(d => d.Table, d => (d.Name, d.Build)));
        var (serverCpu, clientCpu) = (ProcessorTime.Postgres, ProcessorTime.Own);
        await load.RunAsync(db, parallel: skipTriggers);
        (serverCpu, clientCpu) = (ProcessorTime.Postgres - serverCpu, ProcessorTime.Own - clientCpu);

        if (skipTriggers)
        {
            // The triggers that keep the export's per-visitor quarter figures (db/0095) were skipped with the foreign
            // keys: built once from the loaded visits and referrals instead.
            var kept = Stopwatch.StartNew();
            await conn.ExecuteAsync(new CommandDefinition("SELECT export_visitor_quarter_rebuild()", commandTimeout: 0));
            load.Steps.Enqueue(("export_visitor_quarter", kept.Elapsed));
        }

        var measured = Stopwatch.StartNew();
        await MetingenAsync(conn, replica: skipTriggers);
        load.Steps.Enqueue(("meting_agreement, meting", measured.Elapsed));

        var finish = Stopwatch.StartNew();
        await conn.ExecuteAsync("""
            SELECT setval(pg_get_serial_sequence('plein', 'id'), (SELECT max(id) FROM plein));
            SELECT setval(pg_get_serial_sequence('wijk', 'id'), (SELECT max(id) FROM wijk));
            SELECT setval(pg_get_serial_sequence('organisation', 'id'), (SELECT max(id) FROM organisation));
            SELECT setval(pg_get_serial_sequence('professional', 'id'), (SELECT max(id) FROM professional));
            SELECT setval(pg_get_serial_sequence('app_user', 'id'), (SELECT max(id) FROM app_user));
            SELECT setval(pg_get_serial_sequence('spreekuur', 'id'), (SELECT max(id) FROM spreekuur));
            SELECT setval(pg_get_serial_sequence('visitor', 'id'), (SELECT max(id) FROM visitor));
            SELECT setval(pg_get_serial_sequence('visit', 'id'), (SELECT max(id) FROM visit));
            SELECT setval(pg_get_serial_sequence('referral', 'id'), (SELECT max(id) FROM referral));
            SELECT setval(pg_get_serial_sequence('referral_status_event', 'id'), (SELECT max(id) FROM referral_status_event));
            """);
        // What autovacuum does on a live server after a bulk load: statistics, and the visibility map that lets the
        // newsletter read its events from the index alone. Table by table (VACUUM refuses a transaction block), the big
        // ones on two connections at once.
        var tables = await conn.QueryAsync<string>("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relpages DESC");
        await Task.WhenAll(tables.Select((t, i) => (t, i)).GroupBy(x => x.i % 2).Select(half => Task.Run(async () =>
        {
            await using var c = await db.OpenConnectionAsync();
            foreach (var (table, _) in half)
                await c.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {LocalPostgres.QuoteIdentifier(table)}", commandTimeout: 0));
        })));
        load.Steps.Enqueue(("sequences, VACUUM (ANALYZE)", finish.Elapsed));
        var pleinen = Enumerable.Range(1, scale.Pleinen).Select(model.PleinId).ToList();
        return new RegionGenerated(pleinen, clock.Elapsed, skipTriggers, load.Steps.ToList(), serverCpu, clientCpu);
    }

    /// <summary>
    /// Metingen for a third of the visitors (every third id): the agreement at their first visit, a meting on each
    /// leefgebied of that visit and of their first visit in each of one to three later quarters (as far as they came),
    /// starting at step 1 to 3 and mostly going up a step per follow-up, sometimes staying or going down. In SQL over
    /// the loaded visits, after the lanes (the visits' indexes are built by then); with the triggers off in the
    /// parallel load, the health leefgebieden are left out here as the plein's default would.
    /// </summary>
    static async Task MetingenAsync(NpgsqlConnection conn, bool replica)
    {
        if (replica) await conn.ExecuteAsync("SET session_replication_role = replica");
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO meting_agreement (visitor_id, given_at)
            SELECT v.id, v.created_at FROM visitor v WHERE v.id % 3 = 0;
            -- Planned without statistics, the join below took the just-filled agreements for an empty table and
            -- rescanned them per visit: over ten minutes instead of 15 s when autovacuum had not come by in between.
            ANALYZE meting_agreement;

            WITH firsts AS (
                SELECT q.*, row_number() OVER (PARTITION BY q.visitor_id ORDER BY q.visited_on, q.id) AS nth
                FROM (SELECT x.id, x.plein_id, x.visitor_id, x.visited_on, x.registered_by, x.created_at,
                             row_number() OVER (PARTITION BY x.visitor_id, date_trunc('quarter', x.visited_on::timestamp)
                                                ORDER BY x.visited_on, x.id) AS in_quarter
                      FROM visit x WHERE x.visitor_id % 3 = 0) q
                WHERE q.in_quarter = 1)
            INSERT INTO meting (plein_id, visitor_id, visit_id, measured_on, leefgebied_id, step, agreement_id, registered_by, created_at)
            SELECT f.plein_id, f.visitor_id, f.id, f.visited_on, vl.leefgebied_id,
                   least(5, greatest(1, 1 + (f.visitor_id / 3 + vl.leefgebied_id) % 3
                       + (f.nth - 1) * CASE WHEN (f.visitor_id + vl.leefgebied_id) % 20 < 12 THEN 1
                                            WHEN (f.visitor_id + vl.leefgebied_id) % 20 < 17 THEN 0 ELSE -1 END)),
                   a.id, f.registered_by, f.created_at
            FROM firsts f
            JOIN meting_agreement a ON a.visitor_id = f.visitor_id
            JOIN visit_leefgebied vl ON vl.visit_id = f.id
            JOIN leefgebied l ON l.id = vl.leefgebied_id AND NOT l.health
            WHERE f.nth <= 2 + (f.visitor_id / 3) % 3;
            """, commandTimeout: 0));
        if (replica) await conn.ExecuteAsync("SET session_replication_role = DEFAULT");
    }

    static async Task<RegionBases> BasesAsync(NpgsqlConnection conn)
    {
        var b = await conn.QuerySingleAsync<(int Plein, int Wijk, int Organisation, int Professional, int User, int Spreekuur, int Visitor, int Visit, int Referral, long Event)>("""
            SELECT (SELECT coalesce(max(id), 0) FROM plein), (SELECT coalesce(max(id), 0) FROM wijk),
                   (SELECT coalesce(max(id), 0) FROM organisation), (SELECT coalesce(max(id), 0) FROM professional),
                   (SELECT coalesce(max(id), 0) FROM app_user), (SELECT coalesce(max(id), 0) FROM spreekuur),
                   (SELECT coalesce(max(id), 0) FROM visitor), (SELECT coalesce(max(id), 0) FROM visit),
                   (SELECT coalesce(max(id), 0) FROM referral), (SELECT coalesce(max(id), 0) FROM referral_status_event)
            """);
        var codes = RegionModel.LeefgebiedCodes;
        var leefgebieden = (await conn.QueryAsync<int>("""
            SELECT id FROM leefgebied WHERE code = ANY (@codes) ORDER BY array_position(@codes, code)
            """, new { codes })).ToArray();
        if (leefgebieden.Length != codes.Length) throw new InvalidOperationException("The default leefgebieden (db/0008) are missing.");
        return new RegionBases(b.Plein, b.Wijk, b.Organisation, b.Professional, b.User, b.Spreekuur, b.Visitor, b.Visit, b.Referral, b.Event, leefgebieden);
    }

    /// <summary>
    /// Every foreign key of the schema checked by an anti-join: the names of those that some row breaks (empty when all
    /// hold). Needed after a load that skipped the foreign-key triggers; MATCH SIMPLE, so a key with a NULL is not checked.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BrokenForeignKeysAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var keys = await conn.QueryAsync<(string Name, string Child, string Parent, string[] ChildColumns, string[] ParentColumns)>("""
            SELECT c.conname, cl.relname, pl.relname,
                   ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[],
                   ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[]
            FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pl ON pl.oid = c.confrelid
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            ORDER BY c.conname
            """);
        var broken = new List<string>();
        foreach (var k in keys)
        {
            // Identifiers from the catalog, quoted: no input reaches this statement.
            static string Q(string name) => LocalPostgres.QuoteIdentifier(name);
            var notNull = string.Join(" AND ", k.ChildColumns.Select(c => $"c.{Q(c)} IS NOT NULL"));
            var match = string.Join(" AND ", k.ChildColumns.Zip(k.ParentColumns, (c, p) => $"p.{Q(p)} = c.{Q(c)}"));
            var sql = $"SELECT EXISTS (SELECT 1 FROM {Q(k.Child)} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {Q(k.Parent)} p WHERE {match}))";
            if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(sql, commandTimeout: 0))) broken.Add(k.Name);
        }
        return broken;
    }
}

/// <summary>
/// One load of a region: the tables in lanes, each lane on its own connection; a lane that is done builds the indexes and
/// unique constraints of the tables already full, so the two cores stay busy at the end.
/// </summary>
sealed class Load(RegionModel m, string? passwordHash, ILookup<string, (string Name, string Sql)> rebuild)
{
    public ConcurrentQueue<(string Step, TimeSpan Elapsed)> Steps { get; } = new();
    readonly BlockingCollection<(string Name, string Sql)> _builds = [];
    int _loading;

    /// <summary>In parallel (foreign-key triggers off) or, with every key checked, one lane after the other on one connection.</summary>
    public async Task RunAsync(NpgsqlDataSource db, bool parallel)
    {
        Action<NpgsqlConnection>[][] lanes =
        [
            [Reference, SearchDocuments, Visitors],
            [Visits],
            [Referrals, ReferralContacts],
            [StatusEvents],
        ];
        if (!parallel) lanes = [lanes.SelectMany(lane => lane).ToArray()];
        _loading = lanes.Length;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(lanes.Select(lane => Task.Run(() => Lane(db, lane, replica: parallel))));
        Steps.Enqueue(("all tables and indexes", clock.Elapsed));
    }

    void Lane(NpgsqlDataSource db, Action<NpgsqlConnection>[] loads, bool replica)
    {
        using var conn = db.OpenConnection();
        try
        {
            if (replica) conn.Execute("SET session_replication_role = replica");
            foreach (var load in loads) load(conn);
        }
        finally
        {
            if (Interlocked.Decrement(ref _loading) == 0) _builds.CompleteAdding();
        }
        // Each sort in memory (the status events' primary key sorts 7 million rows), and no parallel workers of its own:
        // the other lanes keep both cores busy.
        conn.Execute("SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 0");
        foreach (var build in _builds.GetConsumingEnumerable())
        {
            var clock = Stopwatch.StartNew();
            conn.Execute(new CommandDefinition(build.Sql, commandTimeout: 0));
            Steps.Enqueue((build.Name, clock.Elapsed));
        }
    }

    /// <summary>One binary COPY into <paramref name="table"/>, timed as a step.</summary>
    void Copy(NpgsqlConnection conn, string table, string columns, Action<BinaryCopyWriter> write)
    {
        var clock = Stopwatch.StartNew();
        using (var writer = new BinaryCopyWriter(conn, table, columns))
        {
            write(writer);
            writer.Complete();
        }
        Steps.Enqueue((table, clock.Elapsed));
        foreach (var build in rebuild[table]) _builds.Add(build);
    }

    /// <summary>Pleinen, wijken, organisations, professionals with their links, accounts and spreekuren: small, in one go.</summary>
    void Reference(NpgsqlConnection conn)
    {
        var s = m.Scale;
        var pleinen = Enumerable.Range(1, s.Pleinen).ToArray();
        var organisations = Enumerable.Range(1, s.Organisations).ToArray();
        var professionals = Enumerable.Range(1, s.Professionals).ToArray();
        Copy(conn, "plein", "id, name, municipality, opened_on", w =>
        {
            foreach (var pn in pleinen)
            {
                w.StartRow();
                w.Int(m.PleinId(pn)); w.Text(RegionModel.PleinName(pn)); w.Text($"Gemeente {pn}"); w.Date(s.StartsOn.AddDays(-30));
            }
        });
        Copy(conn, "wijk", "id, plein_id, name", w =>
        {
            foreach (var pn in pleinen)
                for (var k = 1; k <= s.WijkenPerPlein; k++)
                {
                    w.StartRow();
                    w.Int(m.WijkId(pn, k)); w.Int(m.PleinId(pn)); w.Text($"Wijk {k}");
                }
        });
        Copy(conn, "organisation", "id, name, domein, kind", w =>
        {
            foreach (var o in organisations)
            {
                w.StartRow();
                w.Int(m.OrganisationId(o)); w.Text($"Organisatie {o} {RegionModel.OrganisationKind(o)}");
                w.Text(RegionModel.OrganisationDomein(o)); w.Text(RegionModel.OrganisationKind(o));
            }
        });
        Copy(conn, "organisation_plein", "organisation_id, plein_id", w =>
        {
            foreach (var o in organisations)
                foreach (var pn in m.PleinenOfOrganisation(o))
                {
                    w.StartRow();
                    w.Int(m.OrganisationId(o)); w.Int(m.PleinId(pn));
                }
        });
        Copy(conn, "professional", "id, organisation_id, name, function, about", w =>
        {
            foreach (var i in professionals)
            {
                w.StartRow();
                w.Int(m.ProfessionalId(i)); w.Int(m.OrganisationId(m.OrganisationOfProfessional(i)));
                w.Text(RegionModel.ProfessionalName(i)); w.Text(RegionModel.ProfessionalFunction(i)); w.Text(RegionModel.ProfessionalAbout(i));
            }
        });
        Links("professional_plein", "plein_id", i => [m.PleinId(m.PleinOfProfessional(i))]);
        Links("professional_wijk", "wijk_id", i => [m.WijkOfProfessional(i)]);
        Links("professional_leefgebied", "leefgebied_id", m.LeefgebiedenOfProfessional);
        Copy(conn, "professional_language", "professional_id, language_code", w =>
        {
            foreach (var i in professionals)
                foreach (var language in RegionModel.LanguagesOfProfessional(i))
                {
                    w.StartRow();
                    w.Int(m.ProfessionalId(i)); w.Text(language);
                }
        });
        Copy(conn, "app_user", "id, email, display_name, password_hash, role, professional_id", w =>
        {
            foreach (var i in professionals)
            {
                w.StartRow();
                w.Int(m.AccountOf(i)); w.Text($"professional{i}@regio.test"); w.Text($"Professional {i}"); w.Text(passwordHash);
                w.Text("professional"); w.Int(m.ProfessionalId(i));
            }
            foreach (var pn in pleinen)
            {
                w.StartRow();
                w.Int(m.ProjectleiderAccount(pn)); w.Text($"projectleider{pn}@regio.test"); w.Text($"Projectleider {pn}"); w.Text(passwordHash);
                w.Text("projectleider"); w.Null();
            }
        });
        Copy(conn, "app_user_plein", "user_id, plein_id", w =>
        {
            foreach (var i in professionals)
            {
                w.StartRow();
                w.Int(m.AccountOf(i)); w.Int(m.PleinId(m.PleinOfProfessional(i)));
            }
            foreach (var pn in pleinen)
            {
                w.StartRow();
                w.Int(m.ProjectleiderAccount(pn)); w.Int(m.PleinId(pn));
            }
        });
        Copy(conn, "spreekuur", "id, plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from", w =>
        {
            foreach (var pn in pleinen)
                for (var k = 1; k <= s.SpreekurenPerPlein; k++)
                {
                    var (id, professional, kind) = m.Spreekuur(pn, k);
                    var morning = k % 2 == 0;
                    w.StartRow();
                    w.Int(id); w.Int(m.PleinId(pn)); w.Int(m.OrganisationId(m.OrganisationOfProfessional(professional))); w.Int(m.ProfessionalId(professional));
                    w.Text(kind); w.Text(kind == "inloop" ? "Inloop" : "Spreekuur"); w.Short((short)(1 + k % 5));
                    w.Time(new TimeOnly(morning ? 9 : 13, 0)); w.Time(new TimeOnly(morning ? 11 : 15, 0)); w.Date(s.StartsOn.AddDays(-30));
                }
        });

        void Links(string table, string column, Func<int, IEnumerable<int>> of) =>
            Copy(conn, table, $"professional_id, {column}", w =>
            {
                foreach (var i in professionals)
                    foreach (var id in of(i))
                    {
                        w.StartRow();
                        w.Int(m.ProfessionalId(i)); w.Int(id);
                    }
            });
    }

    /// <summary>What the gids's triggers keep when they run: the new professionals' search documents and arrays, and the landing counts.</summary>
void SearchDocuments(NpgsqlConnection conn)
{
    var clock = Stopwatch.StartNew();
    conn.Execute(new CommandDefinition("SELECT professional_search_refresh(ARRAY(SELECT id FROM professional WHERE id > @first))",
        new { first = m.Bases.Professional }, commandTimeout: 0));
    // The landing page's counts (db/0120), which the triggers skipped with the rest.
    conn.Execute("SELECT gids_landing_recount()");
    Steps.Enqueue(("gids search documents", clock.Elapsed));
}

void Visitors(NpgsqlConnection conn)
    {
        var s = m.Scale;
        // Codes are numbered per year of the first visit, in visitor order.
        var numbers = new Dictionary<int, int>();
        Copy(conn, "visitor", "id, plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id, created_by, created_at", w =>
        {
            for (var i = 1; i <= s.Visitors; i++)
            {
                var (_, pn, first) = m.Visitor(i);
                var number = numbers[first.Year] = numbers.GetValueOrDefault(first.Year) + 1;
                var gender = RegionModel.H(i, 4) % 100;
                var where = RegionModel.H(i, 7) % 10;
                w.StartRow();
                w.Int(m.VisitorId(i)); w.Int(m.PleinId(pn)); w.Text($"B-{first.Year}-{number:000000}");
                if (RegionModel.H(i, 2) % 100 >= 3) w.Short((short)(1935 + RegionModel.H(i, 3) % 72)); else w.Null();
                w.Text(gender switch { < 48 => "vrouw", < 94 => "man", < 96 => "anders", _ => "onbekend" });
                w.Text(where is 7 or 8 ? (1000 + RegionModel.H(i, 5) % 8999).ToString(CultureInfo.InvariantCulture) : null);
                w.Int(where < 7 ? m.WijkId(pn, 1 + RegionModel.H(i, 6) % s.WijkenPerPlein) : null);
                w.Date(first); w.Uuid(m.RequestId(1, i)); w.Int(m.AccountOf(m.RegistrarOfVisitor(i, pn))); w.Instant(m.Instant(first, new TimeOnly(10, 0)));
            }
        });
    }

    void Visits(NpgsqlConnection conn)
    {
        var s = m.Scale;
        Copy(conn, "visit", "id, plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, registered_by, request_id, created_at", w =>
        {
            for (var k = 1; k <= s.Visits; k++)
            {
                var (i, pn, first) = m.VisitorOfVisit(k);
                var on = m.VisitDate(k, first);
                var (spreekuur, professional, kind) = m.Spreekuur(pn, m.SpreekuurOfVisit(k));
                w.StartRow();
                w.Int(m.VisitId(k)); w.Int(m.PleinId(pn)); w.Int(m.VisitorId(i)); w.Date(on); w.Text(kind); w.Int(spreekuur);
                w.Int(m.ProfessionalId(professional)); w.Int(m.AccountOf(professional)); w.Uuid(m.RequestId(2, k)); w.Instant(m.Instant(on, new TimeOnly(11, 0)));
            }
        });
        Copy(conn, "visit_leefgebied", "visit_id, leefgebied_id", w =>
        {
            for (var k = 1; k <= s.Visits; k++)
            {
                var (first, second) = m.LeefgebiedenOfVisit(k);
                w.StartRow();
                w.Int(m.VisitId(k)); w.Int(first);
                if (second is not { } other) continue;
                w.StartRow();
                w.Int(m.VisitId(k)); w.Int(other);
            }
        });
    }

    void Referrals(NpgsqlConnection conn) =>
        Copy(conn, "referral", """
            id, plein_id, referred_on, visitor_id, visit_id, from_kind, from_professional_id, from_organisation_id, to_professional_id,
            to_organisation_id, zorgvraag, zorgvraag_category, leefgebied_id, consent_share_contact, consent_feedback, spoed, status, outcome,
            status_reason, status_changed_at, created_by, request_id, created_at, first_contact_at
            """, w =>
        {
            for (var n = 1; n <= m.Scale.TotalReferrals; n++)
            {
                var r = m.ReferralAt(n);
                w.StartRow();
                w.Int(r.Id); w.Int(r.PleinId); w.Date(r.On); w.Int(r.VisitorId); w.Int(r.VisitId); w.Text(r.FromKind);
                w.Int(r.FromProfessional); w.Int(r.FromOrganisation); w.Int(r.ToProfessional); w.Int(r.ToOrganisation);
                w.Text(r.Zorgvraag); w.Text(r.Category); w.Int(r.Leefgebied); w.Bool(r.ConsentShareContact); w.Bool(r.ConsentFeedback); w.Bool(r.Spoed);
                w.Text(r.Status); w.Text(r.Outcome); w.Text(r.Reason); w.Instant(r.StatusChangedAt); w.Int(r.CreatedBy); w.Uuid(r.RequestId);
                w.Instant(r.CreatedAt);
                // What the trigger on the status events keeps (db/0033), which the load skips.
                if (r.Events.FirstOrDefault(e => e.Status is "contact_gelegd" or "afgerond") is { } contact) w.Instant(contact.At);
                else w.Null();
            }
        });

    /// <summary>
    /// The name and phone each referral with the visitor's consent carried, its own row per referral; only those of the
    /// last year, as the retention job erases each a year after its referral.
    /// </summary>
    void ReferralContacts(NpgsqlConnection conn) =>
        Copy(conn, "referral_contact", "referral_id, visitor_id, name, phone, consented_at, last_contact_on", w =>
        {
            var retainedFrom = m.Scale.EndsOn.AddMonths(-12);
            for (var n = 1; n <= m.Scale.TotalReferrals; n++)
            {
                var r = m.ReferralAt(n);
                if (!r.ConsentShareContact || r.VisitorId is not { } visitor || r.On < retainedFrom) continue;
                w.StartRow();
                w.Int(r.Id); w.Int(visitor); w.Text($"Bewoner {visitor}"); w.Text($"06-{RegionModel.H(n, 50) % 100_000_000:00000000}");
                w.Instant(r.CreatedAt); w.Date(r.On);
            }
        });

    /// <summary>The referrals' status events, computed again from the same model (cheaper than handing them across).</summary>
    void StatusEvents(NpgsqlConnection conn) =>
        Copy(conn, "referral_status_event", "id, referral_id, status, outcome, reason, changed_by, changed_at", w =>
        {
            var id = m.Bases.StatusEvent;
            for (var n = 1; n <= m.Scale.TotalReferrals; n++)
            {
                var r = m.ReferralAt(n);
                foreach (var e in r.Events)
                {
                    w.StartRow();
                    w.Long(++id); w.Int(r.Id); w.Text(e.Status); w.Text(e.Outcome); w.Text(e.Reason); w.Int(e.ChangedBy); w.Instant(e.At);
                }
            }
        });
}
