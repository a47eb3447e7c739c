using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>
/// The filters of an export as the page's form and the bookmarkable file URLs carry them
/// (<c>?plein=1&amp;van=2026-01-01&amp;tot=2026-03-31&amp;leefgebied=financien&amp;domein=sociaal&amp;vrijetekst=ja&amp;vast=ja</c>, or
/// <c>kwartaal=2026-Q1</c> instead of van/tot), read into an <see cref="ExportFilter"/> or into Dutch problems per field.
/// Left out, plein means every plein the account may export. A file URL without a period (or with
/// <c>kwartaal=alles</c>) exports everything: van the day the first of the pleinen opened, tot today. The form itself,
/// opened without a period, shows the last closed quarter (<see cref="Read"/>'s <c>noPeriod</c>): what a report is
/// usually about, and counting three years of a region for a page that has not been asked anything yet takes seconds.
/// </summary>
public sealed class ExportForm
{
    public static readonly string[] Fields = ["plein", "van", "tot", "kwartaal", "leefgebied", "domein", "vrijetekst", "vast"];

    public const int FirstYear = 2000;

    /// <summary>The kwartaal choice for the whole history: from the first opening up to today.</summary>
    public const string WholeHistory = "alles";

    readonly Dictionary<string, string> _values;

    ExportForm(Dictionary<string, string> values) => _values = values;

    /// <summary>A field's value as entered (for the form and the links); empty when absent.</summary>
    public string this[string field] => _values.GetValueOrDefault(field, "");

    public Dictionary<string, string> Problems { get; } = [];

    /// <summary>The plein asked for exists but is not the account's, or the account has none (audited as refused).</summary>
    public bool NotYours { get; private set; }

    /// <summary>
    /// The plein asked for is unknown, malformed or another's: one message for all three and 404 on a file URL,
    /// so trying ids tells nobody which pleinen exist.
    /// </summary>
    public bool PleinNotFound { get; private set; }

    public const string NoSuchPlein = "Dit plein bestaat niet of je hebt er geen toegang toe. Kies een plein uit de lijst.";

    public ExportFilter? Filter { get; private set; }
    public ExportOptions Options { get; private set; } = new();
    public IReadOnlyList<DatasetPlein> Pleinen { get; private set; } = [];
    public ExportLeefgebied? Leefgebied { get; private set; }
    public Quarter? Kwartaal { get; private set; }

    /// <summary>No period was asked for, so the form chose <see cref="Kwartaal"/> itself.</summary>
    public bool PeriodChosenForYou { get; private set; }

    public bool IsValid => Filter is not null;

    /// <summary>
    /// Reads and checks the query. With <paramref name="noPeriod"/> given and no kwartaal, van or tot asked for, that
    /// quarter is chosen as if the user had (the form shows it selected, its links carry it).
    /// </summary>
    public static ExportForm Read(IQueryCollection query, ExportChoices choices, DateOnly today, Quarter? noPeriod = null)
    {
        var form = new ExportForm(Fields.ToDictionary(f => f, f => query[f].ToString().Trim()));
        if (noPeriod is { } q && form["kwartaal"] == "" && form["van"] == "" && form["tot"] == "")
        {
            form._values["kwartaal"] = q.Key;
            form.PeriodChosenForYou = true;
        }
        form.Check(choices, today);
        return form;
    }

    void Check(ExportChoices choices, DateOnly today)
    {
        Pleinen = ChoosePleinen(choices);
        var (van, tot) = Period(today);
        var leefgebied = this["leefgebied"];
        if (leefgebied != "")
        {
            Leefgebied = choices.Leefgebieden.FirstOrDefault(l => l.Code == leefgebied);
            if (Leefgebied is null) Problems["leefgebied"] = "Dit leefgebied bestaat niet. Kies er een uit de lijst.";
        }
        var domein = this["domein"];
        if (domein != "" && !Domeinen.Codes.Contains(domein)) Problems["domein"] = "Kies medisch, sociaal, welzijn of overig, of laat het domein leeg.";
        Options = new ExportOptions(FreeText: YesNo("vrijetekst"), StablePseudonyms: YesNo("vast"));
        if (Problems.Count > 0 || NotYours || Pleinen.Count == 0) return;

        var opened = Pleinen.Min(p => p.OpenedOn);
        van ??= opened < today ? opened : today;
        tot ??= today;
        Filter = new ExportFilter(Pleinen.Select(p => p.Id).ToList(), van.Value, tot.Value, Leefgebied?.Id, domein == "" ? null : domein);
    }

    IReadOnlyList<DatasetPlein> ChoosePleinen(ExportChoices choices)
    {
        var plein = this["plein"];
        if (choices.Pleinen.Count == 0)
        {
            NotYours = true;
            Problems["plein"] = "Je account is nog niet aan een plein gekoppeld. Vraag de beheerder om dat te doen.";
            return [];
        }
        if (plein == "" || plein == "alle") return choices.Pleinen;
        if (!int.TryParse(plein, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !choices.AllPleinIds.Contains(id))
        {
            PleinNotFound = true;
            Problems["plein"] = NoSuchPlein;
            return [];
        }
        var mine = choices.Pleinen.FirstOrDefault(p => p.Id == id);
        if (mine is null)
        {
            NotYours = PleinNotFound = true;
            Problems["plein"] = NoSuchPlein;
            return [];
        }
        return [mine];
    }

    (DateOnly? Van, DateOnly? Tot) Period(DateOnly today)
    {
        var last = new DateOnly(today.Year + 1, 12, 31);
        var range = $"Kies een datum tussen 1 januari {FirstYear} en {PleinTime.DateText(last)}.";
        DateOnly? Date(string field)
        {
            var text = this[field];
            if (text == "") return null;
            if (FormDate.Parse(text) is not DateOnly d) Problems[field] = "Vul een geldige datum in, bijvoorbeeld 2026-01-31.";
            else if (d.Year < FirstYear || d > last) Problems[field] = range;
            else return d;
            return null;
        }
        var van = Date("van");
        var tot = Date("tot");
        var kwartaal = this["kwartaal"];
        if (kwartaal != "")
        {
            if (this["van"] != "" || this["tot"] != "")
                Problems["kwartaal"] = "Kies een kwartaal óf een periode van–tot, niet allebei.";
            else if (kwartaal == WholeHistory) return (null, null);
            else if (!Quarter.TryParse(kwartaal, out var q)) Problems["kwartaal"] = "Kies een kwartaal als 2026-Q1.";
            else if (q.Start > last) Problems["kwartaal"] = range;
            else
            {
                Kwartaal = q;
                return (q.Start, q.LastDay);
            }
        }
        if (van > tot) Problems["tot"] = "De einddatum ligt vóór de begindatum. Draai ze om.";
        return (van, tot);
    }

    bool YesNo(string field)
    {
        switch (this[field].ToLowerInvariant())
        {
            case "" or "nee" or "false" or "0": return false;
            case "ja" or "true" or "on" or "1": return true;
            default:
                Problems[field] = "Gebruik ja, of laat dit leeg.";
                return false;
        }
    }

    /// <summary>The query string of this filter (only the fields in use), for the file links and the way back to the form.</summary>
    public string Query(params (string Field, string Value)[] overrides)
    {
        var pairs = Fields.Select(f => (Field: f, Value: this[f]))
            .Select(p => overrides.FirstOrDefault(o => o.Field == p.Field) is { Field: not null } o ? o : p)
            .Where(p => p.Value != "");
        return QueryString.Create(pairs.Select(p => new KeyValuePair<string, string?>(p.Field, p.Value))).ToUriComponent();
    }

    /// <summary>The filters in Dutch, for the codebook sheet.</summary>
    public IReadOnlyList<string> Describe(ExportChoices choices)
    {
        var f = Filter ?? throw new InvalidOperationException("The form is not valid.");
        // "Alle pleinen" only says something when there are several to choose from; one plein is named as it is.
        var pleinen = Pleinen.Count > 1 && f.Pleinen.Count == choices.Pleinen.Count && this["plein"] is "" or "alle"
            ? $"alle {Pleinen.Count} pleinen ({string.Join(", ", Pleinen.Select(p => p.Name))})"
            : string.Join(", ", Pleinen.Select(p => p.Name));
        return
        [
            $"{(Pleinen.Count > 1 ? "Pleinen" : "Plein")}: {pleinen}",
            $"Periode: {PleinTime.DateText(f.Van)} tot en met {PleinTime.DateText(f.Tot)}" + (Kwartaal is { } q ? $" ({q})" : ""),
            $"Leefgebied: {(Leefgebied is { } l ? $"{l.Name} ({l.Code})" : "alle")}",
            $"Domein: {f.Domein ?? "alle"}",
        ];
    }

    /// <summary>The filters as the audit entry records them: facts, no personal data.</summary>
    public object AuditFilters() => new
    {
        plein = Filter?.Pleinen ?? [],
        plein_gevraagd = this["plein"] == "" ? "alle" : this["plein"],
        van = Filter?.Van.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        tot = Filter?.Tot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        kwartaal = Kwartaal?.Key,
        leefgebied = Leefgebied?.Code,
        domein = Filter?.Domein,
    };
}
