using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// Rows for <c>COPY … FROM STDIN (FORMAT BINARY)</c>, encoded here and written to Npgsql's raw binary COPY stream.
/// Npgsql's <see cref="NpgsqlBinaryImporter"/> resolves a converter for every value (about 200 ns each): for the region's
/// 110 million values that was a quarter of the machine's two cores. The format (PostgreSQL docs, "COPY", binary format):
/// a header, per row a 16-bit field count and per field a 32-bit length (−1 for NULL) and the value in network byte order;
/// dates count days and timestamps microseconds from 2000-01-01 (UTC).
/// </summary>
public sealed class BinaryCopyWriter : IDisposable
{
    static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
    static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    readonly NpgsqlRawCopyStream _copy;
    readonly short _fields;
    readonly byte[] _buffer = new byte[1 << 16];
    int _used;
    bool _completed;

    /// <summary>Starts the COPY of <paramref name="columns"/> (comma-separated) into <paramref name="table"/>.</summary>
    public BinaryCopyWriter(NpgsqlConnection conn, string table, string columns)
    {
        _fields = (short)columns.Split(',').Length;
        _copy = conn.BeginRawBinaryCopy($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)");
        Header.CopyTo(_buffer, 0);
        _used = Header.Length;
    }

    Span<byte> Take(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
        var span = _buffer.AsSpan(_used, bytes);
        _used += bytes;
        return span;
    }

    void Flush()
    {
        _copy.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void StartRow() => BinaryPrimitives.WriteInt16BigEndian(Take(2), _fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    public void Int(int value)
    {
        var span = Take(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
    }

    public void Int(int? value)
    {
        if (value is { } v) Int(v);
        else Null();
    }

    public void Long(long value)
    {
        var span = Take(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
    }

    public void Short(short value)
    {
        var span = Take(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
    }

    public void Bool(bool value)
    {
        var span = Take(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
    }

    public void Date(DateOnly value) => Int(value.DayNumber - EpochDay);

    public void Time(TimeOnly value) => Long(value.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <param name="utc">A UTC time, for a <c>timestamptz</c> column.</param>
    public void Instant(DateTime utc) => Long((utc.Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond);

    public void Uuid(Guid value)
    {
        var span = Take(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var span = Take(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _used -= span.Length - 4 - length;
    }

    /// <summary>Ends the COPY: the trailer, and the server's confirmation (an error in a row surfaces here).</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
        Flush();
        _copy.Dispose();
        _completed = true;
    }

    /// <summary>Without <see cref="Complete"/>, cancels the COPY.</summary>
    public void Dispose()
    {
        if (_completed) return;
        _copy.Cancel();
        _copy.Dispose();
    }
}
