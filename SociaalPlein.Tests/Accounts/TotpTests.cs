using System.Text;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Tests.Accounts;

public sealed class TotpTests
{
    // RFC 6238 appendix B, the SHA-1 column: its 20-byte ASCII secret and 8-digit codes.
    static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [TestCase(59L, "94287082")]
    [TestCase(1111111109L, "07081804")]
    [TestCase(1111111111L, "14050471")]
    [TestCase(1234567890L, "89005924")]
    [TestCase(2000000000L, "69279037")]
    [TestCase(20000000000L, "65353130")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.That(Totp.Code(RfcSecret, step, digits: 8), Is.EqualTo(expected));
    }

    [Test]
    public void Six_digit_codes_are_the_last_six_digits_of_the_rfc_vector()
    {
        Assert.That(Totp.Code(RfcSecret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59))), Is.EqualTo("287082"));
    }

    // RFC 4648 section 10, without the padding authenticator apps leave out.
    [TestCase("f", "MY")]
    [TestCase("fo", "MZXQ")]
    [TestCase("foo", "MZXW6")]
    [TestCase("foob", "MZXW6YQ")]
    [TestCase("fooba", "MZXW6YTB")]
    [TestCase("foobar", "MZXW6YTBOI")]
    public void Base32_matches_the_rfc_4648_test_vectors_both_ways(string text, string base32)
    {
        Assert.That(Totp.ToBase32(Encoding.ASCII.GetBytes(text)), Is.EqualTo(base32));
        Assert.That(Totp.FromBase32(base32.ToLowerInvariant() + "=="), Is.EqualTo(Encoding.ASCII.GetBytes(text)));
    }

    [Test]
    public void A_secret_survives_the_round_trip_through_base32_with_the_spaces_the_page_shows()
    {
        var secret = Totp.NewSecret();
        var shown = string.Join(' ', Totp.ToBase32(secret).Chunk(4).Select(c => new string(c)));

        Assert.That(Totp.FromBase32(shown), Is.EqualTo(secret));
        Assert.That(Totp.FromBase32("NOT-BASE32-1"), Is.Null, "1 is not in the base32 alphabet");
    }

    [Test]
    public void The_key_uri_names_issuer_account_and_the_rfc_defaults()
    {
        var uri = Totp.KeyUri("Sociaal Plein", "ria@plein.nl", RfcSecret);

        Assert.That(uri, Is.EqualTo("otpauth://totp/Sociaal%20Plein:ria%40plein.nl?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Sociaal%20Plein&algorithm=SHA1&digits=6&period=30"));
    }
}
