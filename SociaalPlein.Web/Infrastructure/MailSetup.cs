using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;

namespace SociaalPlein.Web.Infrastructure;

public static class MailSetup
{
    /// <summary>The <c>Mail</c> settings; with no SMTP host, mail goes to <c>.data/mail/</c> (or <c>Mail:PickupFolder</c>).</summary>
    public static IServiceCollection AddMail(this IServiceCollection services) => services
        .AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var settings = config.GetSection("Mail").Get<MailSettings>() ?? new MailSettings();
            if (settings.PlaintextProblem(sp.GetRequiredService<IHostEnvironment>().IsDevelopment()) is { } problem)
                throw new InvalidOperationException(problem);
            var folder = string.IsNullOrWhiteSpace(settings.PickupFolder)
                ? Path.Combine(LocalDataFolder.Root(sp.GetRequiredService<IHostEnvironment>(), config), "mail")
                : Path.GetFullPath(settings.PickupFolder);
            return settings with { PickupFolder = folder };
        })
        .AddSingleton<Mailer>()
        .AddHostedService<MailSettingsCheck>()
        .AddSingleton(sp => PublicAddress.From(sp.GetRequiredService<IConfiguration>()));
}

/// <summary>
/// Makes the host's start fail on mail settings it may not use (plaintext SMTP outside Development, see
/// MailSettings.PlaintextProblem): resolving the settings checks them, so a misconfigured server never runs.
/// </summary>
sealed class MailSettingsCheck(MailSettings settings) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public override string ToString() => settings.SmtpSecurity;
}
