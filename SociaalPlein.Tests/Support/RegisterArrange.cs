using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Tests.Support;

/// <summary>
/// A small plein for the register tests (visits, referrals, visitor cards), with accounts on every side of a
/// referral and a second plein to prove that nothing crosses over. Plain INSERTs into the app's tables.
/// </summary>
public sealed record RegisterPlein(
    int PleinId, int OtherPleinId, int LeefgebiedId, int OtherLeefgebiedId, int RetiredLeefgebiedId,
    int SenderOrganisationId, int ReceiverOrganisationId, int OrganisationElsewhereId,
    int SenderId, int ReceiverId, int ReceiverColleagueId, int InactiveProfessionalId, int ElsewhereProfessionalId,
    int SenderUserId, int ReceiverUserId, int ReceiverColleagueUserId, int BystanderUserId,
    int ProjectleiderUserId, int OtherProjectleiderUserId, int OtherProfessionalUserId, int BeheerderUserId,
    string SenderEmail, string ReceiverEmail, string ReceiverColleagueEmail, string BystanderEmail,
    string ProjectleiderEmail, string OtherProjectleiderEmail, string OtherProfessionalEmail, string BeheerderEmail)
{
    /// <summary>An ordinary referral from the sender to the receiver about the first leefgebied.</summary>
    public ReferralDraft Referral(DateOnly on, string zorgvraag = "Hulp bij ordenen van post en rekeningen", bool spoed = false) =>
        new(Guid.NewGuid(), on, Party.OfProfessional(SenderId), Party.OfProfessional(ReceiverId), zorgvraag, "Administratie",
            LeefgebiedId, ConsentShareContact: false, ConsentFeedback: true, Spoed: spoed);
}

public static class RegisterArrange
{
    /// <summary>Opened on 1 January 2024 (Arrange.PleinAsync), so any date from then to today is allowed.</summary>
    public static async Task<RegisterPlein> PleinAsync(FixtureDatabase db)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var plein = await Arrange.PleinAsync(db, $"Plein Register {suffix}");
        var other = await Arrange.PleinAsync(db, $"Plein Elders {suffix}");
        var leefgebied = await ProfilesArrange.LeefgebiedIdAsync(db, "financien");
        var otherLeefgebied = await ProfilesArrange.LeefgebiedIdAsync(db, "huisvesting");
        int retired;
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            retired = await conn.ExecuteScalarAsync<int>("""
                INSERT INTO leefgebied (code, name, active) VALUES (@code, @name, false) RETURNING id
                """, new { code = $"oud_{suffix}", name = $"Oud leefgebied {suffix}" });
        }

        var senderOrg = await OrganisationAtAsync(db, $"Huisartsenpraktijk {suffix}", [plein], "medisch");
        var receiverOrg = await OrganisationAtAsync(db, $"Schuldhulp {suffix}", [plein], "sociaal");
        var elsewhereOrg = await OrganisationAtAsync(db, $"Welzijn Elders {suffix}", [other], "welzijn");
        var sender = await ProfilesArrange.ProfessionalAsync(db, senderOrg, $"Anna Verwijzer {suffix}", "Huisarts", pleinIds: [plein]);
        var receiver = await ProfilesArrange.ProfessionalAsync(db, receiverOrg, $"Bram Ontvanger {suffix}", "Schuldhulpverlener", pleinIds: [plein]);
        var colleague = await ProfilesArrange.ProfessionalAsync(db, receiverOrg, $"Carla Collega {suffix}", "Schuldhulpverlener", pleinIds: [plein]);
        var inactive = await ProfilesArrange.ProfessionalAsync(db, receiverOrg, $"Dirk Vertrokken {suffix}", "Schuldhulpverlener",
            active: false, pleinIds: [plein]);
        var elsewhere = await ProfilesArrange.ProfessionalAsync(db, elsewhereOrg, $"Eva Elders {suffix}", "Welzijnscoach", pleinIds: [other]);
        var bystander = await ProfilesArrange.ProfessionalAsync(db, senderOrg, $"Frank Omstander {suffix}", "Praktijkondersteuner", pleinIds: [plein]);

        async Task<(int Id, string Email)> Account(string name, string role, int pleinId, int? professionalId)
        {
            var email = $"{name}-{suffix}@register.test";
            var id = await Arrange.UserAsync(db, email, role, [pleinId]);
            if (professionalId is int p) await ProfilesArrange.LinkAccountAsync(db, id, p);
            return (id, email);
        }
        var senderUser = await Account("verwijzer", "professional", plein, sender);
        var receiverUser = await Account("ontvanger", "professional", plein, receiver);
        var colleagueUser = await Account("collega", "professional", plein, colleague);
        var bystanderUser = await Account("omstander", "professional", plein, bystander);
        var projectleider = await Account("projectleider", "projectleider", plein, null);
        var otherProjectleider = await Account("projectleider-elders", "projectleider", other, null);
        var otherProfessional = await Account("professional-elders", "professional", other, elsewhere);
        var beheerder = await Account("beheerder", "beheerder", plein, null);

        return new RegisterPlein(plein, other, leefgebied, otherLeefgebied, retired, senderOrg, receiverOrg, elsewhereOrg,
            sender, receiver, colleague, inactive, elsewhere,
            senderUser.Id, receiverUser.Id, colleagueUser.Id, bystanderUser.Id, projectleider.Id, otherProjectleider.Id, otherProfessional.Id,
            beheerder.Id, senderUser.Email, receiverUser.Email, colleagueUser.Email, bystanderUser.Email, projectleider.Email,
            otherProjectleider.Email, otherProfessional.Email, beheerder.Email);
    }

    public static async Task<int> OrganisationAtAsync(FixtureDatabase db, string name, int[] pleinIds, string domein = "sociaal")
    {
        var id = await ProfilesArrange.OrganisationAsync(db, name, domein: domein);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO organisation_plein (organisation_id, plein_id) SELECT @id, unnest(@pleinIds)", new { id, pleinIds });
        return id;
    }

    /// <summary>A visitor of the plein created through the app's own command, as the given account.</summary>
    public static async Task<VisitorSummary> VisitorAsync(FixtureDatabase db, int userId, int pleinId, DateOnly today)
    {
        var visitors = new Visitors(db.DataSource);
        var code = await visitors.CreateAsync(userId, new NewVisitor(Guid.NewGuid(), pleinId, 1961, "vrouw", "3118", null), today)
                   ?? throw new InvalidOperationException("The account may not create visitors at this plein.");
        return await visitors.FindByCodeAsync(userId, code, today) ?? throw new InvalidOperationException("Visitor not found back.");
    }

    /// <summary>The plein's active organisations and professionals as the database holds them, as the referral form's values.</summary>
    public static async Task<string[]> PartiesAtAsync(FixtureDatabase db, int plein)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("""
            SELECT 'organisatie-' || o.id FROM organisation_plein op JOIN organisation o ON o.id = op.organisation_id
            WHERE op.plein_id = @plein AND o.active
            UNION ALL
            SELECT 'professional-' || p.id FROM professional_plein pp JOIN professional p ON p.id = pp.professional_id
            JOIN organisation o ON o.id = p.organisation_id
            WHERE pp.plein_id = @plein AND p.active AND o.active
            """, new { plein })).ToArray();
    }

    public static async Task<long> CountAsync(FixtureDatabase db, string table, string where = "true", object? args = null)
    {
        // Only the fixed table names of the tests reach this string.
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {where}", args);
    }
}
