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
            var folder = string.IsNullOrWhiteSpace(settings.PickupFolder)
                ? Path.Combine(LocalDataFolder.Root(sp.GetRequiredService<IHostEnvironment>(), config), "mail")
                : Path.GetFullPath(settings.PickupFolder);
            return settings with { PickupFolder = folder };
        })
        .AddSingleton<Mailer>()
        .AddSingleton(sp => PublicAddress.From(sp.GetRequiredService<IConfiguration>()));
}
