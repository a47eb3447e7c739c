using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using MimeKit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Accounts;

/// <summary>Reading the app's account mails and driving the set-password page, as the invitee would.</summary>
public static partial class AccountArrange
{
    /// <summary>The mails the app wrote to this address, oldest first.</summary>
    public static IReadOnlyList<MimeMessage> MailsTo(AppFactory app, string address) => Directory.Exists(app.MailFolder)
        ? Directory.GetFiles(app.MailFolder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList()
        : [];

    /// <summary>The set-password link in a mail, as path and query (/account/wachtwoord-instellen?t=…).</summary>
    public static string LinkIn(MimeMessage mail)
    {
        var match = SetPasswordLink().Match(mail.TextBody ?? "");
        if (!match.Success) throw new InvalidOperationException("The mail has no set-password link.");
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>Chooses the password through the link, with an antiforgery token from a page that always has a form.</summary>
    public static Task<HttpResponseMessage> SetPasswordAsync(HttpClient browser, string link, string password, string? repeat = null) =>
        browser.SubmitFormAsync("/account/wachtwoord-vergeten", new Dictionary<string, string>
        {
            ["Password"] = password,
            ["Repeat"] = repeat ?? password,
        }, link);

    public static async Task<bool> CanLogInAsync(AppFactory app, string email, string password) =>
        (await app.Browser().LogInAsync(email, password)).StatusCode == HttpStatusCode.Redirect;

    /// <summary>The audit entries of an action about one account, newest last: outcome and detail (JSON).</summary>
    public static async Task<IReadOnlyList<(string Outcome, string? Detail, int? UserId)>> AuditAsync(FixtureDatabase db, string action, int accountId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string?, int?)>("""
            SELECT outcome, detail::text, user_id FROM audit_log
            WHERE action = @action AND object_type = 'app_user' AND object_id = @id ORDER BY id
            """, new { action, id = accountId.ToString() })).ToList();
    }

    public static async Task<int?> AccountIdAsync(FixtureDatabase db, string email)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int?>("SELECT id FROM app_user WHERE email = @email", new { email });
    }

    [GeneratedRegex(@"https?://\S+/account/wachtwoord-instellen\?t=\S+")]
    private static partial Regex SetPasswordLink();
}
