namespace SociaalPlein.Web.Infrastructure;

/// <summary>Where <c>dotnet run</c> keeps its local PostgreSQL cluster: <c>.data/postgres/</c> in the repository.</summary>
public static class LocalDataFolder
{
    public static string For(IHostEnvironment env, IConfiguration config)
    {
        var configured = config["SociaalPlein:LocalDataFolder"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.Combine(Path.GetFullPath(configured), "postgres");
        return Path.Combine(RepositoryRoot(env.ContentRootPath), ".data", "postgres");
    }

    // The content root is SociaalPlein.Web/ under `dotnet run --project`; the data folder sits beside the .sln.
    static string RepositoryRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SociaalPlein.sln"))) return dir.FullName;
        return contentRoot;
    }
}
