using Microsoft.AspNetCore.Identity;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Tests.Accounts;

/// <summary>The password rules of NIST SP 800-63B as <see cref="Passwords.Problem"/> applies them, and hashing after NFKC.</summary>
public sealed class PasswordPolicyTests
{
    const string Email = "fatima.elamrani@delinde.nl";

    [TestCase("")]
    [TestCase("kort")]
    [TestCase("elf tekens!")]
    public void A_password_under_12_characters_is_refused(string password) =>
        Assert.That(Passwords.Problem(password, Email), Does.Contain("minstens 12 tekens"));

    [Test]
    public void Twelve_characters_are_counted_as_characters_not_as_utf16_units()
    {
        // Eleven emoji are 22 UTF-16 units but only 11 characters; twelve different ones are enough.
        var eleven = string.Concat(Enumerable.Range(0, 11).Select(i => char.ConvertFromUtf32(0x1F600 + i)));
        var twelve = eleven + char.ConvertFromUtf32(0x1F60B);

        Assert.That(Passwords.Problem(eleven, Email), Does.Contain("minstens 12 tekens"));
        Assert.That(Passwords.Problem(twelve, Email), Is.Null);
    }

    [TestCase("qwerty123456")]
    [TestCase("QWERTY123456")]
    [TestCase("1Qaz2Wsx3Edc")]
    [TestCase("leavemealone")]
    public void A_common_or_breached_password_is_refused_whatever_its_case(string password) =>
        Assert.That(Passwords.Problem(password, Email), Does.Contain("veel gebruikt of is eerder uitgelekt"));

    [Test]
    public void The_shipped_list_has_tens_of_thousands_of_passwords() =>
        Assert.That(CommonPasswords.Count, Is.GreaterThan(40_000));

    [TestCase("mijn-fatima.elamrani-wachtwoord")]
    [TestCase("FATIMA.ELAMRANI in hoofdletters")]
    public void A_password_containing_the_address_before_the_at_sign_is_refused(string password) =>
        Assert.That(Passwords.Problem(password, Email), Does.Contain("e-mailadres"));

    [Test]
    public void A_one_or_two_letter_address_part_does_not_refuse_every_password_that_has_those_letters() =>
        Assert.That(Passwords.Problem("jb fietst elke dag naar het plein", "jb@delinde.nl"), Is.Null);

    [TestCase("aaaaaaaaaaaaaaaa")]
    [TestCase("                ")]
    public void One_character_repeated_is_refused(string password) =>
        Assert.That(Passwords.Problem(password, Email), Does.Contain("herhaald"));

    [TestCase("welkom bij sociaal plein!")]
    [TestCase("Sociaal-Plein-2026")]
    public void A_password_with_the_platforms_name_is_refused(string password) =>
        Assert.That(Passwords.Problem(password, Email), Does.Contain("Sociaal Plein"));

    [TestCase("de kat zit op de mat vandaag")]
    [TestCase("alleenmaarkleineletters")]
    public void No_composition_rules_a_long_plain_phrase_is_accepted(string password) =>
        Assert.That(Passwords.Problem(password, Email), Is.Null);

    [Test]
    public void A_long_password_with_spaces_and_unicode_is_accepted_and_verifies()
    {
        const string pattern = "Één zin met spaties, 中文, ëmoji 🙂 en Ω — ";
        var password = string.Concat(string.Concat(Enumerable.Repeat(pattern, 10)).EnumerateRunes().Take(200));
        Assert.That(password.EnumerateRunes().Count(), Is.GreaterThanOrEqualTo(128));

        Assert.That(Passwords.Problem(password, Email), Is.Null);
        Assert.That(Passwords.Verify(Passwords.Hash(password), password), Is.Not.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public void A_password_over_256_utf16_units_is_refused_with_a_message() =>
        Assert.That(Passwords.Problem(new string('x', 100) + new string('y', 157), Email), Does.Contain("te lang"));

    [Test]
    public void The_same_password_typed_composed_or_decomposed_verifies_after_nfkc()
    {
        const string composed = "café aan de gracht";          // é as one character
        const string decomposed = "cafe\u0301 aan de gracht";   // e followed by a combining acute accent

        var hash = Passwords.Hash(composed);

        Assert.That(Passwords.Verify(hash, decomposed), Is.Not.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(Passwords.Verify(hash, "cafe aan de gracht"), Is.EqualTo(PasswordVerificationResult.Failed));
    }
}
