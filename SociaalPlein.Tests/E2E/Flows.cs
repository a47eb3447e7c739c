using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// The product's main flows, each from login to result, in one browser against one demo database: one file per flow
/// (<c>Flows.*.cs</c>). A flow arranges what it changes itself, so the flows run in any order.
/// </summary>
public sealed partial class Flows : BrowserFixture
{
    FlowPlein P = null!;

    protected override async Task ArrangeFlowsAsync() => P = await FlowArrange.NieuwlandAsync(Db);

    static ILocator MainMenu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" });
}
