using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>
/// RFC 8058 one-click unsubscribe: a mail program POSTs "List-Unsubscribe=One-Click" to the address in the mail's
/// List-Unsubscribe header. No page, no login and no antiforgery token: the signed subscriber id is the proof.
/// </summary>
public static class AfmeldenEenKlik
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(UnsubscribeLinks.OneClickPath, async (string? t, UnsubscribeLinks links, NewsletterSubscribers subscribers, CancellationToken ct) =>
        {
            if (links.SubscriberId(t) is not int id) return Results.BadRequest();
            await subscribers.UnsubscribeAsync(id, pleinId: null, ct);
            return Results.Ok();
        }).AllowAnonymous().DisableAntiforgery();
}
