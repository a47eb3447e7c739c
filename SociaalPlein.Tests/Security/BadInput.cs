using Bogus;

namespace SociaalPlein.Tests.Security;

/// <summary>A bad value for a field: <see cref="Encoded"/> goes into a form body or query string as it is (already percent-encoded).</summary>
public sealed record BadValue(string Kind, string Encoded);

/// <summary>
/// Generated bad input for the fuzz run, reproducible from its seed: over-long strings, control characters,
/// invalid UTF-8, SQL and HTML/script payloads, huge and negative numbers, impossible dates, unknown ids. Every script
/// payload carries <see cref="Marker"/>, so a page that echoes one unencoded is found by that word.
/// </summary>
public sealed class BadInput(int seed)
{
    public const string Marker = "fzq7";

    /// <summary>The raw forms a payload must never come back in (encoded, they read &amp;lt;script&amp;gt;…).</summary>
    public static readonly string[] RawScripts = [$"<script>alert('{Marker}", $"<img src=x onerror=alert('{Marker}", $"<svg onload=alert('{Marker}"];

    readonly Faker _faker = new() { Random = new Randomizer(seed) };

    static readonly string[] Sql =
    [
        "' OR '1'='1", "1; DROP TABLE app_user; --", "' UNION SELECT password_hash, email FROM app_user --", "'; SELECT pg_sleep(3); --",
        "\\'; DELETE FROM referral; --", "1' AND (SELECT count(*) FROM audit_log) > 0 --", "$$; DROP TABLE visitor; $$", "%' OR 1=1 --",
    ];

    static readonly string[] Html =
    [
        $"<script>alert('{Marker}')</script>", $"\"><img src=x onerror=alert('{Marker}')>", $"'><svg onload=alert('{Marker}')>",
        $"</textarea><script>alert('{Marker}')</script>", $"javascript:alert('{Marker}')", "{{7*7}}", "@(DateTime.Now)", "<b>vet</b>",
        $"<a href=\"javascript:alert('{Marker}')\">klik</a>",
    ];

    static readonly string[] Numbers =
    [
        "99999999999999999999999999", "-1", "-2147483649", "2147483648", "9223372036854775808", "1e309", "-0", "NaN", "Infinity",
        "0x1F", "1,5", "1.5", "٣", "+7", " 12 ", "00000000000001", "-99999999999",
    ];

    static readonly string[] Dates =
    [
        "2026-02-30", "2026-02-29", "0000-00-00", "9999-12-31", "0001-01-01", "31-13-2026", "2026-13-01", "1900-01-01", "2026-W53",
        "24:61", "25:00", "2026-Q5", "2026-Q0", "gisteren", "2026-06-31T25:61:61Z",
    ];

    static readonly string[] UnknownIds = ["987654321", "0", "-5", "B-0000-0000", "B-9999-999999", "00000000-0000-0000-0000-000000000000", "alle", ""];

    // Percent-encoded bytes that are not UTF-8: a lone continuation byte, an overlong "/", a surrogate, bytes never used.
    static readonly string[] InvalidUtf8 = ["%C3%28", "%FF%FE", "%ED%A0%80", "%C0%AF", "%80", "%F8%88%80%80%80", "abc%E2%82", "%FE"];

    static readonly string[] Kinds = ["overlong", "control", "invalid-utf8", "sql", "html", "number", "date", "unknown-id", "unicode"];

    /// <summary>A value longer than any field of the app takes (20,000 characters), well within the request size limit.</summary>
    public BadValue FarTooLong() => Plain("overlong", _faker.Random.String2(20_000, "abcdefghijklmnopqrstuvwxyz0123456789"));

    /// <summary>A random index below <paramref name="count"/>.</summary>
    public int Index(int count) => _faker.Random.Int(0, count - 1);

    /// <summary>One bad value of a random kind.</summary>
    public BadValue Next() => Of(_faker.PickRandom(Kinds));

    public BadValue Of(string kind) => kind switch
    {
        "overlong" => Plain(kind, _faker.Random.String2(_faker.Random.Int(300, 6000), "abcdefghijklmnopqrstuvwxyzë 0123456789")),
        "control" => Plain(kind, string.Concat(Enumerable.Range(0, _faker.Random.Int(1, 12))
            .Select(_ => _faker.PickRandom('\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001B', '\u007F', '\u0085', '\u200B', '\u202E', '\uFEFF', '\u2028')))
            + _faker.Lorem.Word()),
        "invalid-utf8" => new BadValue(kind, _faker.PickRandom(InvalidUtf8)),
        "sql" => Plain(kind, _faker.PickRandom(Sql)),
        "html" => Plain(kind, _faker.PickRandom(Html)),
        "number" => Plain(kind, _faker.PickRandom(Numbers)),
        "date" => Plain(kind, _faker.PickRandom(Dates)),
        "unknown-id" => Plain(kind, _faker.PickRandom(UnknownIds)),
        _ => Plain("unicode", _faker.PickRandom("👩🏽‍⚕️🏠", "𝕊𝕠𝕔𝕚𝕒𝕒𝕝", "e\u0301\u0301\u0301", "\u0645\u0631\u062D\u0628\u0627", "Ω≈ç√∫", "\uD800", "\uDFFF")),
    };

    public bool Chance(float probability) => _faker.Random.Bool(probability);

    public T Pick<T>(IReadOnlyList<T> items) => items[_faker.Random.Int(0, items.Count - 1)];

    // A lone surrogate cannot be UTF-8 encoded: EscapeDataString refuses it, so it is written as the bytes a broken
    // client would send (U+FFFD's bytes would be valid; CESU-style bytes are not).
    static BadValue Plain(string kind, string value)
    {
        try { return new BadValue(kind, Uri.EscapeDataString(value)); }
        catch (UriFormatException) { return new BadValue(kind, "%ED%A0%80"); }
    }
}
