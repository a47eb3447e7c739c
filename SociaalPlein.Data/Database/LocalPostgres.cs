using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace SociaalPlein.Data.Database;

/// <summary>
/// A private PostgreSQL cluster started from the machine's own binaries: the embedded default for
/// <c>dotnet run</c> (data kept under <c>.data/postgres/</c>) and for <c>dotnet test</c> (a temporary folder).
/// It listens on 127.0.0.1 only, with a generated password, and never touches the machine's own clusters.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    const string SuperUser = "sociaalplein";

    readonly PostgresBinaries _bin;
    readonly string _clusterDir;
    readonly string _password;
    readonly bool _startedHere;

    public int Port { get; }

    LocalPostgres(PostgresBinaries bin, string clusterDir, string password, int port, bool startedHere)
    {
        _bin = bin;
        _clusterDir = clusterDir;
        _password = password;
        Port = port;
        _startedHere = startedHere;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Starts (initialising on first use) the cluster kept in <paramref name="home"/>, or attaches to it
    /// when a previous run left it running. <paramref name="durable"/> false trades crash safety for speed (tests).
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string home, bool durable, Action<string> log, CancellationToken ct = default)
    {
        var bin = PostgresBinaries.Find();
        home = Path.GetFullPath(home);
        var clusterDir = Path.Combine(home, "cluster");
        var passwordFile = Path.Combine(home, "password");
        Directory.CreateDirectory(home);
        var runAs = ClusterUser.ForCurrentProcess(log);
        runAs.MakeReachable(home);

        // The password file is written before initdb; without it the cluster is a half-made earlier attempt.
        if (!File.Exists(Path.Combine(clusterDir, "PG_VERSION")) || !File.Exists(passwordFile))
        {
            log($"Creating a local PostgreSQL cluster in {clusterDir} …");
            await InitialiseAsync(bin, runAs, home, clusterDir, passwordFile, durable, ct);
        }
        var password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();

        if (RunningPort(clusterDir) is int runningPort && await AnswersAsync(runningPort, password, ct))
            return new LocalPostgres(bin, clusterDir, password, runningPort, startedHere: false);

        var port = FreePort();
        await StartServerAsync(bin, runAs, clusterDir, port, ct);
        return new LocalPostgres(bin, clusterDir, password, port, startedHere: true);
    }

    static Task StartServerAsync(PostgresBinaries bin, ClusterUser runAs, string clusterDir, int port, CancellationToken ct) =>
        runAs.RunAsync(bin.PgCtl, ct, "start", "--wait", "--timeout=60", "-D", clusterDir, "-l", Path.Combine(clusterDir, "server.log"),
            "-o", $"-p {port}");

    /// <summary>
    /// Stops the server as a database restart does ("fast": every client connection is terminated), keeping its
    /// port, so <see cref="StartServerAsync(CancellationToken)"/> brings it back where clients expect it. For the
    /// tests of recovering from a restart; the app itself never stops a cluster it keeps using.
    /// </summary>
    internal Task StopServerAsync(CancellationToken ct = default) =>
        ClusterUser.ForCurrentProcess(_ => { }).RunAsync(_bin.PgCtl, ct, "stop", "--wait", "-m", "fast", "-D", _clusterDir);

    internal Task StartServerAsync(CancellationToken ct = default) =>
        StartServerAsync(_bin, ClusterUser.ForCurrentProcess(_ => { }), _clusterDir, Port, ct);

    /// <summary>
    /// Stops the server as a crash would ("immediate": no checkpoint, no last WAL sent to a standby). For the failover
    /// drill; the next start recovers from the WAL.
    /// </summary>
    internal Task CrashServerAsync(CancellationToken ct = default) =>
        ClusterUser.ForCurrentProcess(_ => { }).RunAsync(_bin.PgCtl, ct, "stop", "--wait", "-m", "immediate", "-D", _clusterDir);

    /// <summary>
    /// A hot standby of this running cluster in <paramref name="standbyHome"/>, not started: <c>pg_basebackup -R</c>
    /// (streaming the WAL it needs; standby.signal and primary_conninfo written) and this cluster's password file, so
    /// <see cref="StartAsync"/> on that folder starts it as a standby on a port of its own.
    /// </summary>
    internal async Task BaseBackupAsync(string standbyHome, CancellationToken ct = default)
    {
        var runAs = ClusterUser.ForCurrentProcess(_ => { });
        standbyHome = Path.GetFullPath(standbyHome);
        Directory.CreateDirectory(standbyHome);
        await File.WriteAllTextAsync(Path.Combine(standbyHome, "password"), _password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(standbyHome, "password"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        runAs.MakeReachable(standbyHome);
        // pg_basebackup makes the data folder itself (mode 700) inside a folder the cluster's user may write to.
        runAs.Own(standbyHome);
        // The password is in the conninfo because -R copies it into primary_conninfo, which the standby needs to
        // connect; the cluster is private to this machine's loopback and made by the current process.
        var conninfo = $"host=127.0.0.1 port={Port} user={SuperUser} password={_password} application_name=standby";
        await runAs.RunAsync(PostgresBinaries.FindClient("pg_basebackup"), ct,
            "-d", conninfo, "-D", Path.Combine(standbyHome, "cluster"), "-R", "-X", "stream", "--checkpoint=fast");
    }

    /// <summary>Makes this standby the primary (<c>pg_ctl promote</c>), waiting until it accepts writes.</summary>
    internal Task PromoteAsync(CancellationToken ct = default) =>
        ClusterUser.ForCurrentProcess(_ => { }).RunAsync(_bin.PgCtl, ct, "promote", "--wait", "-D", _clusterDir);

    static async Task InitialiseAsync(PostgresBinaries bin, ClusterUser runAs, string home, string clusterDir,
        string passwordFile, bool durable, CancellationToken ct)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        await File.WriteAllTextAsync(passwordFile, password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // initdb reads the password from a file it must be able to open as the cluster's user.
        var pwFile = Path.Combine(home, $"initdb-{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(pwFile, password, ct);
        runAs.Own(pwFile);
        try
        {
            if (Directory.Exists(clusterDir)) Directory.Delete(clusterDir, recursive: true); // a half-made earlier attempt
            Directory.CreateDirectory(clusterDir);
            runAs.Own(clusterDir);
            // nl collation (ICU), so names sort as a Dutch reader expects ("IJsselmonde", "Özdemir").
            await runAs.RunAsync(bin.InitDb, ct, "-D", clusterDir, "-U", SuperUser, "--pwfile", pwFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=nl",
                "--no-instructions");
        }
        finally
        {
            File.Delete(pwFile);
        }

        var settings = new List<string>
        {
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = 256MB",
            "timezone = 'UTC'",
        };
        // A throw-away test cluster need not survive a power cut; skipping fsync makes CREATE DATABASE fast.
        if (!durable) settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        await File.AppendAllLinesAsync(Path.Combine(clusterDir, "postgresql.conf"), ["", "# Sociaal Plein local cluster", .. settings], ct);
    }

    /// <summary>The port of a postmaster that a previous run left behind (line 4 of postmaster.pid).</summary>
    static int? RunningPort(string clusterDir)
    {
        var pidFile = Path.Combine(clusterDir, "postmaster.pid");
        try
        {
            var lines = File.ReadAllLines(pidFile);
            return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    static async Task<bool> AnswersAsync(int port, string password, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = SuperUser, Password = password, Database = "postgres", Timeout = 3,
        }.ConnectionString;
        try
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Creates the database unless it exists (CREATE DATABASE has no IF NOT EXISTS).</summary>
    public async Task EnsureDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        // An identifier cannot be a parameter; quote it as PostgreSQL does.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", conn);
        await create.ExecuteNonQueryAsync(ct);
    }

    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Stops whatever server runs in <paramref name="home"/> (immediately) and removes the folder.</summary>
    public static async Task RemoveAsync(string home, CancellationToken ct = default)
    {
        var clusterDir = Path.Combine(home, "cluster");
        if (File.Exists(Path.Combine(clusterDir, "postmaster.pid")))
        {
            try
            {
                await ClusterUser.ForCurrentProcess(_ => { }).RunAsync(PostgresBinaries.Find().PgCtl, ct,
                    "stop", "--wait", "-m", "immediate", "-D", clusterDir);
            }
            catch (LocalPostgresException)
            {
                // Not running after all (a stale pid file); removing the folder is all that is left to do.
            }
        }
        Directory.Delete(home, recursive: true);
    }

    /// <summary>Stops the server if this process started it; a cluster found running is left running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_startedHere) return;
        NpgsqlConnection.ClearAllPools();
        await StopServerAsync(CancellationToken.None);
    }
}

/// <summary>
/// Where initdb and pg_ctl are: on PATH, or under /usr/lib/postgresql/*/bin (Debian); and the client programs
/// (pg_dump, pg_restore) of the same installation.
/// </summary>
sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    const string DebianRoot = "/usr/lib/postgresql";

    static string SearchPath => Environment.GetEnvironmentVariable("PATH") ?? "";

    public static PostgresBinaries Find() => Find(SearchPath, DebianRoot);

    internal static PostgresBinaries Find(string searchPath, string debianRoot) =>
        TryFind(Candidates(searchPath, debianRoot)) ?? throw new LocalPostgresException(
            "PostgreSQL was not found: neither initdb/pg_ctl on PATH nor /usr/lib/postgresql/*/bin exists.\n" +
            "Install it (Debian/Ubuntu: sudo apt-get install postgresql postgresql-contrib), " +
            "or point the app at a server with ConnectionStrings__SociaalPlein.");

    /// <summary>
    /// A client program such as pg_dump or pg_restore. Beside initdb first (following a link such as
    /// /usr/local/bin/initdb to its installation), so it has the local cluster's version: pg_dump refuses a server
    /// newer than itself. Otherwise the first on PATH or under /usr/lib/postgresql/*/bin (newest first).
    /// </summary>
    public static string FindClient(string program) => FindClient(program, SearchPath, DebianRoot);

    internal static string FindClient(string program, string searchPath, string debianRoot)
    {
        var candidates = Candidates(searchPath, debianRoot).ToList();
        var server = TryFind(candidates);
        var besideServer = server is null
            ? []
            : new[] { Path.GetDirectoryName(RealPath(server.InitDb))!, Path.GetDirectoryName(server.InitDb)! };
        foreach (var dir in besideServer.Concat(candidates))
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path)) return path;
        }
        throw new LocalPostgresException(
            $"{program} was not found: not beside initdb, not on PATH, not under {debianRoot}/*/bin.\n" +
            "Install PostgreSQL's client programs, the server's major version or newer " +
            "(Debian/Ubuntu: sudo apt-get install postgresql-client).");
    }

    static PostgresBinaries? TryFind(IEnumerable<string> candidates)
    {
        foreach (var dir in candidates)
        {
            var initdb = Path.Combine(dir, "initdb");
            var pgctl = Path.Combine(dir, "pg_ctl");
            if (File.Exists(initdb) && File.Exists(pgctl)) return new PostgresBinaries(initdb, pgctl);
        }
        return null;
    }

    static IEnumerable<string> Candidates(string searchPath, string debianRoot) => searchPath
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot).OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin"))
            : []);

    static string RealPath(string file) => new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;

    static int VersionOf(string dir) => int.TryParse(Path.GetFileName(dir), out var v) ? v : 0;
}

/// <summary>
/// The account the cluster runs as. initdb and postgres refuse to run as root, so a root process
/// (as on our CI machines) runs them as the <c>postgres</c> system user.
/// </summary>
sealed class ClusterUser
{
    readonly string? _systemUser;
    readonly Action<string> _log;

    ClusterUser(string? systemUser, Action<string> log) => (_systemUser, _log) = (systemUser, log);

    public static ClusterUser ForCurrentProcess(Action<string> log)
    {
        if (Environment.UserName != "root") return new ClusterUser(null, log);
        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
            throw new LocalPostgresException(
                "Running as root, PostgreSQL needs a 'postgres' system user to run as, and there is none. " +
                "Install the server package (apt-get install postgresql), which creates it, or run as another user.");
        return new ClusterUser("postgres", log);
    }

    /// <summary>Hands a file or folder to the cluster's user (only needed when we are root).</summary>
    public void Own(string path)
    {
        if (_systemUser is null) return;
        Run("chown", "-R", $"{_systemUser}:{_systemUser}", path);
    }

    /// <summary>
    /// The postgres user must be able to walk down to the data folder; a clone in a private temporary
    /// folder (mode 700, as mktemp makes) would stop it. Grants search permission only (o+x), never read.
    /// </summary>
    public void MakeReachable(string folder)
    {
        if (_systemUser is null || OperatingSystem.IsWindows()) return;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (mode.HasFlag(UnixFileMode.OtherExecute)) continue;
            File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
            _log($"Allowed the postgres user to pass through {dir.FullName} (o+x) to reach the data folder.");
        }
    }

    public async Task RunAsync(string program, CancellationToken ct, params string[] args)
    {
        var (file, argv) = _systemUser is null
            ? (program, args)
            : ("runuser", new[] { "-u", _systemUser, "--", program }.Concat(args).ToArray());
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The cluster's user may not be able to enter our working directory.
            WorkingDirectory = "/",
        };
        foreach (var a in argv) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new LocalPostgresException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new LocalPostgresException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} failed (exit {process.ExitCode}):\n{await stderr}{await stdout}");
    }

    static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new LocalPostgresException($"{program} {string.Join(' ', args)} failed: {error}");
    }
}

public sealed class LocalPostgresException(string message) : DatabaseStartupException(message);
