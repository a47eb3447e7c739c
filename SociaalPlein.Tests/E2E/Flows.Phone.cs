using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

// The gids on a phone: the results come first, the filters fold behind one control that says how many are in use.
public sealed partial class Flows
{
    [Test]
    public async Task On_a_phone_the_first_gids_result_is_on_the_first_screen_and_the_folded_filters_still_work()
    {
        var phone = await SignInAsync(DemoAccounts.Professional, size: PageChecks.Phone);
        await phone.GotoAsync("/gids?q=schulden");

        var first = phone.Locator(".result-card").First;
        await Expect(first).ToBeVisibleAsync();
        var box = await first.BoundingBoxAsync();
        Assert.That(box!.Y + 40, Is.LessThan(PageChecks.Phone.Height), "the first result starts inside the first screen");
        var filters = phone.Locator(".gids-fold > summary");
        await Expect(filters).ToHaveTextAsync(new Regex(@"^\W*Filters$"));
        await Expect(phone.GetByLabel("Financiën")).Not.ToBeVisibleAsync();
        await Expect(phone.Locator("#gids-eigen-plein")).ToContainTextAsync("Sociaal Plein Nieuwland staan bovenaan");

        await filters.TapAsync();
        await phone.GetByLabel("Financiën").CheckAsync();
        await Expect(phone).ToHaveURLAsync(new Regex(@"/gids\?q=schulden&leefgebied=financien$"));
        await Expect(filters).ToHaveTextAsync(new Regex(@"^\W*Filters \(1\)$"));
        await Expect(phone.Locator(".result-card").First).ToContainTextAsync("Financiën");

        // Without the script the same filters are a plain form: a reload with the filter keeps it, the summary too.
        await phone.ReloadAsync();
        await Expect(filters).ToHaveTextAsync(new Regex(@"^\W*Filters \(1\)$"));
        await Expect(phone.Locator(".result-card").First).ToContainTextAsync("Financiën");
        await LookAsync(phone, "gids-telefoon");
    }

    [Test]
    public async Task On_a_phone_the_profiling_badge_sits_below_the_page_and_covers_nothing()
    {
        var phone = await SignInAsync(DemoAccounts.Beheerder, size: PageChecks.Phone);
        await phone.GotoAsync("/gids?q=schulden");

        var badge = phone.Locator("#prestatiebadge");
        await Expect(badge).ToBeAttachedAsync();
        Assert.That(await badge.EvaluateAsync<string>("b => getComputedStyle(b).position"), Is.Not.EqualTo("fixed"));
        var footer = await phone.Locator(".site-footer").BoundingBoxAsync();
        var box = await badge.BoundingBoxAsync();
        Assert.That(box!.Y, Is.GreaterThanOrEqualTo(footer!.Y + footer.Height), "after the footer, over nothing");
    }

    [Test]
    public async Task On_a_phone_the_menu_folds_behind_one_button_and_opens_with_a_tap()
    {
        var phone = await SignInAsync(DemoAccounts.Professional, size: PageChecks.Phone);
        var header = await phone.Locator(".site-header").BoundingBoxAsync();
        Assert.That(header!.Height, Is.LessThan(80), "one line: the name and the Menu button");
        await Expect(MainMenu(phone).GetByRole(AriaRole.Link, new() { Name = "Gids" })).Not.ToBeVisibleAsync();

        await phone.Locator(".fold-menu > summary").TapAsync();
        await MainMenu(phone).GetByRole(AriaRole.Link, new() { Name = "Gids" }).TapAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/gids$"));
    }
}
