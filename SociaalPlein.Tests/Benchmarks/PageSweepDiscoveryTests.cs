using SociaalPlein.Tests.Security;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The page sweep's discovery, in the default test run (the sweep itself needs the region and minutes): a page added
/// with route parameters but no recipe fails here at once, not only when the benchmark next runs.
/// </summary>
public sealed class PageSweepDiscoveryTests : AppFixture
{
    [Test]
    public void Every_endpoint_is_swept_or_left_out_with_a_reason()
    {
        var (pages, leftOut) = PageSweepBenchmark.Discover(App.Services);

        Assert.That(pages.Count + leftOut.Count, Is.EqualTo(AuthorizationMatrixTests.Endpoints(App.Services).Count));
        Assert.That(pages.Select(p => p.Pattern), Does.Contain("/verwijzingen/{id:int}").And.Contain("/gids").And.Contain("/api/hsds/services"));
        Assert.That(leftOut, Has.All.Contain(":"), "each left-out page says why");
    }

    [Test]
    public void Every_recipe_address_names_only_objects_the_sweep_arranges()
    {
        var ids = PageSweepRecipes.ObjectNames.ToDictionary(n => n, _ => "1");
        SweepAsker[] askers =
        [
            new(Asker.Anonymous, null, null), new(Asker.Professional, PageSweepRecipes.Busiest, "p"), new(Asker.Professional, PageSweepRecipes.Typical, "p"),
            new(Asker.Projectleider, PageSweepRecipes.Busiest, "pl"), new(Asker.Projectleider, PageSweepRecipes.Typical, "pl"), new(Asker.Beheerder, null, "b"),
        ];

        var urls = (from recipe in PageSweepRecipes.Recipes
                    from asker in askers
                    from variant in recipe.Value.For(asker, recipe.Key)
                    select SecurityWorld.Fill(variant.Url, ids)).ToList();

        Assert.That(urls, Is.Not.Empty);
        Assert.That(urls.Where(u => !u.StartsWith('/') || u.Contains('{')), Is.Empty, "every address filled in");
    }
}
