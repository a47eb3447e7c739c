using System.Net;
using System.Net.Http.Headers;
using Dapper;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Tests.Support;

/// <summary>Arranging and driving the beheer pages: a signed-in beheerder, directory rows, uploads, history.</summary>
public static class BeheerArrange
{
    /// <summary>A browser signed in as a new account with the given role.</summary>
    public static async Task<HttpClient> SignedInAsync(AppFactory app, FixtureDatabase db, string role = "beheerder")
    {
        var email = $"{role}-{Guid.NewGuid():N}"[..24] + "@test.nl";
        await Arrange.UserAsync(db, email, role);
        var browser = app.Browser();
        var login = await browser.LogInAsync(email, Arrange.Password);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login as {role} failed.");
        return browser;
    }

    public static async Task<int> OrganisationAsync(FixtureDatabase db, string name, string domein = "sociaal", bool active = true)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "INSERT INTO organisation (name, domein, active) VALUES (@name, @domein, @active) RETURNING id", new { name, domein, active });
    }

    public static async Task<int> ProfessionalAsync(FixtureDatabase db, int organisationId, string name, string function = "welzijnscoach")
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            INSERT INTO professional (organisation_id, name, function) VALUES (@organisationId, @name, @function) RETURNING id
            """, new { organisationId, name, function });
    }

    public static async Task<int> WijkAsync(FixtureDatabase db, int pleinId, string name)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "INSERT INTO wijk (plein_id, name) VALUES (@pleinId, @name) RETURNING id", new { pleinId, name });
    }

    public static async Task<T> ScalarAsync<T>(FixtureDatabase db, string sql, object? args = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static Task<IReadOnlyList<DirectoryChangeRow>> HistoryAsync(FixtureDatabase db, string entityType, int id) =>
        DirectoryHistory.ForAsync(db.DataSource, entityType, id);

    /// <summary>The id in the address a save redirected to (/beheer/organisaties/12).</summary>
    public static int RedirectedId(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Expected a redirect after saving, got {(int)response.StatusCode}.");
        return int.Parse(response.Headers.Location!.OriginalString.Split('?')[0].Split('/')[^1]);
    }

    /// <summary>Uploads a file through the import form, with the antiforgery token the page carried, as a browser would.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string url, IDictionary<string, string> fields,
        byte[] file, string fileName, string contentType = "text/csv")
    {
        var page = await client.GetStringAsync(url);
        var token = BrowserExtensions.AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {url}");
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(content, "Bestand", fileName);
        return await client.PostAsync(url, form);
    }
}
