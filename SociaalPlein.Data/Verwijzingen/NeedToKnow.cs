namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// Who may see which part of the register (design.md §4, "need to know"), as SQL to compose into a query, so that
/// every list, card and action applies the same rule in the database instead of filtering rows in C#:
/// a beheerder sees everything; a projectleider everything of their own pleinen; a professional, within their own
/// pleinen, only the referrals they registered, sent or received (the receiving organisation's members included,
/// since any of them may take it up) and the visitors of those referrals or of visits they registered or helped.
/// Seeing a visitor opens their card, but a professional's card shows only their own entries (VisitorCard): registering
/// something for a visitor never shows more than what one registered; the rest of the history only by a deliberate
/// step with a reason, reviewed by the projectleider. What is not visible is answered as not found, never as forbidden.
/// </summary>
public static class NeedToKnow
{
    /// <summary>
    /// Every active account with what the rules below ask of it (id, role, professional, organisation, pleinen): the
    /// source of <see cref="Me"/>; the access report's "who could see this" applies the same rules to
    /// <see cref="AccountsAtPleinOf"/>.
    /// </summary>
    public const string Accounts = """
        SELECT u.id AS user_id, u.role, u.professional_id, p.organisation_id,
               ARRAY(SELECT up.plein_id FROM app_user_plein up WHERE up.user_id = u.id) AS pleinen
        FROM app_user u LEFT JOIN professional p ON p.id = u.professional_id
        WHERE u.active
        """;

    /// <summary>
    /// The active accounts (as <see cref="Accounts"/>) that can see referral <c>r</c> at all: the beheerders and the
    /// members of its plein. <see cref="SeesReferral"/> holds only for the beheerder's role or with r's plein among the
    /// account's pleinen, so everyone it holds for is among these; "who could see this" applies the rule to them
    /// instead of to every account of the region (80,000 account × contact pairs for one visitor at region scale).
    /// The organisation is looked up per account here, not joined as in <see cref="Accounts"/>: over these few hundred
    /// the planner otherwise hashes all 20,000 professionals of a region (35 of the 50 ms this took).
    /// </summary>
    public const string AccountsAtPleinOf = """
        SELECT u.id AS user_id, u.role, u.professional_id,
               (SELECT p.organisation_id FROM professional p WHERE p.id = u.professional_id) AS organisation_id,
               ARRAY(SELECT up.plein_id FROM app_user_plein up WHERE up.user_id = u.id) AS pleinen
        FROM (SELECT up.user_id FROM app_user_plein up WHERE up.plein_id = r.plein_id
              UNION SELECT b.id FROM app_user b WHERE b.role = 'beheerder') near
        JOIN app_user u ON u.id = near.user_id
        WHERE u.active
        """;

    /// <summary>A CTE named <c>me</c>: the asking account (parameter <c>@userId</c>); no row for an inactive account.</summary>
    public const string Me = $"""
        me AS (
            {Accounts} AND u.id = @userId)
        """;

    /// <summary>The account (<c>me</c>) is on the receiving side of referral <c>r</c>: it may move it forward.</summary>
    public const string Receives = "(r.to_professional_id = me.professional_id OR r.to_organisation_id = me.organisation_id)";

    /// <summary>The account (<c>me</c>) sent referral <c>r</c>: it registered it, or it is the referring professional.</summary>
    public const string Sent = "(r.created_by = me.user_id OR r.from_professional_id = me.professional_id)";

    /// <summary>The account (<c>me</c>) may see referral <c>r</c>.</summary>
    public const string SeesReferral = $"""
        (me.role = 'beheerder' OR (r.plein_id = ANY (me.pleinen) AND (me.role = 'projectleider' OR {Sent} OR {Receives})))
        """;

    /// <summary>The account (<c>me</c>) may see visitor <c>v</c> and their card.</summary>
    public const string SeesVisitor = $"""
        (me.role = 'beheerder' OR (v.plein_id = ANY (me.pleinen) AND (me.role = 'projectleider'
            OR v.created_by = me.user_id
            OR EXISTS (SELECT 1 FROM visit x WHERE x.visitor_id = v.id AND (x.registered_by = me.user_id OR x.helped_by = me.professional_id))
            OR EXISTS (SELECT 1 FROM referral r WHERE r.visitor_id = v.id AND ({Sent} OR {Receives})))))
        """;

    /// <summary>
    /// The account (<c>me</c>) may read the name and phone that referral <c>r</c> carried (referral_contact, and find the
    /// visitor by them): exactly those who see that referral — its two sides (the sender; the receiver and the receiving
    /// organisation's people), the plein's projectleider and the beheerder. Contact details travel with the referral that
    /// carried them (design.md §4, a warm handover): another referral for the same visitor, a visit registered for them
    /// or a card opened with a reason never shows them, and no later referral overwrites them.
    /// </summary>
    public const string SeesContact = SeesReferral;

    /// <summary>
    /// The account (<c>me</c>) oversees plein <c>n</c>: its frequent visitors and its figures. Every plein for the
    /// beheerder, their own for a projectleider, none for a professional.
    /// </summary>
    public const string OverseesPlein = "(me.role = 'beheerder' OR (me.role = 'projectleider' AND n.id = ANY (me.pleinen)))";

    /// <summary>The account (<c>me</c>) may register visits and referrals at plein <c>n</c>.</summary>
    public const string WorksAt = "(me.role = 'beheerder' OR n.id = ANY (me.pleinen))";
}
