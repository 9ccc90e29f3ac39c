using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Engine;
using KmsKit.Server.Identity;

namespace KmsKit.Server.Engines;

/// <summary>
/// One engine core over one token and one store, opened on first use, and a thin facade per caller and region
/// made by it. A retired generation closes its core once its last request has finished.
/// </summary>
internal sealed class EngineGeneration(
    string folder, string accountId, string? tokenLabel, string? storePath, IReadOnlySet<string>? knownPrincipals, AuditLog? auditLog)
{
    private readonly ConcurrentDictionary<Caller, Pkcs11Kms> _facades = new();
    private readonly object _opening = new();
    private Pkcs11KmsCore? _core;
    private readonly object _gate = new();
    private int _requests;
    private bool _retired;
    private bool _deleteStore;

    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            _requests++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_requests == 0 && _retired)
            {
                Close();
            }
        }
    }

    /// <summary>Takes no more requests; closes the engines (and deletes the store if asked) after the last one.</summary>
    public void Retire(bool deleteStore)
    {
        lock (_gate)
        {
            _retired = true;
            _deleteStore = deleteStore;
            if (_requests == 0)
            {
                Close();
            }
        }
    }

    /// <summary>Opens the core now rather than at the first request (the audit log's signing key lives in its token).</summary>
    public void Open() => Core();

    public IAmazonKeyManagementService EngineFor(Caller caller) =>
        _facades.GetOrAdd(caller, static (c, generation) => generation.Core().For(c.Principal, c.Region), this);

    /// <summary>The core, opened by the first request; a failed open is tried again by the next one.</summary>
    private Pkcs11KmsCore Core()
    {
        if (Volatile.Read(ref _core) is { } core)
        {
            return core;
        }

        lock (_opening)
        {
            if (_core is null)
            {
                var options = new Pkcs11KmsOptions { AccountId = accountId, StorePath = storePath, KnownPrincipals = knownPrincipals, AuditLog = auditLog };
                if (tokenLabel is not null)
                {
                    options.TokenLabel = tokenLabel;
                }

                Volatile.Write(ref _core, Pkcs11KmsCore.OpenEmbedded(folder, options));
            }

            return _core;
        }
    }

    private void Close()
    {
        _facades.Clear();
        _core?.Dispose();
        if (_deleteStore && storePath is not null)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(storePath + suffix);
            }
        }
    }
}
