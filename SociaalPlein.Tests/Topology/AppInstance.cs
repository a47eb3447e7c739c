using System.Diagnostics;
using System.Net;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// One app instance as production runs it: <c>dotnet SociaalPlein.Web.dll</c>, the build of SociaalPlein.Web this
/// test run was built with (or the one SOCIAALPLEIN_TOPOLOGY_APP names, a Release publish for instance), in
/// Production, plain HTTP on a loopback port, configured by environment variables only (as deploy/ does). Its console
/// log goes to a file, shown when the test fails.
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    readonly Process _process;
    readonly string _logFile;
    readonly StreamWriter _log;

    public int Port { get; }
    public int ProcessId => _process.Id;
    public string Name { get; }
    public bool Killed { get; private set; }
    public bool Running => !_process.HasExited;

    AppInstance(string name, Process process, int port, string logFile, StreamWriter log) =>
        (Name, _process, Port, _logFile, _log) = (name, process, port, logFile, log);

    public static AppInstance Start(string name, int port, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet", [AppDll, "--contentRoot", ContentRoot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ContentRoot,
        };
        // Only what deploy/ sets: nothing of the test process's own ASP.NET Core settings.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_") || k.StartsWith("ConnectionStrings__")).ToList())
            psi.Environment.Remove(key);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        var logFile = Path.Combine(Path.GetTempPath(), $"sociaalplein-{name}-{Guid.NewGuid():N}.log");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppInstance(name, process, port, logFile, log);
    }

    /// <summary>Until <c>/health/ready</c> answers 200: database reachable, migrations applied, job storage reachable.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}):\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds} s:\n{LogTail()}");
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, nothing handed back; as a crashed machine.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public string LogTail(int lines = 40)
    {
        lock (_log)
        {
            using var reader = new StreamReader(new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, as systemd stops a unit: the host shuts down and hands its jobs back.
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
        File.Delete(_logFile);
    }

    /// <summary>The web project's folder: wwwroot and appsettings.json, as a deployment has them beside the dll.</summary>
    static string ContentRoot => Path.Combine(SolutionFolder, "SociaalPlein.Web");

    static string AppDll => Environment.GetEnvironmentVariable("SOCIAALPLEIN_TOPOLOGY_APP") is { Length: > 0 } configured
        ? configured
        : Path.Combine(ContentRoot, "bin", BuildConfiguration, "net10.0", "SociaalPlein.Web.dll");

    // The tests' own output folder is …/SociaalPlein.Tests/bin/<Configuration>/net10.0/.
    static string BuildConfiguration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    internal static string SolutionFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SociaalPlein.sln"))) return dir.FullName;
            throw new InvalidOperationException("SociaalPlein.sln not found above the test assembly.");
        }
    }
}
