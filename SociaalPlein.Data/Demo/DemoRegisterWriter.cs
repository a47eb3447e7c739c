using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// Writes the register's thousands of rows with binary COPY. PostgreSQL assigns the ids; each row's unique
/// request_id brings them back, so visits can point at visitors and referrals at both.
/// </summary>
internal sealed class DemoRegisterWriter(NpgsqlConnection conn, IReadOnlyDictionary<string, int> leefgebieden, CancellationToken ct)
{
    public async Task WriteAsync(DemoRegister register, int[] pleinIds)
    {
        await CopyAsync("""
            visitor (plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id, created_by, created_at)
            """, register.Visitors, WriteVisitorAsync);
        var visitorIds = await IdsByRequestAsync("visitor", pleinIds);
        foreach (var visitor in register.Visitors) visitor.Id = visitorIds[visitor.RequestId];

        await CopyAsync("visit (plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, registered_by, request_id, created_at)",
            register.Visits, WriteVisitAsync);
        var visitIds = await IdsByRequestAsync("visit", pleinIds);
        foreach (var visit in register.Visits) visit.Id = visitIds[visit.RequestId];
        await CopyAsync("visit_leefgebied (visit_id, leefgebied_id)",
            register.Visits.SelectMany(v => v.Leefgebieden.Select(code => (v.Id, leefgebieden[code]))), WritePairAsync);

        await CopyAsync("""
            referral (plein_id, referred_on, visitor_id, visit_id, from_kind, from_professional_id, from_organisation_id,
                      to_professional_id, to_organisation_id, zorgvraag, zorgvraag_category, leefgebied_id, consent_share_contact,
                      consent_feedback, spoed, status, outcome, status_reason, status_changed_at, created_by, request_id, created_at)
            """, register.Referrals, WriteReferralAsync);
        var referralIds = await IdsByRequestAsync("referral", pleinIds);
        foreach (var referral in register.Referrals) referral.Id = referralIds[referral.RequestId];
        await CopyAsync("referral_status_event (referral_id, status, outcome, reason, note, changed_by, changed_at)",
            register.Referrals.SelectMany(r => r.Events.Select(e => (r.Id, e))), WriteEventAsync);

        await CopyAsync("referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on, created_at)",
            register.Contacts, WriteContactAsync);
    }

    async Task WriteVisitorAsync(NpgsqlBinaryImporter w, DemoVisitor v)
    {
        await w.WriteAsync(v.Plein.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(v.Code, NpgsqlDbType.Text, ct);
        await WriteAsync(w, v.BirthYear, NpgsqlDbType.Smallint);
        await w.WriteAsync(v.Gender, NpgsqlDbType.Text, ct);
        await WriteAsync(w, v.Postcode);
        await WriteAsync(w, v.WijkId, NpgsqlDbType.Integer);
        await w.WriteAsync(v.FirstVisitOn, NpgsqlDbType.Date, ct);
        await w.WriteAsync(v.RequestId, NpgsqlDbType.Uuid, ct);
        await WriteAsync(w, v.CreatedBy, NpgsqlDbType.Integer);
        await w.WriteAsync(v.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    async Task WriteVisitAsync(NpgsqlBinaryImporter w, DemoVisit v)
    {
        await w.WriteAsync(v.Spreekuur.Plein.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(v.Visitor.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(v.VisitedOn, NpgsqlDbType.Date, ct);
        await w.WriteAsync(v.Spreekuur.Kind, NpgsqlDbType.Text, ct);
        await w.WriteAsync(v.Spreekuur.Id, NpgsqlDbType.Integer, ct);
        await WriteAsync(w, v.HelpedBy?.Id, NpgsqlDbType.Integer);
        await WriteAsync(w, v.RegisteredBy, NpgsqlDbType.Integer);
        await w.WriteAsync(v.RequestId, NpgsqlDbType.Uuid, ct);
        await w.WriteAsync(v.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    async Task WriteReferralAsync(NpgsqlBinaryImporter w, DemoReferral r)
    {
        await w.WriteAsync(r.Plein.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.ReferredOn, NpgsqlDbType.Date, ct);
        await WriteAsync(w, r.Visitor?.Id, NpgsqlDbType.Integer);
        await WriteAsync(w, r.Visit?.Id, NpgsqlDbType.Integer);
        await w.WriteAsync(r.FromKind, NpgsqlDbType.Text, ct);
        await WriteAsync(w, r.FromProfessional?.Id, NpgsqlDbType.Integer);
        await WriteAsync(w, r.FromOrganisation?.Id, NpgsqlDbType.Integer);
        await WriteAsync(w, r.ToProfessional?.Id, NpgsqlDbType.Integer);
        await w.WriteAsync(r.ToOrganisation.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.Zorgvraag, NpgsqlDbType.Text, ct);
        await WriteAsync(w, r.ZorgvraagCategory);
        await w.WriteAsync(leefgebieden[r.Leefgebied], NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.ConsentShareContact, NpgsqlDbType.Boolean, ct);
        await w.WriteAsync(r.ConsentFeedback, NpgsqlDbType.Boolean, ct);
        await w.WriteAsync(r.Spoed, NpgsqlDbType.Boolean, ct);
        // The referral carries its last status event, as the status change commands keep it.
        await w.WriteAsync(r.Current.Status, NpgsqlDbType.Text, ct);
        await WriteAsync(w, r.Current.Outcome);
        await WriteAsync(w, r.Current.Reason);
        await w.WriteAsync(r.Current.ChangedAt, NpgsqlDbType.TimestampTz, ct);
        await WriteAsync(w, r.CreatedBy, NpgsqlDbType.Integer);
        await w.WriteAsync(r.RequestId, NpgsqlDbType.Uuid, ct);
        await w.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    async Task WriteEventAsync(NpgsqlBinaryImporter w, (int ReferralId, DemoStatusEvent Event) row)
    {
        var e = row.Event;
        await w.WriteAsync(row.ReferralId, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(e.Status, NpgsqlDbType.Text, ct);
        await WriteAsync(w, e.Outcome);
        await WriteAsync(w, e.Reason);
        await WriteAsync(w, e.Note);
        await WriteAsync(w, e.ChangedBy, NpgsqlDbType.Integer);
        await w.WriteAsync(e.ChangedAt, NpgsqlDbType.TimestampTz, ct);
    }

    async Task WriteContactAsync(NpgsqlBinaryImporter w, DemoContact c)
    {
        await w.WriteAsync(c.Referral.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(c.Referral.Visitor!.Id, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(c.Name, NpgsqlDbType.Text, ct);
        await w.WriteAsync(c.Phone, NpgsqlDbType.Text, ct);
        await w.WriteAsync(c.ConsentedAt, NpgsqlDbType.TimestampTz, ct);
        await w.WriteAsync(c.LastContactOn, NpgsqlDbType.Date, ct);
        await w.WriteAsync(c.ConsentedAt, NpgsqlDbType.TimestampTz, ct);
    }

    async Task WritePairAsync(NpgsqlBinaryImporter w, (int Left, int Right) pair)
    {
        await w.WriteAsync(pair.Left, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(pair.Right, NpgsqlDbType.Integer, ct);
    }

    Task WriteAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct);

    Task WriteAsync(NpgsqlBinaryImporter w, string? value) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Text, ct);

    // The target is one of ours, never input.
    async Task CopyAsync<T>(string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> writeRow)
    {
        await using var importer = await conn.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await writeRow(importer, row);
        }
        await importer.CompleteAsync(ct);
    }

    // The table name is one of ours (visitor, visit, referral), never input; the pleinen travel as a parameter.
    async Task<Dictionary<Guid, int>> IdsByRequestAsync(string table, int[] pleinIds) =>
        (await conn.QueryAsync<(Guid RequestId, int Id)>(new CommandDefinition(
            $"SELECT request_id, id FROM {table} WHERE plein_id = ANY(@pleinIds)", new { pleinIds }, cancellationToken: ct)))
        .ToDictionary(r => r.RequestId, r => r.Id);
}
