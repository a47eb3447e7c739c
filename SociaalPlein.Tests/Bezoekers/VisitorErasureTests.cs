using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// The right to erasure (AVG art. 17): every personal value of the visitor is gone from every table, the pseudonymous
/// rows stay so the newsletter's figures do not move, other visitors are untouched, and the erasure is audited in its
/// own transaction.
/// </summary>
public sealed class VisitorErasureTests : DatabaseFixture
{
    static readonly Quarter ThisQuarter = new(2026, 4);
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    AuditEntry By => new("placeholder", Allowed: true, UserId: _p.BeheerderUserId, UserEmail: _p.BeheerderEmail, Role: "beheerder",
        ClientAddress: IPAddress.Parse("192.0.2.80"));

    Task<NewsletterFigures> LoadFiguresAsync() => new NewsletterFiguresQuery(Db.DataSource).LoadAsync([_p.PleinId], ThisQuarter);

    // Every figure, in full; a quarter as its key (its Previous property would make the JSON endless).
    async Task<string> FiguresAsync() => JsonSerializer.Serialize(await LoadFiguresAsync(), new JsonSerializerOptions { Converters = { new QuarterAsKey() } });

    sealed class QuarterAsKey : JsonConverter<Quarter>
    {
        public override Quarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Quarter value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }

    [Test]
    public async Task Erasure_leaves_nothing_of_the_personal_values_in_any_table()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Kwakkelbos");
        foreach (var text in rich.PersonalTexts)
            Assert.That(await PrivacyArrange.WhereStoredAsync(Db, text), Is.Not.Empty, $"arranged: {text}");

        var result = await new VisitorErasure(Db.DataSource).EraseAsync(rich.Visitor.Id, By);

        Assert.That(result, Is.Not.Null);
        foreach (var text in rich.PersonalTexts)
            Assert.That(await PrivacyArrange.WhereStoredAsync(Db, text), Is.Empty, text);
    }

    [Test]
    public async Task Erasure_keeps_the_newsletter_figures_the_same()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Figuurtje");
        var before = await FiguresAsync();

        await new VisitorErasure(Db.DataSource).EraseAsync(rich.Visitor.Id, By);

        Assert.That(await FiguresAsync(), Is.EqualTo(before));
        var counted = (await LoadFiguresAsync()).Current;
        // The erased visitor is in the figures: their visits and referrals still count.
        Assert.That(counted.Visits, Is.GreaterThanOrEqualTo(2));
        Assert.That(counted.Referrals, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Erasure_keeps_the_pseudonymous_rows_and_the_reason_label()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Rijtjes");
        var id = rich.Visitor.Id;
        async Task<long> Rows(string table, string where) => await RegisterArrange.CountAsync(Db, table, where, new { id });
        const string OfReferrals = "referral_id IN (SELECT id FROM referral WHERE visitor_id = @id)";
        var before = (await Rows("visit", "visitor_id = @id"), await Rows("referral", "visitor_id = @id"),
            await Rows("referral_status_event", OfReferrals));

        var result = await new VisitorErasure(Db.DataSource).EraseAsync(id, By);

        Assert.That((await Rows("visit", "visitor_id = @id"), await Rows("referral", "visitor_id = @id"),
            await Rows("referral_status_event", OfReferrals)), Is.EqualTo(before));
        Assert.That(await Rows("referral_contact", "visitor_id = @id"), Is.Zero);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var visitor = await conn.QuerySingleAsync<(short BirthYear, string Gender, string Postcode, bool Erased)>(
            "SELECT birth_year, gender, postcode, personal_data_erased_at IS NOT NULL FROM visitor WHERE id = @id", new { id });
        Assert.That(visitor, Is.EqualTo(((short)1961, "vrouw", "3118", true)));
        Assert.That(await conn.QueryAsync<string>("SELECT zorgvraag FROM referral WHERE visitor_id = @id", new { id }),
            Has.All.EqualTo(VisitorErasure.ErasedText));
        Assert.That(await conn.ExecuteScalarAsync<string>("SELECT status_reason FROM referral WHERE id = @Refused", new { rich.Refused }),
            Is.EqualTo("Geen capaciteit"));
        Assert.That(result, Is.EqualTo(new ErasureResult(rich.Visitor.Code, _p.PleinId, 1, 2, (int)before.Item3)));
    }

    [Test]
    public async Task Erasure_touches_no_other_visitor()
    {
        var erased = await PrivacyArrange.VisitorAsync(Db, _p, "Weggaan");
        var kept = await PrivacyArrange.VisitorAsync(Db, _p, "Blijven");

        await new VisitorErasure(Db.DataSource).EraseAsync(erased.Visitor.Id, By);

        foreach (var text in kept.PersonalTexts)
            Assert.That(await PrivacyArrange.WhereStoredAsync(Db, text), Is.Not.Empty, text);
    }

    [Test]
    public async Task Erasure_is_audited_with_counts_and_never_the_erased_values()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Logboek");

        await new VisitorErasure(Db.DataSource).EraseAsync(rich.Visitor.Id, By);

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var entry = await conn.QuerySingleAsync<string>("""
            SELECT concat_ws('|', user_id, role, object_type, object_id, subject, plein_id, host(client_address), outcome)
            FROM audit_log WHERE action = 'visitor.erased' AND subject = @Code
            """, new { rich.Visitor.Code });
        var detail = await conn.QuerySingleAsync<string>(
            "SELECT detail::text FROM audit_log WHERE action = 'visitor.erased' AND subject = @Code", new { rich.Visitor.Code });
        Assert.That(entry, Is.EqualTo($"{_p.BeheerderUserId}|beheerder|visitor|{rich.Visitor.Id}|{rich.Visitor.Code}|{_p.PleinId}|192.0.2.80|allowed"));
        Assert.That(detail, Does.Contain("\"contact_rows\": 1").And.Contain("\"referrals\": 2"));
    }

    [Test]
    public async Task An_unknown_visitor_is_not_erased_and_not_audited()
    {
        var entries = await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor.erased'");

        Assert.That(await new VisitorErasure(Db.DataSource).EraseAsync(int.MaxValue, By), Is.Null);
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor.erased'"), Is.EqualTo(entries));
    }
}
