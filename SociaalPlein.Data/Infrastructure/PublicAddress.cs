using Microsoft.Extensions.Configuration;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>
/// The address users reach the platform at (<c>SociaalPlein:PublicBaseUrl</c>), for links in e-mails, which are
/// written outside any request.
/// </summary>
public sealed class PublicAddress
{
    public const string DefaultBaseUrl = "http://localhost:5000";

    readonly Uri _base;

    public PublicAddress(string? baseUrl)
    {
        var value = string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : baseUrl.Trim();
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"SociaalPlein:PublicBaseUrl must be an absolute http(s) address, not '{value}'.");
        _base = parsed;
    }

    public static PublicAddress From(IConfiguration config) => new(config["SociaalPlein:PublicBaseUrl"]);

    /// <summary>The absolute link to a path of the app, e.g. <c>Link("/profiel")</c>.</summary>
    public string Link(string path) => new Uri(_base, path.TrimStart('/')).ToString();
}
