using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>The demo directory (two pleinen) behind the app, and a colleague of Nieuwland signed in to ask the API.</summary>
public abstract class HsdsDemoFixture : AppFixture
{
    protected HttpClient Colleague { get; private set; } = null!;

    protected override async Task ArrangeAsync()
    {
        await GidsApiArrange.SeedDemoAsync(Db);
        await Arrange.UserAsync(Db, "collega@test.nl", "professional", [await GidsApiArrange.PleinIdAsync(Db, "Sociaal Plein Nieuwland")]);
    }

    [OneTimeSetUp]
    public async Task SignInColleague()
    {
        Colleague = App.Browser();
        Assert.That((await Colleague.LogInAsync("collega@test.nl", Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [OneTimeTearDown]
    public void SignOutColleague() => Colleague.Dispose();
}
