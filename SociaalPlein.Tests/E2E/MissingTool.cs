namespace SociaalPlein.Tests.E2E;

/// <summary>
/// A program from the machine that the browser tests (or the topology tests) need and cannot find. On a developer's machine the tests are
/// ignored, saying what to install, and the rest of the run passes; under CI (CI=true, set by .ci/run, which installs
/// them) they fail, so a missing program never passes unnoticed.
/// </summary>
public static class MissingTool
{
    public static void Stop(string what, string debianPackage, string tests = "the browser tests")
    {
        var message = $"No {what}: install it with `apt-get install {debianPackage}` (Debian; as root) to run {tests}.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message + " CI runs them, so this fails the run.");
        Assert.Ignore(message);
    }
}
