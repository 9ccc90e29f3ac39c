using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KmsKit.Pkcs11.Hsm;
using Microsoft.Extensions.Logging;

namespace KmsKit.Pkcs11.Audit;

/// <summary>
/// The audit log of one or more engine cores: every call of their <c>IAmazonKeyManagementService</c> facades becomes one
/// event (docs/audit.md), queued by the calling thread and written by one background writer to the sinks of
/// <see cref="AuditOptions"/>. A call never waits for the disk unless the queue is full. A host that keeps several
/// cores over time (a server that resets) shares one log through <c>Pkcs11KmsOptions.AuditLog</c> and disposes it
/// after them; <c>Pkcs11KmsOptions.Audit</c> gives a core a log of its own, closed with it. Disposing writes everything
/// queued, then a closing digest.
/// </summary>
/// <remarks>
/// Fail-closed: once the file cannot be written (disk full, permissions), the engine refuses every call with a
/// KMSInternalException rather than serve calls nobody records.
/// </remarks>
public sealed partial class AuditLog : IDisposable, IAsyncDisposable
{
    /// <summary>How long the writer lets events gather after a batch before it writes the next.</summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(2);

    private readonly AuditOptions _options;
    private readonly Channel<Item> _channel;
    private readonly ILogger? _logger;
    private readonly ITimer? _digestTimer;
    private readonly object _attachGate = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IAuditSigner? _signer;
    private AuditFileWriter? _file;
    private volatile Exception? _failure;
    private int _closed;

    public AuditLog(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validated();
        _logger = _options.LoggerFactory?.CreateLogger(AuditOptions.LoggerCategory);
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The reader is a thread of its own that blocks: a call that wakes it only signals it, on its own thread.
            AllowSynchronousContinuations = true,
        });
        new Thread(Run) { IsBackground = true, Name = "KmsKit audit writer" }.Start();
        if (_options.FilePath is not null)
        {
            _digestTimer = _options.TimeProvider.CreateTimer(
                static state => ((AuditLog)state!)._channel.Writer.TryWrite(new Item(ItemKind.Digest, null, null)),
                this, _options.DigestInterval, _options.DigestInterval);
        }
    }

    /// <summary>The JSON-lines file, if the log has one.</summary>
    public string? FilePath => _options.FilePath;

    /// <summary>
    /// The fingerprint of the key that signs the file's digests (SHA-256 of its DER SubjectPublicKeyInfo, hex): pin it
    /// with <c>kmskit audit verify --key-fingerprint</c>. Null until an engine core has opened the file.
    /// </summary>
    public string? SigningKeyFingerprint => Volatile.Read(ref _signer)?.Fingerprint;

    /// <summary>Why the log takes no more events (closed, or its file failed), else null.</summary>
    internal Exception? Unavailable =>
        _failure ?? (Volatile.Read(ref _closed) == 1 ? new ObjectDisposedException(nameof(AuditLog), "The audit log is closed.") : null);

    /// <summary>Completes once every event recorded before the call is written (and handed to the OS).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _channel.Writer.TryWrite(new Item(ItemKind.Flush, null, done))
            ? done.Task.WaitAsync(cancellationToken)
            : WriteAsync(new Item(ItemKind.Flush, null, done), cancellationToken);

        async Task WriteAsync(Item item, CancellationToken cancellationToken)
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            await item.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Writes what is queued, seals the file with a closing digest and closes it; calling it again waits for the first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _digestTimer?.Dispose();
            _channel.Writer.TryComplete();
        }

        await _writerDone.Task.ConfigureAwait(false);
        lock (_attachGate)
        {
            _signer?.Dispose();
            _signer = null;
        }
    }

    /// <summary>
    /// Gives the file its signing key, in the token <paramref name="token"/> names (the first core to open wins), and
    /// opens the file: a failure to open it fails the core's opening. Nothing to do without a file.
    /// </summary>
    internal void AttachSigner(TokenOptions token)
    {
        if (_options.FilePath is null)
        {
            return;
        }

        lock (_attachGate)
        {
            if (_signer is not null)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);
            var signer = AuditSigningKey.Open(token);
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_channel.Writer.TryWrite(new Item(ItemKind.Open, null, opened, signer)))
            {
                signer.Dispose();
                throw new InvalidOperationException("The audit log could not open its file: its queue is full or closed.");
            }

            try
            {
                opened.Task.GetAwaiter().GetResult();
            }
            catch
            {
                signer.Dispose();
                throw;
            }

            Volatile.Write(ref _signer, signer);
        }
    }

    /// <summary>Queues an event; waits for room when the writer is a whole queue behind. Throws when the log takes no more.</summary>
    internal void Record(AuditRecord record)
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"The audit log failed: {failure.Message}", failure);
        }

        if (_options.FilePath is not null && Volatile.Read(ref _signer) is null)
        {
            throw new InvalidOperationException("The audit log's file is not open: no engine core has attached it.");
        }

        var item = new Item(ItemKind.Event, record, null);
        if (!_channel.Writer.TryWrite(item))
        {
            _channel.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
        }
    }

    private void Run()
    {
        var reader = _channel.Reader;
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (WaitToRead(reader))
            {
                while (reader.TryRead(out var item))
                {
                    Handle(item, flushes);
                }

                _file?.Flush();
                var flushed = flushes.Count > 0;
                foreach (var flush in flushes)
                {
                    flush.TrySetResult();
                }

                flushes.Clear();
                if (!flushed)
                {
                    // Group commit: under load, events gather for a moment so that one write call and one wake-up of
                    // this thread serve many calls. No call waits for it; a crash of the process loses at most this window.
                    Thread.Sleep(GatherWindow);
                }
            }

            _file?.Dispose();
            _file = null;
            _writerDone.TrySetResult();
        }
        catch (Exception e)
        {
            _failure = e;
            _channel.Writer.TryComplete(e);
            try
            {
                _file?.Dispose();
            }
            catch (Exception)
            {
                // The file failed already: its closing digest may fail too. The first failure is the one reported.
            }

            LogWriterFailed(_logger, _options.FilePath, e);
            foreach (var flush in flushes)
            {
                flush.TrySetException(e);
            }

            while (reader.TryRead(out var item))
            {
                item.Done?.TrySetException(e);
                item.Record?.Return();
            }

            _writerDone.TrySetResult();
        }
    }

    private static bool WaitToRead(ChannelReader<Item> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Handle(Item item, List<TaskCompletionSource> flushes)
    {
        switch (item.Kind)
        {
            case ItemKind.Event:
                try
                {
                    _file?.WriteEvent(item.Record!.Json);
                    Publish(item.Record!);
                }
                finally
                {
                    item.Record!.Return();
                }

                break;
            case ItemKind.Digest:
                _file?.WriteIntervalDigest();
                break;
            case ItemKind.Flush:
                flushes.Add(item.Done!);
                break;
            case ItemKind.Open:
                try
                {
                    _file = AuditFileWriter.Open(_options.FilePath!, _options.MaxFileBytes, item.Signer!, _options.TimeProvider);
                    item.Done!.TrySetResult();
                }
                catch (Exception e)
                {
                    item.Done!.TrySetException(e);
                }

                break;
        }
    }

    private void Publish(AuditRecord record)
    {
        if (_options.OnEvent is null && _logger is null)
        {
            return;
        }

        var json = Encoding.UTF8.GetString(record.Json.Span);
        if (_logger is not null)
        {
            LogEvent(_logger, json);
        }

        if (_options.OnEvent is { } onEvent)
        {
            try
            {
                onEvent(new AuditEvent(record.EventId.ToString(), record.EventName, record.EventTime, record.PrincipalArn, record.ErrorCode, record.Resources, json));
            }
            catch (Exception e)
            {
                LogCallbackFailed(_logger, record.EventId.ToString(), e);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "KmsCall", Level = LogLevel.Information, Message = "{AuditEvent}")]
    private static partial void LogEvent(ILogger logger, string auditEvent);

    private static void LogCallbackFailed(ILogger? logger, string eventId, Exception exception)
    {
        if (logger is not null)
        {
            LogCallbackFailedCore(logger, eventId, exception);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The audit callback failed on event {EventId}")]
    private static partial void LogCallbackFailedCore(ILogger logger, string eventId, Exception exception);

    private static void LogWriterFailed(ILogger? logger, string? file, Exception exception)
    {
        if (logger is not null)
        {
            LogWriterFailedCore(logger, file, exception);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "The audit log {File} cannot be written: the engine refuses calls from now on")]
    private static partial void LogWriterFailedCore(ILogger logger, string? file, Exception exception);

    private enum ItemKind
    {
        Event,
        Digest,
        Flush,
        Open,
    }

    private readonly record struct Item(ItemKind Kind, AuditRecord? Record, TaskCompletionSource? Done, IAuditSigner? Signer = null);
}
