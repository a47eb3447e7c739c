using SociaalPlein.Data.Bezoekers;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>The visitor code: random with a check character that catches a typo; the numbered codes of before stay valid.</summary>
public sealed class VisitorCodeTests
{
    [Test]
    public void Every_single_wrong_character_and_every_swap_of_a_new_code_is_caught()
    {
        for (var n = 0; n < 50; n++)
        {
            var code = VisitorCode.New();
            Assert.That(VisitorCode.Problem(code), Is.Null, code);
            var chars = code.Replace("-", "")[1..];
            for (var i = 0; i < chars.Length; i++)
            {
                foreach (var other in VisitorCode.Alphabet.Where(c => c != chars[i]))
                    Assert.That(VisitorCode.Problem(Format(chars[..i] + other + chars[(i + 1)..])), Is.EqualTo(VisitorCode.CheckProblem));
                for (var j = i + 1; j < chars.Length; j++)
                {
                    if (chars[i] == chars[j]) continue;
                    var swapped = chars.ToCharArray();
                    (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                    Assert.That(VisitorCode.Problem(Format(new string(swapped))), Is.EqualTo(VisitorCode.CheckProblem));
                }
            }
        }
    }

    static string Format(string eight) => $"B-{eight[..4]}-{eight[4..]}";

    [TestCase("B-2026-0042")]
    [TestCase("b-2026-000123")]
    [TestCase(" B-K7QM-4XRA ")]
    [TestCase("b-k7qm-4xra")]
    public void Numbered_codes_of_before_and_new_codes_as_typed_are_valid(string typed) =>
        Assert.That(VisitorCode.Problem(typed), Is.Null);

    [TestCase("Jansen")]
    [TestCase("B-K7QM-4XR0")]
    [TestCase("B-K7QM4XRA")]
    [TestCase("")]
    public void Anything_else_gets_the_shape_message(string typed) =>
        Assert.That(VisitorCode.Problem(typed), Is.EqualTo(VisitorCode.ShapeProblem));
}
