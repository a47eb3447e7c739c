namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// Where <c>dotnet run</c> keeps its runtime data: <c>.data/</c> in the repository (or the configured
/// <c>SociaalPlein:LocalDataFolder</c>), with the local PostgreSQL cluster in <c>postgres/</c> and the mail pickup
/// folder in <c>mail/</c>.
/// </summary>
public static class LocalDataFolder
{
    public static string For(IHostEnvironment env, IConfiguration config) => Path.Combine(Root(env, config), "postgres");

    public static string Root(IHostEnvironment env, IConfiguration config)
    {
        var configured = config["SociaalPlein:LocalDataFolder"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        return Path.Combine(RepositoryRoot(env.ContentRootPath), ".data");
    }

    // The content root is SociaalPlein.Web/ under `dotnet run --project`; the data folder sits beside the .sln.
    static string RepositoryRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SociaalPlein.sln"))) return dir.FullName;
        return contentRoot;
    }
}
