using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// The audit file (<see cref="AuditLogFormat"/>): appends events with the hash chain, writes signed digests, rotates by
/// size. One thread uses it (the log's writer). Lines are flushed to the OS after every batch and to the disk at every
/// digest.
/// </summary>
internal sealed class AuditFileWriter : IDisposable
{
    private const int FileBufferSize = 64 * 1024;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private static ReadOnlySpan<byte> ChainPrefix => ",\"kmskitChain\":{\"sequence\":"u8;

    private static ReadOnlySpan<byte> PreviousPrefix => ",\"previousHash\":\""u8;

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly IAuditSigner _signer;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _digestBuffer = new(1024);
    private byte[] _line = new byte[4096];
    private FileStream _stream;
    private long _length;
    private long _sequence;
    /// <summary>The last line's SHA-256 as the 64 lowercase hex digits the next line records.</summary>
    private readonly byte[] _lastHash = new byte[64];
    private int _linesSinceDigest;
    private int _eventsInFile;

    private AuditFileWriter(string path, long maxBytes, IAuditSigner signer, TimeProvider time)
    {
        _path = path;
        _maxBytes = maxBytes;
        _signer = signer;
        _time = time;
        Encoding.ASCII.GetBytes(AuditLogFormat.GenesisHash, _lastHash);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _stream = OpenFile(path);
        try
        {
            if (ContinueExisting())
            {
                WriteDigest(AuditLogFormat.Reasons.Resume);
            }
            else
            {
                WriteDigest(AuditLogFormat.Reasons.Open);
            }

            FlushToDisk();
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/>: a new log (sequence 1), or the chain of the file already there, resumed.</summary>
    public static AuditFileWriter Open(string path, long maxBytes, IAuditSigner signer, TimeProvider time) =>
        new(Path.GetFullPath(path), maxBytes, signer, time);

    /// <summary>Appends one event (a JSON object) with its chain member.</summary>
    public void WriteEvent(ReadOnlyMemory<byte> memory)
    {
        var json = memory.Span;
        if (_eventsInFile > 0 && _length + json.Length + 160 > _maxBytes)
        {
            Rotate();
        }

        // The event's closing brace becomes ,"kmskitChain":{"sequence":N,"previousHash":"HEX"}}
        var most = json.Length + ChainPrefix.Length + 20 + PreviousPrefix.Length + _lastHash.Length + 3;
        if (_line.Length < most)
        {
            _line = new byte[Math.Max(most, _line.Length * 2)];
        }

        var line = _line.AsSpan();
        json[..^1].CopyTo(line);
        var at = json.Length - 1;
        ChainPrefix.CopyTo(line[at..]);
        at += ChainPrefix.Length;
        Utf8Formatter.TryFormat(_sequence + 1, line[at..], out var written);
        at += written;
        PreviousPrefix.CopyTo(line[at..]);
        at += PreviousPrefix.Length;
        _lastHash.CopyTo(line[at..]);
        at += _lastHash.Length;
        "\"}}"u8.CopyTo(line[at..]);
        WriteLine(line[..(at + 3)]);
        _eventsInFile++;
    }

    /// <summary>Seals the lines written since the last digest, if there are any.</summary>
    public void WriteIntervalDigest()
    {
        if (_linesSinceDigest > 0)
        {
            WriteDigest(AuditLogFormat.Reasons.Interval);
            FlushToDisk();
        }
    }

    /// <summary>Hands what was written to the OS (a crash of this process loses nothing after it).</summary>
    public void Flush() => _stream.Flush(flushToDisk: false);

    /// <summary>Seals the file with a closing digest, syncs it to disk and closes it.</summary>
    public void Dispose()
    {
        try
        {
            WriteDigest(AuditLogFormat.Reasons.Close);
            FlushToDisk();
        }
        finally
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Reads the chain's last line so that this writer goes on from it. A line torn by a crash (the file does not end
    /// with a newline) is cut off: it was never a whole event, and no later line or digest covered it.
    /// </summary>
    private bool ContinueExisting()
    {
        var length = _stream.Length;
        if (length == 0)
        {
            return false;
        }

        var lastNewline = FindLastNewline(length);
        if (lastNewline < length - 1)
        {
            _stream.SetLength(lastNewline + 1);
            length = lastNewline + 1;
            if (length == 0)
            {
                return false;
            }
        }

        var start = FindLastNewline(length - 1) + 1;
        var line = new byte[length - 1 - start];
        _stream.Position = start;
        _stream.ReadExactly(line);
        _stream.Position = length;
        _length = length;
        _sequence = ReadSequence(line) ?? throw new InvalidDataException(
            $"The audit log {_path} ends with a line that is not an audit record: check it with kmskit audit verify, and move it aside to start a new log.");
        SetLastHash(line);
        _eventsInFile = 1; // not a fresh file: the next event may rotate it
        return true;
    }

    /// <summary>The position of the last '\n' before <paramref name="end"/>, or -1.</summary>
    private long FindLastNewline(long end)
    {
        var chunk = new byte[64 * 1024];
        while (end > 0)
        {
            var start = Math.Max(0, end - chunk.Length);
            var count = (int)(end - start);
            _stream.Position = start;
            _stream.ReadExactly(chunk, 0, count);
            var at = chunk.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                return start + at;
            }

            end = start;
        }

        return -1;
    }

    private static long? ReadSequence(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty(AuditLogFormat.DigestMember, out var digest) && digest.TryGetProperty("sequence", out var sequence))
            {
                return sequence.GetInt64();
            }

            return root.TryGetProperty(AuditLogFormat.ChainMember, out var chain) && chain.TryGetProperty("sequence", out sequence)
                ? sequence.GetInt64()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private void Rotate()
    {
        WriteDigest(AuditLogFormat.Reasons.Rotate);
        FlushToDisk();
        _stream.Dispose();
        File.Move(_path, RotatedName());
        _stream = OpenFile(_path);
        _length = 0;
        _eventsInFile = 0;
        WriteDigest(AuditLogFormat.Reasons.Open);
    }

    /// <summary>FILE.EXT becomes FILE.yyyyMMddTHHmmssfffZ.EXT beside it (and -2, -3 ... should that name be taken).</summary>
    private string RotatedName()
    {
        var folder = Path.GetDirectoryName(_path)!;
        var stem = Path.GetFileNameWithoutExtension(_path);
        var extension = Path.GetExtension(_path);
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var name = Path.Combine(folder, $"{stem}.{stamp}{extension}");
        for (var n = 2; File.Exists(name); n++)
        {
            name = Path.Combine(folder, $"{stem}.{stamp}-{n}{extension}");
        }

        return name;
    }

    private void WriteDigest(string reason)
    {
        _digestBuffer.Clear();
        using (var json = new Utf8JsonWriter(_digestBuffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", AuditLogFormat.DigestVersion);
            json.WriteNumber("sequence", _sequence + 1);
            json.WriteString("previousHash", _lastHash);
            json.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("reason", reason);
            json.WriteString("file", Path.GetFileName(_path));
            json.WriteNumber("linesSinceLastDigest", _linesSinceDigest);
            json.WriteStartObject("signingKey");
            json.WriteString("algorithm", AuditLogFormat.SignatureAlgorithm);
            json.WriteString("fingerprint", _signer.Fingerprint);
            json.WriteBase64String("publicKey", _signer.PublicKey);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var signed = _digestBuffer.WrittenSpan.ToArray();
        var signature = Convert.ToBase64String(_signer.Sign(signed));
        var prefix = Encoding.UTF8.GetBytes($"{{\"{AuditLogFormat.DigestMember}\":");
        var suffix = Encoding.UTF8.GetBytes($",\"{AuditLogFormat.SignatureMember}\":\"{signature}\"}}");
        var line = new byte[prefix.Length + signed.Length + suffix.Length];
        prefix.CopyTo(line, 0);
        signed.CopyTo(line, prefix.Length);
        suffix.CopyTo(line, prefix.Length + signed.Length);
        WriteLine(line);
        _linesSinceDigest = 0;
    }

    private void WriteLine(ReadOnlySpan<byte> line)
    {
        _stream.Write(line);
        _stream.WriteByte((byte)'\n');
        _length += line.Length + 1;
        _sequence++;
        SetLastHash(line);
        _linesSinceDigest++;
    }

    private void SetLastHash(ReadOnlySpan<byte> line)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(line, hash);
        for (var i = 0; i < hash.Length; i++)
        {
            _lastHash[2 * i] = HexDigits[hash[i] >> 4];
            _lastHash[(2 * i) + 1] = HexDigits[hash[i] & 0xF];
        }
    }

    private void FlushToDisk() => _stream.Flush(flushToDisk: true);

    /// <summary>Created readable by its owner only (events name keys, principals and encryption contexts); others may read while it is written.</summary>
    private static FileStream OpenFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = FileBufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
