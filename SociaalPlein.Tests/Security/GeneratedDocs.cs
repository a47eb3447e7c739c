namespace SociaalPlein.Tests.Security;

/// <summary>
/// A block of a document in docs/ that a test writes, between <c>&lt;!-- name:start --&gt;</c> and
/// <c>&lt;!-- name:end --&gt;</c>: the test is its only source, the rest of the document is people's.
/// </summary>
public static class GeneratedDocs
{
    /// <summary>Puts <paramref name="content"/> in the block (appending it at the end if absent); true when the document changed.</summary>
    public static bool Write(string document, string block, string content)
    {
        var file = Path.Combine(Database.MigrationTests.RepositoryRoot(), "docs", document);
        var text = File.ReadAllText(file);
        var (start, end) = ($"<!-- {block}:start -->", $"<!-- {block}:end -->");
        var replacement = $"{start}\n{content.Trim()}\n{end}";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? text[..from] + replacement + text[(to + end.Length)..]
            : text.TrimEnd() + "\n\n" + replacement + "\n";
        if (updated == text) return false;
        File.WriteAllText(file, updated);
        return true;
    }
}
