using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Observability;

public sealed class SqlTextTests
{
    [Test]
    public void Parameters_are_named_and_literals_become_question_marks()
    {
        var shape = SqlText.Shape("""
            SELECT p.name, 'vast' AS kind
            FROM professional p
            WHERE p.id = @Id AND p.plein_id = ANY(@PleinIds) AND p.age > 42
            LIMIT $1
            """);

        Assert.That(shape.Statement, Is.EqualTo(
            "SELECT p.name, ? AS kind FROM professional p WHERE p.id = @Id AND p.plein_id = ANY(@PleinIds) AND p.age > ? LIMIT $1"));
        Assert.That(shape.ParameterNames, Is.EqualTo(new[] { "@Id", "@PleinIds", "$1" }));
    }

    [Test]
    public void A_value_written_into_the_sql_by_mistake_never_survives_in_any_quoting()
    {
        var shape = SqlText.Shape("""
            SELECT 1 FROM visitor
            WHERE name = 'Jansen' OR phone = E'06\'12345678' OR note = $$Geheim$$ OR note = $n$Ook 'geheim'$n$
               OR code = 'B-2026-0042'' en meer' -- naam: Jansen
            /* Pietersen */
            """);

        foreach (var secret in new[] { "Jansen", "06", "12345678", "Geheim", "geheim", "B-2026-0042", "Pietersen" })
            Assert.That(shape.Statement, Does.Not.Contain(secret), secret);
        Assert.That(shape.Statement, Is.EqualTo("SELECT ? FROM visitor WHERE name = ? OR phone = ? OR note = ? OR note = ? OR code = ?"));
        Assert.That(shape.ParameterNames, Is.Empty);
    }

    [Test]
    public void Postgres_operators_with_at_signs_and_identifiers_with_digits_are_not_parameters_or_literals()
    {
        var shape = SqlText.Shape("""SELECT t1.id FROM gids t1 WHERE t1.search @@ query AND t1.codes @> @Codes AND "Kolom 2" = t1.x::int4""");

        Assert.That(shape.Statement, Is.EqualTo("""SELECT t1.id FROM gids t1 WHERE t1.search @@ query AND t1.codes @> @Codes AND "Kolom 2" = t1.x::int4"""));
        Assert.That(shape.ParameterNames, Is.EqualTo(new[] { "@Codes" }));
    }

    [Test]
    public void A_parameter_used_twice_is_named_once()
    {
        var shape = SqlText.Shape("SELECT @Text = '' OR name ILIKE @Text");

        Assert.That(shape.ParameterNames, Is.EqualTo(new[] { "@Text" }));
    }
}
