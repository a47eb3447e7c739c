using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// The pseudonymous code a visitor carries (design.md §4). New codes are random, so nobody reaches a visitor by
/// counting up, and end in a check character, so a typo at the desk is caught before anything is looked up:
/// <c>B-</c> and eight characters in two groups of four (<c>B-K7QM-4XRA</c>), seven drawn at random from an alphabet
/// of 31 characters that cannot be mistaken for one another (no 0/O, 1/I/L), the eighth chosen so that the weighted
/// sum of all eight (position 1…8 times the character's index in <see cref="Alphabet"/>) is 0 modulo 31. Because 31 is
/// prime and every weight differs, every single wrong character and every swap of two characters is detected.
/// Codes handed out before (<c>B-2026-0042</c>, numbered up per year) stay valid as they are; they always contain a
/// 0, which the new alphabet lacks, so the two kinds never meet.
/// </summary>
public static partial class VisitorCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Either kind of code, in the form the table's CHECK allows (upper case), for a regex or a route constraint.</summary>
    public const string Pattern = "^B-([0-9]{4}-[0-9]{4,6}|[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})$";

    /// <summary>What the page says when the typed text is no code at all.</summary>
    public const string ShapeProblem = "Een bezoekerscode ziet eruit als B-K7QM-4XRA of, op een oudere kaart, B-2026-0042.";

    /// <summary>What the page says when the shape is right but the check character does not fit.</summary>
    public const string CheckProblem =
        "Deze code klopt niet: het laatste teken past niet bij de rest. Kijk de code op de kaart nog eens na; waarschijnlijk is één teken verkeerd overgenomen.";

    /// <summary>A code as people type it: trimmed and in upper case.</summary>
    public static string Normalise(string? typed) => (typed ?? "").Trim().ToUpperInvariant();

    /// <summary>A new random code with its check character.</summary>
    public static string New()
    {
        Span<char> c = stackalloc char[8];
        for (var i = 0; i < 7; i++) c[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        // Position 8 has weight 8, and 8 × 4 ≡ 1 (mod 31): the check value is −4 × the weighted sum of the other seven.
        c[7] = Alphabet[Mod(-4 * WeightedSum(c[..7]))];
        return $"B-{c[..4]}-{c[4..]}";
    }

    /// <summary>Null for a code of either kind whose check character fits (normalised first); else the Dutch message.</summary>
    public static string? Problem(string? typed)
    {
        var code = Normalise(typed);
        if (!Shape().IsMatch(code)) return ShapeProblem;
        // A numbered code of before carries no check character; its year always holds a 0, which no new code does.
        if (Sequential().IsMatch(code) && code.Contains('0')) return null;
        var chars = string.Concat(code.AsSpan(2, 4), code.AsSpan(7, 4));
        return Mod(WeightedSum(chars)) == 0 ? null : CheckProblem;
    }

    static int WeightedSum(ReadOnlySpan<char> chars)
    {
        var sum = 0;
        for (var i = 0; i < chars.Length; i++) sum += (i + 1) * Alphabet.IndexOf(chars[i]);
        return sum;
    }

    static int Mod(int value) => ((value % Alphabet.Length) + Alphabet.Length) % Alphabet.Length;

    [GeneratedRegex(Pattern)]
    private static partial Regex Shape();

    [GeneratedRegex("^B-[0-9]{4}-[0-9]{4,6}$")]
    private static partial Regex Sequential();
}
