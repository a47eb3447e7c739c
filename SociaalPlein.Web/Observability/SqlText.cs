using System.Text;

namespace SociaalPlein.Web.Observability;

/// <summary>A statement as the profiler keeps it: literals replaced by <c>?</c>, whitespace collapsed, and the names of its parameters.</summary>
public sealed record SqlShape(string Statement, IReadOnlyList<string> ParameterNames);

/// <summary>
/// Reads SQL text the way PostgreSQL does just far enough to tell literals, comments and parameters apart. Our SQL
/// always takes values as parameters, so the text holds none; still, a literal is replaced by <c>?</c> here, so a
/// value written into SQL by mistake never reaches a page or the figures kept in memory, and statements that differ
/// only in a literal are counted together. Parameters are kept by name (<c>@Text</c>, <c>$1</c>); their values are
/// never part of the text and never read.
/// </summary>
public static class SqlText
{
    public static SqlShape Shape(string sql)
    {
        var output = new StringBuilder(sql.Length);
        var parameters = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(c) || (c == '-' && next == '-') || (c == '/' && next == '*'))
            {
                i = SkipSpaceAndComments(sql, i);
                if (output.Length > 0 && i < sql.Length) output.Append(' ');
            }
            else if (c == '\'' || ((c is 'E' or 'e') && next == '\'' && !IsWordChar(Previous(output))))
            {
                i = SkipQuoted(sql, c == '\'' ? i : i + 1, backslashEscapes: c != '\'');
                output.Append('?');
            }
            else if (c == '"')
            {
                var end = SkipQuoted(sql, i);
                output.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$' && char.IsAsciiDigit(next))
            {
                var end = SkipWhile(sql, i + 1, char.IsAsciiDigit);
                AddParameter(parameters, output, sql[i..end]);
                i = end;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tag.Length;
                output.Append('?');
            }
            else if (c == '@' && (char.IsLetter(next) || next == '_') && !IsWordChar(Previous(output)) && Previous(output) != '@')
            {
                var end = SkipWhile(sql, i + 1, IsWordChar);
                AddParameter(parameters, output, sql[i..end]);
                i = end;
            }
            else if (char.IsAsciiDigit(c) && !IsWordChar(Previous(output)) && Previous(output) != '$')
            {
                i = SkipWhile(sql, i, ch => char.IsAsciiDigit(ch) || ch == '.');
                output.Append('?');
            }
            else if (IsWordChar(c))
            {
                // A whole word at once, so digits inside an identifier (t1, sp_0005) stay as they are.
                var end = SkipWhile(sql, i, ch => IsWordChar(ch) || ch == '$');
                output.Append(sql, i, end - i);
                i = end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return new SqlShape(output.ToString(), parameters);
    }

    static void AddParameter(List<string> parameters, StringBuilder output, string name)
    {
        output.Append(name);
        if (!parameters.Contains(name)) parameters.Add(name);
    }

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    static char Previous(StringBuilder output) => output.Length == 0 ? ' ' : output[^1];

    static int SkipWhile(string sql, int i, Func<char, bool> take)
    {
        while (i < sql.Length && take(sql[i])) i++;
        return i;
    }

    static int SkipSpaceAndComments(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i])) i++;
            else if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var eol = sql.IndexOf('\n', i);
                i = eol < 0 ? sql.Length : eol + 1;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
            }
            else break;
        }
        return i;
    }

    /// <summary>Past a '…' literal or a "…" identifier: a doubled quote is a quote inside it; in E'…' so is \'.</summary>
    static int SkipQuoted(string sql, int open, bool backslashEscapes = false)
    {
        var quote = sql[open];
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\') i += 2;
            else if (sql[i] == quote && i + 1 < sql.Length && sql[i + 1] == quote) i += 2;
            else if (sql[i] == quote) return i + 1;
            else i++;
        }
        return sql.Length;
    }

    /// <summary>The opening tag of a dollar-quoted string ($$ or $name$) at <paramref name="i"/>, if there is one.</summary>
    static string? DollarTag(string sql, int i)
    {
        var end = SkipWhile(sql, i + 1, IsWordChar);
        return end < sql.Length && sql[end] == '$' ? sql[i..(end + 1)] : null;
    }
}
