using System;
using System.Collections.Generic;
using System.IO;
using KmsKit.Pkcs11.Audit;
using KmsKit.Server.Identity;

namespace KmsKit.Server.Engines;

/// <summary>
/// The server's engines. SoftHSM2 reads its configuration once per process, so the whole server uses one
/// embedded folder: one token, one store, an engine per region and principal over them. In the ephemeral mode a
/// reset starts a new generation (a new token and store in the same folder) and drops the old one once its
/// in-flight requests are done.
/// </summary>
internal sealed class EngineRegistry : IDisposable
{
    private readonly string _folder;
    private readonly string _accountId;
    private readonly bool _ephemeral;
    private readonly IReadOnlySet<string>? _knownPrincipals;
    private readonly AuditLog? _auditLog;
    private readonly object _gate = new();
    private EngineGeneration _current;
    private int _generation;

    private EngineRegistry(string folder, string accountId, bool ephemeral, IReadOnlySet<string>? knownPrincipals, AuditLog? auditLog)
    {
        _knownPrincipals = knownPrincipals;
        _auditLog = auditLog;
        _folder = folder;
        _accountId = accountId;
        _ephemeral = ephemeral;
        _current = NewGeneration();
    }

    public bool IsEphemeral => _ephemeral;

    /// <summary>A persistent folder: the token labelled kmskit and kms.db, as <c>Pkcs11Kms.OpenEmbedded(folder)</c> opens them.</summary>
    public static EngineRegistry Persistent(string folder, string accountId, IReadOnlySet<string>? knownPrincipals = null, AuditLog? auditLog = null)
    {
        var path = Path.GetFullPath(folder);
        EnsureWritableFolder(path);
        return new EngineRegistry(path, accountId, ephemeral: false, knownPrincipals, auditLog);
    }

    /// <summary>A fresh folder under the temp directory, removed on dispose.</summary>
    public static EngineRegistry Ephemeral(string accountId, IReadOnlySet<string>? knownPrincipals = null, AuditLog? auditLog = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new EngineRegistry(folder, accountId, ephemeral: true, knownPrincipals, auditLog);
    }

    /// <summary>
    /// Opens the current engine core now. With an audit log that is where its signing key is made or found, and its file
    /// opened: a failure is reported at start, and the key's fingerprint can be shown.
    /// </summary>
    public void Open() => _current.Open();

    /// <summary>
    /// Engines open on first use: a data folder that cannot hold the token and store is refused here, at start,
    /// rather than as a 500 on every request after "listening on".
    /// </summary>
    private static void EnsureWritableFolder(string path)
    {
        if (File.Exists(path))
        {
            throw new IOException($"The data folder '{path}' is a file.");
        }

        Directory.CreateDirectory(path);
        try
        {
            using var probe = new FileStream(Path.Combine(path, ".kmskit-write-check"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"The data folder '{path}' is not writable.");
        }
    }

    /// <summary>The engine of a caller, held until the lease is disposed (a reset waits for it).</summary>
    public EngineLease Acquire(Caller caller)
    {
        while (true)
        {
            var generation = _current;
            if (generation.TryEnter())
            {
                try
                {
                    return new EngineLease(generation, generation.EngineFor(caller));
                }
                catch
                {
                    generation.Exit();
                    throw;
                }
            }
        }
    }

    /// <summary>Empties all state: every key, alias and tag of every region (ephemeral mode only).</summary>
    public void Reset()
    {
        if (!_ephemeral)
        {
            throw new InvalidOperationException("Only an ephemeral server can be reset.");
        }

        lock (_gate)
        {
            var old = _current;
            _current = NewGeneration();
            old.Retire(deleteStore: true);
        }
    }

    public void Dispose()
    {
        _current.Retire(deleteStore: false);
        if (_ephemeral)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private EngineGeneration NewGeneration()
    {
        if (!_ephemeral)
        {
            return new EngineGeneration(_folder, _accountId, tokenLabel: null, storePath: null, _knownPrincipals, _auditLog);
        }

        var number = _generation++;
        return new EngineGeneration(_folder, _accountId, $"kmskit-{number}", Path.Combine(_folder, $"kms-{number}.db"), _knownPrincipals, _auditLog);
    }
}
