using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Profiel;
using SociaalPlein.Data.Spreekuren;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Api;
using SociaalPlein.Web.Api.Hsds;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Jobs;
using SociaalPlein.Web.Pages.Account;
using SociaalPlein.Web.Pages.Nieuwsbrieven;
using SociaalPlein.Web.Observability;

var builder = WebApplication.CreateBuilder(args);

// Configuration: Dutch culture everywhere, Amsterdam time via PleinTime.
var dutch = CultureInfo.GetCultureInfo("nl-NL");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = dutch;
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
// Write ë and é as themselves rather than as &#xEB; (still HTML-encoded where it matters: <, >, &, quotes).
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMemoryCache();

// Data: the connection string is known once DatabaseStartup ran (configured server or local cluster). Everything after
// start-up runs as the application role sociaalplein_app (db/0019; docs/security.md "Databaserol").
builder.Services.AddSingleton<DatabaseStartup>();
builder.Services.AddSingleton(sp =>
{
    var connectionString = sp.GetRequiredService<DatabaseStartup>().RuntimeConnectionString;
    if (connectionString == "")
        throw new InvalidOperationException("NpgsqlDataSource was asked for before DatabaseStartup.StartAsync ran.");
    return DataSourceSettings.Build(connectionString);
});
// Reads that may lag a moment (the gids search, the dataset dashboard) from a hot standby when LaggingReads.Setting is on;
// off, the primary's data source (SociaalPlein.Data/Infrastructure/LaggingReads.cs, docs/operations.md "Several instances").
builder.Services.AddKeyedSingleton(LaggingReads.Key, (sp, _) => builder.Configuration.GetValue<bool>(LaggingReads.Setting)
    ? DataSourceSettings.Build(LaggingReads.ConnectionString(sp.GetRequiredService<DatabaseStartup>().RuntimeConnectionString))
    : sp.GetRequiredService<NpgsqlDataSource>());
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddSingleton<Login>();
builder.Services.AddSingleton<AppUsers>();
// Server-side sessions and TOTP two-factor; the staff requirement may be relaxed only in Development.
builder.Services.AddSingleton<UserSessions>();
builder.Services.AddSingleton<TwoFactor>();
builder.Services.AddSingleton(TwoFactorRules.From(builder.Configuration, builder.Environment));
builder.Services.AddSingleton<PublicSchedule>();
builder.Services.AddSingleton(sp => new GidsSearch(sp.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key)));
builder.Services.AddSingleton(sp => new GidsFacetOptions(sp.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key)));

// Gids profiles, the handout for residents, and /profiel.
builder.Services.AddSingleton<GidsProfiles>();
builder.Services.AddSingleton<OwnProfile>();
builder.Services.AddSingleton<OwnSpreekuren>();

// Beheer: the beheerder's directory pages (organisations, professionals, leefgebieden) and the CSV import.
builder.Services.AddSingleton<OrganisationAdmin>();
builder.Services.AddSingleton<ProfessionalAdmin>();
builder.Services.AddSingleton<LeefgebiedAdmin>();
builder.Services.AddSingleton<DirectoryImport>();

// Register: bezoekers — the visitor card, the frequent visitors (projectleider and beheerder only), and the
// nightly erasure of contact details after the plein's retention period.
builder.Services.AddSingleton<VisitorCard>();
builder.Services.AddSingleton<FrequentVisitorList>();
builder.Services.AddSingleton<ContactRetention>();
builder.Services.AddScoped<ContactRetentionJob>();

// Metingen: the visitor's self-reliance per leefgebied over time, with their agreement — on the card, the follow-up
// list, and the scale's words and the pleinen's switches at /beheer/metingen.
builder.Services.AddSingleton<VisitorMetingen>();
builder.Services.AddSingleton<MetingScale>();
builder.Services.AddSingleton<FollowUpList>();

// Register: registreren (Pages/Registreren). The desk at /spreekuur: find or create a visitor, register a visit with its referrals.
builder.Services.AddSingleton<Visitors>();
builder.Services.AddSingleton<VisitRegistration>();
builder.Services.AddSingleton<SpreekuurDesk>();

// Register: verwijzingen — the referral lists, form, detail page with the closed loop, and the job that
// mails the receiving side of a new referral a link to it.
builder.Services.AddSingleton<ReferralEntry>();
builder.Services.AddSingleton<Withdrawals>();
builder.Services.AddSingleton<ReferralChoices>();
builder.Services.AddSingleton<ReferralLists>();
builder.Services.AddSingleton<ReferralDetails>();
builder.Services.AddSingleton<ReferralLoop>();
builder.Services.AddSingleton<ReferralNotifications>();
builder.Services.AddScoped<ReferralNotificationRun>();
builder.Services.AddScoped<VerwijzingMeldingJob>();
builder.Services.AddScoped<WachtwoordMailJob>();

// Newsletter: the quarter's figures (one query for the PDF and the /dataset dashboard) and PDF, drafts for
// the projectleider, subscribers, and sending with one job per recipient; the quarterly job and the hourly sweep are
// registered with the other recurring jobs.
builder.Services.AddSingleton<NewsletterFiguresQuery>();
// The dashboard's figures may lag; the PDF is a stored document and counts on the primary, as does which pleinen an
// account may see (a right just taken away must not linger on a standby that is behind).
builder.Services.AddKeyedSingleton(LaggingReads.Key, (sp, _) => new NewsletterFiguresQuery(sp.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key)));
// A closed quarter's figures are kept on the primary; counting them may read a standby, because the plein's version is
// read in the same snapshot and a change not yet replayed has raised it on the primary, so stale figures are never kept.
builder.Services.AddSingleton(sp => new DatasetFigures(sp.GetRequiredService<NpgsqlDataSource>(),
    sp.GetRequiredKeyedService<NewsletterFiguresQuery>(LaggingReads.Key)));
builder.Services.AddSingleton<DatasetPleinen>();
builder.Services.AddSingleton<NewsletterGenerator>();
builder.Services.AddSingleton<Newsletters>();
builder.Services.AddSingleton(sp => new NewsletterDeliveries(sp.GetRequiredService<NpgsqlDataSource>(),
    builder.Configuration.GetValue<TimeSpan?>(NewsletterDeliveries.ClaimTimeoutSetting)));
builder.Services.AddSingleton<NewsletterSubscribers>();
builder.Services.AddSingleton<UnsubscribeLinks>();
builder.Services.AddSingleton<NewsletterReadLinks>();
builder.Services.AddScoped<QueuedNewsletterSender>();
builder.Services.AddScoped<INewsletterSender>(s => s.GetRequiredService<QueuedNewsletterSender>());
builder.Services.AddScoped<QuarterlyNewsletterRun>();
builder.Services.AddScoped<KwartaalNieuwsbriefJob>();
builder.Services.AddScoped<NieuwsbriefBezorgingJob>();
builder.Services.AddScoped<NieuwsbriefBezorgingSweepJob>();
builder.Services.AddScoped<DatasetCijfersJob>();

// Export: the dataset for the projectleider, streamed as CSV or XLSX, pseudonymised and audited.
builder.Services.AddSingleton<ExportQuery>();

// Accounts: the beheerder's account pages (invite, role and pleinen, deactivate) and the single-use links to set
// a password (invitation, reset), mailed by AccountMails.
builder.Services.AddSingleton<AccountAdmin>();
builder.Services.AddSingleton<AccountTokens>();
builder.Services.AddSingleton<AccountMails>();

// Audit and privacy: /beheer/audit (read and export the audit log), the visitor's right of access and
// erasure at /beheer/bezoekers, and the retention period per plein at /beheer/pleinen.
builder.Services.AddSingleton<AuditSearch>();
builder.Services.AddSingleton<StablePseudonyms>();
builder.Services.AddSingleton<VisitorRecord>();
builder.Services.AddSingleton<HistoryOpenings>();
builder.Services.AddSingleton<PasswordResetOutbox>();
builder.Services.AddSingleton<VisitorErasure>();
builder.Services.AddSingleton<PleinRetention>();

// DataProtection keys in PostgreSQL, shared by all instances.
builder.Services.AddDataProtection().SetApplicationName("SociaalPlein");
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
    new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<NpgsqlDataSource>())));

// Mail and background jobs (Hangfire; schema and recurring jobs are set up under the migration lock, below).
builder.Services.AddMail();
builder.Services.AddBackgroundJobs(builder.Configuration);

// Auth: our own app_user table behind a cookie; who may open a page is decided by its folder.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.Cookie.Name = "sociaalplein";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        o.LoginPath = "/account/inloggen";
        o.LogoutPath = "/account/uitloggen";
        o.AccessDeniedPath = "/account/geweigerd";
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
    })
    .AddPendingSignIn(builder.Environment.IsDevelopment());
builder.Services.AddAuthorizationBuilder()
    // Anything not covered by a folder rule below (an API endpoint, a download) still needs a login.
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Roles.Professional, p => p.RequireRole(Roles.Professional, Roles.Projectleider, Roles.Beheerder))
    .AddPolicy(Roles.Projectleider, p => p.RequireRole(Roles.Projectleider, Roles.Beheerder))
    .AddPolicy(Roles.Beheerder, p => p.RequireRole(Roles.Beheerder))
    .AddPendingSignInPolicies();

// Web hardening: no body over 64 KB except where an endpoint allows more (the CSV import), HSTS for a year,
// the rate limiter for /account POSTs and the API, and checkboxes that refuse a tampered value instead of failing.
// See Infrastructure/SecurityHeaders.cs, RateLimits.cs, RequestSizeLimits.cs and docs/security.md (Web hardening).
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = RequestSizeLimits.LargestBytes);
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.ModelBinderProviders.Insert(0, new CheckboxBinderProvider()));

// Pages: everything needs a login unless listed as public here.
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/", Roles.Professional);
    o.Conventions.AuthorizeFolder("/Beheer", Roles.Beheerder);
    o.Conventions.AuthorizeFolder("/Veelbezoekers", Roles.Projectleider);
    o.Conventions.AuthorizeFolder("/Opvolging", Roles.Projectleider);
    o.Conventions.AuthorizeFolder("/Toezicht", Roles.Projectleider);
    o.Conventions.AuthorizeFolder("/Dataset", Roles.Projectleider);
    o.Conventions.AuthorizeFolder("/Nieuwsbrieven/Beheer", Roles.Projectleider);
    o.Conventions.AuthorizeFolder("/Export", Roles.Projectleider);
    o.Conventions.AllowAnonymousToPage("/Index");
    o.Conventions.AllowAnonymousToPage("/Error");
    o.Conventions.AllowAnonymousToPage("/Account/Inloggen");
    o.Conventions.AllowAnonymousToPage("/Account/Geweigerd");
    // Password reset and the link of an invitation or reset mail: the single-use token says whose password is set.
    o.Conventions.AllowAnonymousToPage("/Account/WachtwoordVergeten");
    o.Conventions.AllowAnonymousToPage("/Account/WachtwoordInstellen");
    // After the password: the code page, and enrolment for staff who must set up two-factor first.
    o.Conventions.AuthorizePage("/Account/Inloggen/Code", PendingSignIn.CodePolicy);
    o.Conventions.AuthorizePage("/Account/Tweestapsverificatie", PendingSignIn.EnrolmentPolicy);
    o.Conventions.AllowAnonymousToFolder("/Spreekuren");
    // The unsubscribe link in a newsletter mail works without an account: its signed token says who.
    o.Conventions.AllowAnonymousToPage("/Nieuwsbrieven/Afmelden");
    // The web page of a newsletter: the signed link in its mail opens it without an account; otherwise it asks to log in.
    o.Conventions.AllowAnonymousToPage("/Nieuwsbrieven/Lezen");
});

// Observability: per-request profiling (Server-Timing, the badge, /beheer/prestaties), the health checks
// behind /health, /health/live and /health/ready, OpenTelemetry by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, JSON
// console logs outside Development. See SociaalPlein.Web/Observability.
builder.Services.AddObservability(builder.Configuration, builder.Environment);

// HSDS API: the directory as an Open Referral HSDS 3.0 API, for a logged-in user or an API key per plein.
builder.Services.AddHsdsApi();

var app = builder.Build();

// Start-up: database (migrations under an advisory lock), then a command or the demo. An early exit
// disposes the app, which stops a local cluster this process started.
var startupLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SociaalPlein.Startup");
var database = app.Services.GetRequiredService<DatabaseStartup>();
try
{
    await database.StartAsync(
        app.Configuration.GetConnectionString("SociaalPlein"),
        LocalDataFolder.For(app.Environment, app.Configuration),
        localAllowed: app.Environment.IsDevelopment(),
        startupLog, app.Lifetime.ApplicationStopping,
        whileLocked: (lockConnection, ct) => BackgroundJobs.PrepareAsync(app.Services, lockConnection, ct),
        configuredApp: app.Configuration.GetConnectionString("SociaalPleinApp"));
}
catch (DatabaseStartupException e)
{
    startupLog.LogCritical("Sociaal Plein cannot start: {Reason}", e.Message);
    await app.DisposeAsync();
    return 1;
}
if (args is ["create-admin", ..])
{
    var exitCode = await AdminCommand.RunAsync(app.Services, args, Console.IsInputRedirected ? Console.In : null, Console.Out, Console.Error);
    await app.DisposeAsync();
    return exitCode;
}
// Demo accounts have a published password: only on the private local cluster, or when asked for explicitly.
if (app.Environment.IsDevelopment() && (database.UsesLocalCluster || app.Configuration.GetValue<bool>("SociaalPlein:SeedDemo")))
    await DemoStartup.SeedAndAnnounceAsync(app);

// Web hardening: the real client address behind a configured proxy; security headers on every response.
app.UseForwardedClientAddress(app.Configuration);
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    // A body Kestrel refused (too large, malformed) keeps its 4xx, a form nobody could read (too many fields, a key too
    // long) is a 400; anything else of ours is a 500. All with the Dutch page.
    StatusCodeSelector = e => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    },
});
app.UseMiddleware<ErrorPageFallback>();
app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}
// Observability: profile every request; a GET whose pooled database connection broke (a database restart) runs once more.
app.UseRequestProfiling();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(dutch),
    SupportedCultures = [dutch],
    SupportedUICultures = [dutch],
});
app.UseStaticFiles();
app.UseRouting();
// Web hardening: body size per endpoint, before anything reads a form; then the NUL guard and the rate limiter read it.
app.UseMiddleware<RequestSizeLimits>();
app.UseMiddleware<NulByteGuard>();
app.UseRateLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapRazorPages();
// Background jobs: the Hangfire dashboard, beheerders only.
app.MapJobDashboard();
// Observability: /health (database), /health/live (process), /health/ready (database, job storage, migrations).
app.MapHealthEndpoints();
// Newsletter: RFC 8058 one-click unsubscribe, POSTed by mail programs from the List-Unsubscribe header.
AfmeldenEenKlik.Map(app);

// HSDS API: /api/hsds/* (README: it replaced /api/gids/*).
app.MapHsdsApi();

await app.RunAsync();
return 0;

public partial class Program;
