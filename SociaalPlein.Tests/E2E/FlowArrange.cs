using Dapper;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// The parties of the flows on the demo's plein Nieuwland: the demo professional refers, and Bram Oosterhuis, a debt
/// counsellor of Geldzorg Schiedam with his own account, receives.
/// </summary>
public sealed record FlowPlein(
    int PleinId, int SenderUserId, int SenderId, string SenderName, int ReceiverOrganisationId, int ReceiverId, string ReceiverName,
    string ReceiverEmail, int FinancienId)
{
    /// <summary>A referral from the demo professional to Bram about money matters, as the app's own command stores it.</summary>
    public ReferralDraft Referral(DateOnly on, string zorgvraag) =>
        new(Guid.NewGuid(), on, Party.OfProfessional(SenderId), Party.OfProfessional(ReceiverId), zorgvraag, null, FinancienId,
            ConsentShareContact: false, ConsentFeedback: true, Spoed: false);
}

public static class FlowArrange
{
    public const string ReceiverName = "Bram Oosterhuis";

    public static async Task<FlowPlein> NieuwlandAsync(FixtureDatabase db)
    {
        int pleinId, senderUserId, senderId;
        string senderName;
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            (pleinId, senderUserId, senderId, senderName) = await conn.QuerySingleAsync<(int, int, int, string)>("""
                SELECT up.plein_id, u.id, p.id, p.name
                FROM app_user u JOIN app_user_plein up ON up.user_id = u.id JOIN professional p ON p.id = u.professional_id
                WHERE u.email = @email
                """, new { email = DemoAccounts.Professional });
        }
        const string email = "b.oosterhuis@geldzorg.example";
        var organisation = await RegisterArrange.OrganisationAtAsync(db, "Geldzorg Schiedam", [pleinId], "sociaal");
        var receiver = await ProfilesArrange.ProfessionalAsync(db, organisation, ReceiverName, "Schuldhulpverlener",
            phone: "010 246 8100", email: email,
            about: "Hulp bij schulden, achterstanden in huur en energie, en het aanvragen van toeslagen.",
            pleinIds: [pleinId], leefgebieden: ["financien", "huisvesting"], languages: ["nl", "en"]);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Fixed dates rather than the insert's now(), so the profile (and its screenshot) reads the same on any day.
            await conn.ExecuteAsync("UPDATE professional SET verified_at = @at, capacity_set_at = @at WHERE id = @receiver",
                new { receiver, at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero) });
        }
        var account = await Arrange.UserAsync(db, email, "professional", [pleinId]);
        await ProfilesArrange.LinkAccountAsync(db, account, receiver);
        var financien = await ProfilesArrange.LeefgebiedIdAsync(db, "financien");
        return new FlowPlein(pleinId, senderUserId, senderId, senderName, organisation, receiver, ReceiverName, email, financien);
    }

    /// <summary>A referral stored as the demo professional entered it (no visitor), still <c>verzonden</c>.</summary>
    public static async Task<int> ReferralAsync(FixtureDatabase db, FlowPlein p, DateOnly today, string zorgvraag)
    {
        var result = await new ReferralEntry(db.DataSource).CreateAsync(p.SenderUserId, new ReferralContext(p.PleinId, null),
            p.Referral(today, zorgvraag) with { RepeatConfirmed = true }, today);
        return result.Id ?? throw new InvalidOperationException("Referral refused: " + string.Join("; ", result.Problems));
    }
}
