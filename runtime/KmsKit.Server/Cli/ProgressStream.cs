using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KmsKit.Server.Cli;

/// <summary>
/// Reads an input file and draws how much of it was read as a bar on stderr. Only for large files and only when
/// stderr is a terminal, so that redirected stderr (scripts, tests) holds nothing but errors.
/// </summary>
internal sealed class ProgressStream : Stream
{
    private const long LargeFile = 16L << 20;
    private const int BarWidth = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stream _inner;
    private readonly string _label;
    private readonly long _length;
    private long _read;
    private long _drawnAt = long.MinValue;

    private ProgressStream(Stream inner, string label)
    {
        _inner = inner;
        _label = label;
        _length = inner.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>The input itself, or the input with a progress bar when it is a large file and stderr a terminal.</summary>
    public static Stream Wrap(Stream input, string label) =>
        !Console.IsErrorRedirected && input.CanSeek && input.Length >= LargeFile ? new ProgressStream(input, label) : input;

    public override int Read(byte[] buffer, int offset, int count) => Advance(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _drawnAt != long.MinValue)
        {
            // Leave the terminal on a fresh line whether the command finished or failed.
            Console.Error.WriteLine();
        }

        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        _read += read;
        var now = Environment.TickCount64;
        if (now - _drawnAt >= Interval.TotalMilliseconds || (read == 0 && _read >= _length))
        {
            _drawnAt = now;
            var done = Math.Min(1.0, (double)_read / _length);
            var filled = (int)(done * BarWidth);
            Console.Error.Write($"\r{_label} [{new string('#', filled)}{new string('-', BarWidth - filled)}] {(int)(done * 100),3}% {_read >> 20}/{_length >> 20} MiB");
        }

        return read;
    }
}
