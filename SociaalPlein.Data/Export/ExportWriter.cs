using System.Buffers;

namespace SociaalPlein.Data.Export;

/// <summary>What an export file says about itself beyond its rows (the XLSX "Toelichting" sheet shows it).</summary>
public sealed record ExportSummary(
    ExportTable Table, IReadOnlyList<string> Filters, ExportOptions Options, DateTimeOffset ExportedAt, string ExportedBy,
    IReadOnlyList<ExportLeefgebied> Leefgebieden);

/// <summary>
/// Writes one export file to a response stream as the rows arrive. CsvHelper and OpenXml write synchronously; they
/// write into a <see cref="Spool"/> in memory, which is handed to the (asynchronous) response every
/// <see cref="RowsPerDrain"/> rows. So memory holds one batch, never the file, and a client that reads slowly slows
/// the query down instead of filling the server.
/// </summary>
public abstract class ExportWriter : IAsyncDisposable
{
    public const int RowsPerDrain = 256;

    readonly Stream _target;
    int _rowsSinceDrain;

    protected ExportWriter(Stream target) => _target = target;

    protected Spool Output { get; } = new();

    /// <summary>Rows whose bytes have been handed to the response stream.</summary>
    public long RowsDelivered { get; private set; }

    public abstract string ContentType { get; }

    public abstract void Begin(IReadOnlyList<ExportColumn> columns, ExportSummary summary);
    /// <summary>Starts a row; then one call per column, in the columns' order; then <see cref="EndRowAsync"/>.</summary>
    public virtual void BeginRow() { }
    public abstract void Text(string? value);
    public abstract void Integer(int? value);
    public abstract void Decimal(decimal? value);
    public abstract void Date(DateOnly? value);
    public abstract void Flag(bool? value);
    protected abstract void EndRow();
    /// <summary>Writes what comes after the last row (the XLSX's codebook and package parts) into the spool.</summary>
    protected abstract void Finish(long rows);
    /// <summary>Moves what the formatter still holds into the spool.</summary>
    protected abstract void FlushToSpool();

    public async ValueTask EndRowAsync(CancellationToken ct)
    {
        EndRow();
        if (++_rowsSinceDrain < RowsPerDrain) return;
        FlushToSpool();
        await DrainAsync(ct);
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        Finish(RowsDelivered + _rowsSinceDrain);
        await DrainAsync(ct);
        await _target.FlushAsync(ct);
    }

    async ValueTask DrainAsync(CancellationToken ct)
    {
        await Output.DrainToAsync(_target, ct);
        RowsDelivered += _rowsSinceDrain;
        _rowsSinceDrain = 0;
    }

    public virtual ValueTask DisposeAsync()
    {
        Output.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// OWASP's rule against formula injection: a text that starts with =, +, -, @, tab or carriage return gets a
    /// leading apostrophe, so a spreadsheet shows it as text and never runs it. For CSV and XLSX alike.
    /// </summary>
    public static string? Inert(string? text) =>
        text is [('=' or '+' or '-' or '@' or '\t' or '\r'), ..] ? "'" + text : text;
}

/// <summary>A write-only stream into pooled memory, drained asynchronously to the real target.</summary>
public sealed class Spool : Stream
{
    byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    int _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes.Length));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DrainToAsync(Stream target, CancellationToken ct)
    {
        if (_length == 0) return;
        await target.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
        base.Dispose(disposing);
    }
}
