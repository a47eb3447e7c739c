namespace SociaalPlein.Data.Demo;

/// <summary>
/// Zorgvragen as a referrer would type them: short, neutral, never a diagnosis (design.md §4), with the
/// optional category. Also the reasons a referral is refused or not reached.
/// </summary>
internal static class DemoZorgvragen
{
    public static readonly IReadOnlyDictionary<string, (string Text, string? Category)[]> ByLeefgebied =
        new Dictionary<string, (string, string?)[]>
        {
            ["financien"] =
            [
                ("Hulp bij ordenen van post en rekeningen", "Administratie"), ("Betalingsachterstanden bij energie en huur", "Schulden"),
                ("Vragen over toeslagen en aanvragen", "Inkomen & toeslagen"), ("Kan de boodschappen niet meer betalen", "Inkomen & toeslagen"),
                ("Wil overzicht in inkomsten en uitgaven", "Budget"), ("Aanmaningen van een incassobureau", "Schulden"),
                ("Hulp bij aanvraag bijzondere bijstand", null),
            ],
            ["werk_opleiding"] =
            [
                ("Zoekt begeleiding naar betaald werk", "Werk"), ("Hulp bij een sollicitatiebrief", "Werk"),
                ("Wil een opleiding of cursus oppakken", "Opleiding"), ("Vragen over werk na een lange periode thuis", null),
                ("Jongere zonder diploma zoekt een leerplek", "Opleiding"),
            ],
            ["dagbesteding"] =
            [
                ("Zoekt een zinvolle invulling van de dag", "Dagbesteding"), ("Wil vrijwilligerswerk gaan doen", "Vrijwilligerswerk"),
                ("Hulp bij het vinden van een dagritme", "Dagbesteding"), ("Zoekt een activiteit dicht bij huis", null),
            ],
            ["huisvesting"] =
            [
                ("Dreigende huisuitzetting door huurachterstand", "Wonen"), ("Zoekt passende woonruimte", "Wonen"),
                ("Problemen met vocht en onderhoud van de woning", "Wonen"), ("Hulp bij aanvraag van urgentie", "Wonen"),
                ("Last van burenoverlast", null),
            ],
            ["huiselijke_relaties"] =
            [
                ("Ondersteuning bij opvoedvragen", "Gezin"), ("Mantelzorger raakt overbelast", "Mantelzorg"),
                ("Hulp bij regelen van zaken na een scheiding", "Gezin"), ("Zorgen om de thuissituatie", "Veiligheid thuis"),
                ("Spanningen in het gezin", null),
            ],
            ["geestelijke_gezondheid"] =
            [
                ("Wil praten over aanhoudende zorgen", "Psychisch welbevinden"), ("Zoekt ondersteuning bij stress", "Psychisch welbevinden"),
                ("Hulp bij verwerken van een verlies", "Rouw"), ("Wil weer grip krijgen op de dag", null),
                ("Zoekt iemand om regelmatig mee te praten", "Psychisch welbevinden"),
            ],
            ["lichamelijke_gezondheid"] =
            [
                ("Wil meer bewegen", "Bewegen"), ("Hulp bij gezonder eten", "Leefstijl"), ("Zoekt een beweeggroep voor ouderen", "Bewegen"),
                ("Ondersteuning bij leefstijl na advies van de huisarts", "Leefstijl"), ("Vraag over hulp bij medicijngebruik", null),
            ],
            ["middelengebruik"] =
            [
                ("Wil minder alcohol drinken", "Middelen"), ("Zorgen over gokken", "Gokken"), ("Hulp bij stoppen met roken", "Roken"),
                ("Naaste maakt zich zorgen over gebruik", null),
            ],
            ["dagelijkse_zelfzorg"] =
            [
                ("Hulp in het huishouden nodig", "Huishouden"), ("Redt het thuis niet meer zelfstandig", "Zelfredzaamheid"),
                ("Vraag over hulpmiddelen in huis", "Wmo"), ("Hulp bij boodschappen en maaltijden", "Huishouden"),
            ],
            ["sociaal_netwerk"] =
            [
                ("Voelt zich eenzaam en zoekt contact", "Eenzaamheid"), ("Wil nieuwe mensen leren kennen", "Ontmoeting"),
                ("Zoekt een maatje om mee te wandelen", "Maatje"), ("Weinig contact sinds een verhuizing", "Eenzaamheid"),
            ],
            ["maatschappelijke_participatie"] =
            [
                ("Wil meedoen aan activiteiten in de buurt", "Meedoen"), ("Hulp bij inburgering", "Inburgering"),
                ("Zoekt een sportvereniging", "Meedoen"), ("Vraag over een bijdrage voor lidmaatschap", null),
            ],
            ["taal_digitaal"] =
            [
                ("Wil beter Nederlands leren", "Taal"), ("Hulp bij DigiD en online formulieren", "Digitaal"),
                ("Moeite met lezen en schrijven", "Taal"), ("Wil leren omgaan met de smartphone", "Digitaal"),
            ],
            ["justitie_veiligheid"] =
            [
                ("Vragen over een openstaande boete", "Justitie"), ("Ondersteuning na detentie", "Reclassering"),
                ("Voelt zich niet veilig in de buurt", "Veiligheid"), ("Hulp bij een juridische brief", "Justitie"),
            ],
        };

    public static readonly string[] RefusedReasons =
        ["Geen capaciteit", "Past niet bij aanbod", "Woont buiten werkgebied", "Hulp loopt al via een andere organisatie"];

    public static readonly string[] NotReachedReasons =
        ["Niet bereikbaar", "Telefoon wordt niet opgenomen", "Reageert niet op brief en sms"];

    public static readonly string[] CancelledReasons =
        ["Bewoner wil toch geen hulp", "Per ongeluk dubbel verstuurd", "Vraag is al opgelost"];

    public static readonly string[] ContactNotes =
        ["Afspraak gemaakt voor een huisbezoek", "Kennismakingsgesprek gepland", "Telefonisch contact gehad", "Eerste gesprek op het plein"];

    /// <summary>The weight of each leefgebied among visits: money, wellbeing and loneliness bring most residents in.</summary>
    public static readonly (string Code, float Weight)[] Popularity =
    [
        ("financien", 18), ("geestelijke_gezondheid", 12), ("sociaal_netwerk", 12), ("huisvesting", 9), ("dagelijkse_zelfzorg", 8),
        ("lichamelijke_gezondheid", 8), ("taal_digitaal", 8), ("werk_opleiding", 6), ("huiselijke_relaties", 6),
        ("maatschappelijke_participatie", 5), ("dagbesteding", 4), ("middelengebruik", 3), ("justitie_veiligheid", 1.5f),
    ];
}
