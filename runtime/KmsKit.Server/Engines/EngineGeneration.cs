using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Engine;
using KmsKit.Server.Identity;

namespace KmsKit.Server.Engines;

/// <summary>
/// The engines over one token and one store: one <see cref="Pkcs11Kms"/> per region and principal (the engine
/// keeps keys per region in one store and takes its caller per instance), opened on first use. A retired
/// generation is disposed once its last request has finished.
/// </summary>
internal sealed class EngineGeneration(string folder, string accountId, string? tokenLabel, string? storePath)
{
    private readonly ConcurrentDictionary<Caller, Lazy<Pkcs11Kms>> _engines = new();
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

    public IAmazonKeyManagementService EngineFor(Caller caller)
    {
        var engine = _engines.GetOrAdd(caller, c => new Lazy<Pkcs11Kms>(() => Open(c)));
        try
        {
            return engine.Value;
        }
        catch
        {
            // A Lazy keeps its exception: forget it, so that the next request tries to open the engine again.
            _engines.TryRemove(KeyValuePair.Create(caller, engine));
            throw;
        }
    }

    private Pkcs11Kms Open(Caller caller)
    {
        var options = new Pkcs11KmsOptions
        {
            AccountId = accountId,
            Region = caller.Region,
            CallerArn = caller.PrincipalArn,
            StorePath = storePath,
        };
        if (tokenLabel is not null)
        {
            options.TokenLabel = tokenLabel;
        }

        return Pkcs11Kms.OpenEmbedded(folder, options);
    }

    private void Close()
    {
        foreach (var engine in _engines.Values)
        {
            if (engine.IsValueCreated)
            {
                engine.Value.Dispose();
            }
        }

        _engines.Clear();
        if (_deleteStore && storePath is not null)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(storePath + suffix);
            }
        }
    }
}
