using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KmsKit.Server.Cli;

/// <summary>
/// Where <c>--output</c> goes. A file is written to a staging file beside it (owner-only permissions) and renamed
/// over it by <see cref="CommitAsync"/>, so a failure leaves no output and an existing file untouched. Standard
/// output is written directly, or, when <c>staged</c>, from a temporary file once the command succeeded.
/// </summary>
internal sealed class MessageOutput : IAsyncDisposable
{
    private const string StandardStream = "-";
    private readonly FileStream? _staging;
    private readonly string? _target;
    private bool _committed;

    private MessageOutput(Stream stream, FileStream? staging, string? target)
    {
        Stream = stream;
        _staging = staging;
        _target = target;
    }

    public Stream Stream { get; }

    /// <param name="path">A file, or <c>-</c> for standard output.</param>
    /// <param name="stageStandardOutput">Hold standard output back until <see cref="CommitAsync"/> (plaintext not yet verified).</param>
    public static MessageOutput Create(string path, bool stageStandardOutput)
    {
        if (path == StandardStream)
        {
            if (!stageStandardOutput)
            {
                return new MessageOutput(Console.OpenStandardOutput(), null, null);
            }

            var buffer = CreateStaging(Path.GetTempPath(), "kmskit", FileOptions.DeleteOnClose);
            return new MessageOutput(buffer, buffer, null);
        }

        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist.");
        }

        if (Directory.Exists(target))
        {
            throw new IOException($"The output '{path}' is a folder.");
        }

        var staging = CreateStaging(folder, "." + Path.GetFileName(target), FileOptions.None);
        return new MessageOutput(staging, staging, target);
    }

    /// <summary>Puts the output in place: renames the staging file over the target, or copies it to standard output.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_staging is null)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_target is null)
        {
            _staging.Position = 0;
            await using var standardOutput = Console.OpenStandardOutput();
            await _staging.CopyToAsync(standardOutput, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // On disk before the rename, so that a crash right after it cannot leave a truncated file in place.
            _staging.Flush(flushToDisk: true);
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
        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            Discard();
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
}
