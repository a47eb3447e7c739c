using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Verwijzingen;

/// <summary>
/// The referral lists: inkomend (what the account or its organisation received), uitgaand (what it sent) and, for a
/// projectleider or beheerder, alle (of their pleinen). Every list is a GET whose state is in the query string; a
/// value that makes no sense is named and ignored, never an error page. A list shows each referral's zorgvraag, which
/// is about a person, so every view is audited once, naming the referrals it showed.
/// </summary>
public sealed class IndexModel(ReferralLists lists, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxPage = ReferralListQuery.MaxPage;

    [BindProperty(SupportsGet = true, Name = "tab")] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "van")] public string? Van { get; set; }
    [BindProperty(SupportsGet = true, Name = "tot")] public string? Tot { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int Pagina { get; set; } = 1;

    public ReferralListPage Result { get; private set; } = ReferralListPage.Empty;
    public List<string> Notices { get; } = [];
    public bool MaySeeAll => User.IsAtLeast(Roles.Projectleider);
    public int PageCount => Math.Clamp((Result.Total + ReferralListQuery.PageSize - 1) / ReferralListQuery.PageSize, 1, MaxPage);

    /// <summary>A count as the tabs and the heading show it: past the cap only "meer dan".</summary>
    public static string Count(int count) =>
        ReferralListPage.IsCapped(count) ? $"meer dan {ReferralListQuery.CountCap:N0}" : count.ToString("N0");

    /// <summary>
    /// The same list narrowed to the last 30 days, offered when a selection was too large to show in time; if it
    /// already was that narrow, only the open referrals of those days.
    /// </summary>
    public string NarrowerLink()
    {
        var today = PleinTime.Today(clock);
        var van = today.AddDays(-30).ToString("yyyy-MM-dd");
        var already = Van == van && Tot == today.ToString("yyyy-MM-dd");
        var pairs = new List<(string Key, string? Value)>
        {
            ("tab", Tab), ("status", already && string.IsNullOrEmpty(Status) ? ReferralTab.AllOpen : Status),
            ("van", van), ("tot", today.ToString("yyyy-MM-dd")),
        };
        return ListUrl(pairs);
    }

    /// <summary>The status filter's choices: any open one, waiting for a reply, or one status.</summary>
    public static IEnumerable<(string Value, string Label)> StatusChoices =>
        [(ReferralTab.AllOpen, "Open (nog niet afgesloten)"), (ReferralTab.Waiting, "Wacht op reactie (14 dagen niets gebeurd)"),
         .. ReferralStatus.All.Select(s => (s, ReferralStatus.Label(s)))];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (ModelState.ErrorCount > 0) Notices.Add("Het paginanummer is niet geldig en is genegeerd.");
        ModelState.Clear();
        var query = CleanQuery();
        Result = await lists.LoadAsync(User.UserId(), query, clock.GetUtcNow(), ct);
        if (Result.Total > 0 && Pagina > PageCount)
        {
            Notices.Add($"Pagina {Pagina} bestaat niet; je ziet de laatste pagina.");
            Pagina = PageCount;
            Result = await lists.LoadAsync(User.UserId(), query with { Page = Pagina }, clock.GetUtcNow(), ct);
        }
        // One entry per view rather than one per row: the ids say whose zorgvraag was on the screen.
        await audit.WriteAsync(PageAudit.Entry(this, ReferralLists.ListAction, allowed: true, "referral",
            detail: new { tab = Tab, page = Pagina, referrals = Result.Rows.Select(r => r.Id).ToArray() }), ct);
    }

    ReferralListQuery CleanQuery()
    {
        var tab = Tab switch
        {
            ReferralTab.Inkomend or ReferralTab.Uitgaand => Tab,
            ReferralTab.Alle when MaySeeAll => Tab,
            _ => null,
        };
        if (tab is null && !string.IsNullOrEmpty(Tab)) Notices.Add("Die lijst bestaat niet; je ziet de inkomende verwijzingen.");
        Tab = tab ??= ReferralTab.Inkomend;
        if (!string.IsNullOrEmpty(Status) && StatusChoices.All(s => s.Value != Status))
        {
            Notices.Add("Het statusfilter had een onbekende waarde en is genegeerd.");
            Status = null;
        }
        var van = Date(Van, "van");
        var tot = Date(Tot, "tot en met");
        if (van > tot)
        {
            Notices.Add("De begindatum lag na de einddatum; ze zijn omgedraaid.");
            (van, tot) = (tot, van);
            (Van, Tot) = (Tot, Van);
        }
        if (Pagina < 1 || Pagina > MaxPage)
        {
            Notices.Add("Dat paginanummer bestaat niet; je ziet de eerste pagina.");
            Pagina = 1;
        }
        return new ReferralListQuery(tab, string.IsNullOrEmpty(Status) ? null : Status, van, tot, Pagina);
    }

    DateOnly? Date(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (FormDate.Parse(text) is DateOnly d) return d;
        Notices.Add($"De datum '{what}' is niet geldig en is genegeerd; gebruik bijvoorbeeld 2026-11-23.");
        return null;
    }

    /// <summary>The current list with some parameters changed, for the tabs and the paging.</summary>
    public string Link(string? tab = null, int? pagina = null, bool keepFilter = true)
    {
        var pairs = new List<(string Key, string? Value)> { ("tab", tab ?? Tab) };
        if (keepFilter) pairs.AddRange([("status", Status), ("van", Van), ("tot", Tot)]);
        if (pagina is > 1) pairs.Add(("pagina", pagina.Value.ToString()));
        return ListUrl(pairs);
    }

    static string ListUrl(IEnumerable<(string Key, string? Value)> pairs) =>
        "/verwijzingen?" + string.Join("&", pairs.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
}
