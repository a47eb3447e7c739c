using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SociaalPlein.Tests.Benchmarks;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// On Kestrel, as production runs: a body sent without a length (chunked) is counted while it is read, and stopped at
/// the form limit with 413 and the Dutch page; the test host cannot show this, it has no server limits.
/// </summary>
public sealed class KestrelLimitsTests : AppFixture
{
    Uri _address = null!;

    [OneTimeSetUp]
    public void StartServer() => _address = RealServer.Start(App);

    [Test]
    public async Task A_chunked_form_over_64_kb_is_stopped_with_413_and_the_dutch_page()
    {
        using var client = RealServer.Browser(_address);
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("Input.Email=a%40b.nl&Opvulling=" + new string('x', 200_000))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/inloggen") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Te veel gegevens"));
    }
}
