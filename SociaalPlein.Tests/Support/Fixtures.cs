namespace SociaalPlein.Tests.Support;

/// <summary>A test class with its own database, created before its first test and dropped after its last.</summary>
public abstract class DatabaseFixture
{
    FixtureDatabase? _db;

    protected FixtureDatabase Db => _db ?? throw new InvalidOperationException("The fixture database is not created yet.");

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _db = await OpenDatabaseAsync();
        await ArrangeAsync();
    }

    /// <summary>The fixture's database: a fresh one of its own, unless a fixture shares one (the benchmarks' region).</summary>
    protected virtual Task<FixtureDatabase> OpenDatabaseAsync() => TestDatabase.CreateAsync();

    /// <summary>Whether the database is the fixture's own, to drop when it is done.</summary>
    protected virtual bool OwnsDatabase => true;

    /// <summary>Rows the whole class reads; tests that change data arrange their own.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_db is not null && OwnsDatabase) await _db.DisposeAsync();
    }
}

/// <summary>A test class with its own database and the real app running on it.</summary>
public abstract class AppFixture : DatabaseFixture
{
    AppFactory? _app;

    protected AppFactory App => _app ??= new AppFactory(Db, Environment, Clock, Settings, TestServices);

    /// <summary>The environment the fixture's app runs in; Testing unless a fixture needs what only Development allows.</summary>
    protected virtual string Environment => "Testing";

    /// <summary>The app's clock; a fixture that needs a fixed "now" returns a FakeTimeProvider.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Configuration the fixture's app starts with (read once, after ArrangeAsync).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>Services added after the app's own, such as a benchmark's measuring hook.</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? TestServices => null;

    // NUnit runs a derived class's OneTimeTearDown before the base's: the app stops before its database goes.
    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
