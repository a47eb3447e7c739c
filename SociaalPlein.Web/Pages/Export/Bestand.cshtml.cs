using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>
/// A download: <c>/export/{dataset}.csv</c> (Dutch Excel), <c>/export/{dataset}.standaard.csv</c> (RFC 4180) or
/// <c>/export/{dataset}.xlsx</c>, with the filters of <see cref="ExportForm"/> in the query string. An unknown file is
/// 404; bad filters are 400, and an unknown or another's plein 404 (one message for both), each with a Dutch page
/// saying why, never an empty file.
/// <para>
/// The rows stream from PostgreSQL into the response. When the stream ends, one audit entry records who (role,
/// address), what (dataset, filters, format, the privacy choices) and how many rows were handed to the response. A
/// client that goes away cancels the query; the entry is still written, with <c>completed: false</c> and the rows
/// handed over until then (a data leak is only as big as what left the server). A failure midway aborts the
/// connection, so a half file is never taken for a whole one.
/// </para>
/// </summary>
public sealed class BestandModel(ExportQuery export, AuditLog audit, TimeProvider clock, ILogger<BestandModel> log) : PageModel
{
    public ExportForm? Form { get; private set; }

    public async Task<IActionResult> OnGetAsync(string bestand, CancellationToken ct)
    {
        if (ExportFile.Parse(bestand) is not { } file) return NotFound();
        Response.Headers.CacheControl = "no-store";
        var choices = await export.ChoicesAsync(User.UserId(), ct);
        var form = Form = ExportForm.Read(Request.Query, choices, PleinTime.Today(clock));
        if (await RefusedAsync(file, form, ct)) return Page();

        var started = clock.GetUtcNow();
        var writer = StartFile(file, form.Filter!);
        await StreamAndAuditAsync(file, form, writer, Summary(file, form, choices, started), started);
        return new EmptyResult();
    }

    /// <summary>Sets the status of a refused download (its page says why); another's plein is audited as refused.</summary>
    async Task<bool> RefusedAsync(ExportFile file, ExportForm form, CancellationToken ct)
    {
        if (form.NotYours) await audit.WriteAsync(Entry(file, form, allowed: false, new { }), ct);
        // Another's plein answers as an unknown one does; an account without any plein is refused as such.
        Response.StatusCode = form.PleinNotFound ? StatusCodes.Status404NotFound
            : form.NotYours ? StatusCodes.Status403Forbidden
            : form.Filter is null ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        return Response.StatusCode != StatusCodes.Status200OK;
    }

    /// <summary>What the summary sheet (or the CSV's opening lines) says about this file.</summary>
    ExportSummary Summary(ExportFile file, ExportForm form, ExportChoices choices, DateTimeOffset started) =>
        new(file.Table, form.Describe(choices), form.Options, started,
            $"{User.Identity?.Name} ({Roles.DisplayName(User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "")})", choices.Leefgebieden);

    /// <summary>The response's headers for a download of <paramref name="file"/>, and the writer of its body.</summary>
    ExportWriter StartFile(ExportFile file, ExportFilter filter)
    {
        var writer = file.Writer(Response.Body);
        Response.ContentType = writer.ContentType;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = file.FileName(filter) }.ToString();
        Response.Headers.XContentTypeOptions = "nosniff";
        return writer;
    }

    /// <summary>
    /// Streams the rows, then writes the audit entry whatever happened: completed, the client gone, or failed midway
    /// (the connection aborted, so a half file is never taken for a whole one). A failure before the first byte goes on
    /// to the error page after its entry.
    /// </summary>
    async Task StreamAndAuditAsync(ExportFile file, ExportForm form, ExportWriter writer, ExportSummary summary, DateTimeOffset started)
    {
        var aborted = HttpContext.RequestAborted;
        var completed = false;
        string? failure = null;
        try
        {
            await export.WriteAsync(file.Table, form.Filter!, form.Options, writer, summary, aborted);
            completed = true;
        }
        catch (Exception e) when (aborted.IsCancellationRequested)
        {
            failure = "client_disconnected";
            log.LogInformation("Export {Table} stopped: the client went away ({Error}).", file.Table.Name, e.GetType().Name);
        }
        catch (Exception e) when (Response.HasStarted)
        {
            failure = "server_error";
            log.LogError(e, "Export {Table} failed midway; the connection is aborted.", file.Table.Name);
            HttpContext.Abort();
        }
        finally
        {
            await writer.DisposeAsync();
            if (!completed) failure ??= "server_error";
            // Written whatever happened: the client may be gone, the entry must not be.
            await audit.WriteAsync(Entry(file, form, allowed: true, new
            {
                rows = writer.RowsDelivered,
                completed,
                failure,
                started_at = started,
                stable_pseudonyms = form.Options.StablePseudonyms,
                free_text = form.Options.FreeText && file.Table.HasFreeText,
            }), CancellationToken.None);
        }
    }

    AuditEntry Entry(ExportFile file, ExportForm form, bool allowed, object facts) =>
        PageAudit.Entry(this, ExportQuery.ExportAction, allowed, "dataset", objectId: file.Table.Name,
            pleinId: form.Filter?.Pleinen is [var only] ? only : null,
            detail: new { dataset = file.Table.Name, format = file.Format.Key, filters = form.AuditFilters(), result = facts });
}
