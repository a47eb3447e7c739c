
namespace SociaalPlein.Web.Pages.Bezoekers;

/// <summary>How the register reads on the visitor pages.</summary>
public static class BezoekerFormat
{
    public static string Kind(string kind) => kind == "inloop" ? "Inloop" : "Spreekuur";

    public static string Status(string status) => SociaalPlein.Data.Verwijzingen.ReferralStatus.Label(status);
}
