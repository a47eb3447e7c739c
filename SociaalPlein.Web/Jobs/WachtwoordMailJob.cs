using Hangfire;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Web.Pages.Account;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// wachtwoord-mails: every minute, takes the requests of "wachtwoord vergeten" (PasswordResetOutbox) and, for each
/// address of an active account, issues a link for an hour and mails it. The lookup, the token and the mail happen here,
/// not in the request, so a known and an unknown address cost the page the same work. Every request is audited
/// (password.reset_requested, allowed or refused with its reason), as when the page did it itself.
/// </summary>
public sealed class WachtwoordMailJob(PasswordResetOutbox outbox, AccountTokens tokens, AccountMails mails, ILogger<WachtwoordMailJob> log)
{
    public const string Id = "wachtwoord-mails";
    public const string Cron = "* * * * *";
    const int MaxPerRun = 200;

    // A failed mail is not retried: the link in it would be a second one, and the user can simply ask again.
    [AutomaticRetry(Attempts = 0)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        int sent = 0, failed = 0;
        var requests = await outbox.TakeAsync(MaxPerRun, ct);
        foreach (var request in requests)
        {
            if (await tokens.RequestResetAsync(request.Email, request.ClientAddress, ct) is not { } link) continue;
            if (await mails.SendResetAsync(link, ct)) sent++;
            else failed++;
        }
        var summary = $"{requests.Count} requests, {sent} mails sent, {failed} failed";
        if (requests.Count > 0) log.LogInformation("Password reset requests handled: {Summary}", summary);
        return summary;
    }
}
