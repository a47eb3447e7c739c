using System.Net;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>Metingen in the visitor's access report, and kept (pseudonymous, like the visits) when personal data is erased.</summary>
public sealed class MetingPrivacyTests : BezoekersAppFixture
{
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    [Test]
    public async Task The_access_report_lists_every_meting_and_the_agreement()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 3, 2),
            new Dictionary<int, short> { [_p.LeefgebiedId] = 1, [_p.OtherLeefgebiedId] = 5 });
        var beheerder = await SignedInAsync(_p.BeheerderEmail);

        var html = WebUtility.HtmlDecode(await beheerder.GetStringAsync($"/beheer/bezoekers/{visitor.Id}/inzage"));

        Assert.That(html, Does.Contain("Metingen zelfredzaamheid (2)").And.Contain("Instemming gegeven op")
            .And.Contain("<td>2 maart 2026</td><td>Financiën</td><td>1 · Acute problemen</td>")
            .And.Contain("<td>2 maart 2026</td><td>Huisvesting</td><td>5 · Volledig zelfredzaam</td>"));
    }

    [Test]
    public async Task Erasing_the_visitors_personal_data_keeps_the_metingen()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 4, 6), new Dictionary<int, short> { [_p.LeefgebiedId] = 2 });

        var erased = await new VisitorErasure(Db.DataSource).EraseAsync(visitor.Id, new AuditEntry("", true, UserId: _p.BeheerderUserId));

        Assert.That(erased, Is.Not.Null);
        Assert.That(await StoredAsync(Db, visitor.Id), Is.EqualTo(new[] { (new DateOnly(2026, 4, 6), _p.LeefgebiedId, (short)2) }));
    }
}
