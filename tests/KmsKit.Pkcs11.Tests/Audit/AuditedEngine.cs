using System.Collections.Concurrent;
using System.Text.Json;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Engine;

namespace KmsKit.Pkcs11.Tests.Audit;

/// <summary>
/// Another engine on the fixture's token and store, with an audit log of its own: a file in a fresh folder and a
/// callback that collects every event. Disposing it closes the log (its closing digest).
/// </summary>
internal sealed class AuditedEngine : IDisposable
{
    public AuditedEngine(EngineFixture fixture, Action<AuditOptions>? configure = null, TimeProvider? engineTime = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "kmskit-audit-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var options = new AuditOptions { FilePath = LogPath, OnEvent = Events.Enqueue };
        configure?.Invoke(options);
        Kms = Pkcs11Kms.OpenEmbedded(fixture.Folder, new Pkcs11KmsOptions { TimeProvider = engineTime ?? fixture.Time, Audit = options });
    }

    public string Folder { get; }

    public string LogPath => Path.Combine(Folder, "audit.log");

    public Pkcs11Kms Kms { get; }

    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    /// <summary>The log files, the rotated ones first (their names sort before the active file's).</summary>
    public string[] LogFiles => Directory.GetFiles(Folder, "audit*.log").OrderBy(f => f == LogPath).ThenBy(f => f, StringComparer.Ordinal).ToArray();

    /// <summary>The events the callback has received once everything recorded so far is written.</summary>
    public async Task<List<AuditEvent>> FlushedEvents()
    {
        await Kms.Core.AuditLog!.FlushAsync();
        return [.. Events];
    }

    public static JsonElement Json(AuditEvent e) => JsonDocument.Parse(e.Json).RootElement;

    public void Dispose() => Kms.Dispose();

    /// <summary>Removes the folder (after <see cref="Dispose"/>).</summary>
    public void Delete() => Directory.Delete(Folder, recursive: true);
}
