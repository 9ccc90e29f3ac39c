using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.ConcurrencyWorker;

/// <summary>
/// Threads that create keys, encrypt and decrypt for a bounded time. Each created key leaves one ciphertext
/// (of its own key id) so that another engine can check the key is really there.
/// </summary>
public sealed class ConcurrencyWorkload(IAmazonKeyManagementService kms)
{
    public ConcurrentDictionary<string, byte[]> Created { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public long Operations => Interlocked.Read(ref _operations);

    private long _operations;

    public async Task Run(int threads, TimeSpan duration)
    {
        var deadline = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() => Loop(deadline))));
    }

    private async Task Loop(DateTime deadline)
    {
        var mine = new List<string>();
        var iteration = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (iteration++ % 8 == 0 || mine.Count == 0)
                {
                    mine.Add(await CreateKey());
                }

                var keyId = mine[Random.Shared.Next(mine.Count)];
                var plaintext = Guid.NewGuid().ToByteArray();
                var blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext) })).CiphertextBlob;
                var decrypted = (await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob })).Plaintext.ToArray();
                if (!decrypted.AsSpan().SequenceEqual(plaintext))
                {
                    Errors.Enqueue($"decrypt of {keyId} returned other bytes");
                }

                Interlocked.Add(ref _operations, 2);
            }
            catch (Exception e)
            {
                Errors.Enqueue($"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    private async Task<string> CreateKey()
    {
        var keyId = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;
        var proof = (await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(keyId)) }))
            .CiphertextBlob.ToArray();
        Created[keyId] = proof;
        Interlocked.Add(ref _operations, 2);
        return keyId;
    }
}
