using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace KmsKit.Server.Cli;

/// <summary>
/// Where <c>--output</c> goes. A regular file, new or existing, is written to a staging file beside it (owner-only
/// permissions) and renamed over it by <see cref="CommitAsync"/>, so a failure leaves no output and an existing file
/// untouched; a symbolic link stays, its final target is replaced. Standard output and what is no regular file (a
/// FIFO, a device) are written directly, or, when <c>staged</c>, from a temporary file once the command succeeded.
/// </summary>
internal sealed class MessageOutput : IAsyncDisposable
{
    private const string StandardStream = "-";

    // statx(2): relative to the working folder; the type bits of stx_mode.
    private const int AtCurrentFolder = -100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int FolderType = 0x4000;

    private readonly FileStream? _staging;
    private readonly string? _target;
    private readonly Stream? _destination;
    private bool _committed;

    private MessageOutput(Stream stream, FileStream? staging, string? target, Stream? destination)
    {
        Stream = stream;
        _staging = staging;
        _target = target;
        _destination = destination;
    }

    private enum FileType
    {
        None,
        Regular,
        Folder,
        Other,
    }

    public Stream Stream { get; }

    /// <param name="path">A file, or <c>-</c> for standard output.</param>
    /// <param name="stageDirectOutput">Hold back what is written directly (standard output, a FIFO, a device) until <see cref="CommitAsync"/> (plaintext not yet verified).</param>
    public static MessageOutput Create(string path, bool stageDirectOutput)
    {
        if (path == StandardStream)
        {
            return Direct(OpenStandardOutput(), stageDirectOutput);
        }

        if (path.Length == 0)
        {
            throw new IOException("The output is empty: give a file, or - for standard output.");
        }

        switch (TypeOf(path))
        {
            case FileType.Folder:
                throw new IOException($"The output '{path}' is a folder.");
            case FileType.Other:
                // Renamed over, a FIFO's reader would get nothing and a device would become a file.
                return Direct(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0), stageDirectOutput);
        }

        var file = new FileInfo(path);
        var target = file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist.");
        }

        var staging = CreateStaging(folder, "." + Path.GetFileName(target), FileOptions.None);
        return new MessageOutput(staging, staging, target, null);
    }

    /// <summary>Puts the output in place: renames the staging file over the target, or copies it to where it goes directly.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_staging is null)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            SyncOffset(Stream);
        }
        else if (_target is null)
        {
            _staging.Position = 0;
            await _staging.CopyToAsync(_destination!, cancellationToken).ConfigureAwait(false);
            SyncOffset(_destination!);
        }
        else
        {
            // On disk before the rename, so that a crash right after it cannot leave a truncated file in place.
            _staging.Flush(flushToDisk: true);
            if (!OperatingSystem.IsWindows() && File.Exists(_target))
            {
                // A replaced file keeps its permissions; a new one stays the owner's only, as it may hold plaintext.
                File.SetUnixFileMode(_staging.SafeFileHandle, File.GetUnixFileMode(_target));
            }

            await _staging.DisposeAsync().ConfigureAwait(false);
            File.Move(_staging.Name, _target, overwrite: true);
        }

        _committed = true;
    }

    /// <summary>Removes the staging file; safe from a signal handler while the command still writes to it.</summary>
    public void Discard()
    {
        if (_staging is not null)
        {
            File.Delete(_staging.Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            if (_destination is not null)
            {
                await _destination.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (!_committed)
            {
                Discard();
            }
        }
    }

    /// <summary>
    /// Opened now, staged or not, as a shell's redirection would be: a FIFO's reader then sees its end (nothing)
    /// when the command fails, instead of waiting for a writer that never comes.
    /// </summary>
    private static MessageOutput Direct(Stream destination, bool staged)
    {
        if (!staged)
        {
            return new MessageOutput(destination, null, null, null);
        }

        var buffer = CreateStaging(Path.GetTempPath(), "kmskit", FileOptions.DeleteOnClose);
        return new MessageOutput(buffer, buffer, null, destination);
    }

    /// <summary>
    /// Standard output as a FileStream over descriptor 1: Console's stream drops EPIPE, so a reader that went away
    /// (<c>| head</c>) would look like success. .NET ignores SIGPIPE, so the write fails here, and the command with it.
    /// </summary>
    private static Stream OpenStandardOutput() =>
        OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>
    /// A FileStream writes a seekable file at offsets of its own (pwrite): reading its handle moves the descriptor's
    /// offset to where it ended, where a shell writes next (<c>{ kmskit encrypt ...; echo; } &gt; file</c>).
    /// </summary>
    private static void SyncOffset(Stream stream)
    {
        if (stream is FileStream file)
        {
            _ = file.SafeFileHandle;
        }
    }

    private static FileStream CreateStaging(string folder, string prefix, FileOptions options)
    {
        var file = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = options | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path.Combine(folder, $"{prefix}.{Guid.NewGuid():N}.kmskit-partial"), file);
    }

    /// <summary>
    /// What <paramref name="path"/> names, symbolic links followed. .NET tells only files from folders (a FIFO or a
    /// device "exists" as a file), so on Linux statx(2) reads the type; elsewhere all that is no folder is a file.
    /// </summary>
    private static FileType TypeOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? FileType.Folder : File.Exists(path) ? FileType.Regular : FileType.None;
        }

        // Missing, or not reachable: creating the staging file then names the problem.
        if (Statx(AtCurrentFolder, path, 0, StatxType, out var status) != 0)
        {
            return FileType.None;
        }

        return (status.Mode & TypeMask) switch
        {
            RegularType => FileType.Regular,
            FolderType => FileType.Folder,
            _ => FileType.Other,
        };
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer status);

    /// <summary>struct statx: the same layout on every Linux architecture; only stx_mode is read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private readonly struct StatxBuffer
    {
        [FieldOffset(28)]
        public readonly ushort Mode;
    }
}
