using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Encryption: Encrypt, Decrypt, ReEncrypt (symmetric and RSA).
public sealed partial class Pkcs11Kms
{
    private const int MaxPlaintextLength = 4096;
    private const int MaxCiphertextLength = 6144;

    public Task<EncryptResponse> EncryptAsync(EncryptRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            new RequestValidation()
                .Required(request.Plaintext, "plaintext")
                .Length(request.Plaintext, "plaintext", 1, MaxPlaintextLength)
                .OneOf(request.EncryptionAlgorithm?.Value, "encryptionAlgorithm", AwsEnumValues.EncryptionAlgorithm)
                .ThrowIfInvalid();
            var algorithm = request.EncryptionAlgorithm?.Value ?? EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value;
            var key = UsableKey(request.KeyId, "Encrypt", KeyUsageType.ENCRYPT_DECRYPT.Value, context =>
            {
                AddEncryptionContext(context, request.EncryptionContext);
                context.Add("kms:EncryptionAlgorithm", algorithm);
            });
            var plaintext = request.Plaintext.ToArray();
            try
            {
                ValidateEncryption(key, algorithm, plaintext.Length, request.EncryptionContext);
                ThrowIfDryRun(request.DryRun);
                return Used(key, "Encrypt", new EncryptResponse
                {
                    CiphertextBlob = Stream(EncryptWith(key, algorithm, plaintext, request.EncryptionContext)),
                    KeyId = KeyArn(key),
                    EncryptionAlgorithm = algorithm,
                });
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
            }
        });

    public Task<DecryptResponse> DecryptAsync(DecryptRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            ValidateCiphertext(request.CiphertextBlob, "ciphertextBlob", request.EncryptionAlgorithm?.Value, "encryptionAlgorithm");
            ThrowIfRecipient(request.Recipient);
            var (key, algorithm, plaintext) = DecryptWith(
                request.CiphertextBlob.ToArray(), request.KeyId, request.EncryptionAlgorithm?.Value, request.EncryptionContext,
                "Decrypt", "kms:Decrypt", request.DryRun);
            return Used(key, "Decrypt", new DecryptResponse
            {
                Plaintext = Stream(plaintext),
                KeyId = KeyArn(key),
                EncryptionAlgorithm = algorithm,
            });
        });

    public Task<ReEncryptResponse> ReEncryptAsync(ReEncryptRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            ValidateCiphertext(request.CiphertextBlob, "ciphertextBlob", request.SourceEncryptionAlgorithm?.Value, "sourceEncryptionAlgorithm");
            new RequestValidation()
                .OneOf(request.DestinationEncryptionAlgorithm?.Value, "destinationEncryptionAlgorithm", AwsEnumValues.EncryptionAlgorithm)
                .ThrowIfInvalid();
            var destinationAlgorithm = request.DestinationEncryptionAlgorithm?.Value ?? EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value;
            // ReEncrypt is two IAM actions: ReEncryptFrom on the source key, ReEncryptTo on this one.
            var destination = ResolveKey(request.DestinationKeyId, "destinationKeyId");
            Authorize("kms:ReEncryptTo", destination, context =>
            {
                AddEncryptionContext(context, request.DestinationEncryptionContext);
                context.Add("kms:EncryptionAlgorithm", destinationAlgorithm);
            }, request.DestinationKeyId);
            RequireState(destination, KeyStateRule.EnabledOnly);
            RequireUsage(destination, KeyUsageType.ENCRYPT_DECRYPT.Value, "ReEncrypt");
            var (source, sourceAlgorithm, plaintext) = DecryptWith(
                request.CiphertextBlob.ToArray(), request.SourceKeyId, request.SourceEncryptionAlgorithm?.Value, request.SourceEncryptionContext,
                "ReEncrypt", "kms:ReEncryptFrom", dryRun: null);
            try
            {
                ValidateEncryption(destination, destinationAlgorithm, plaintext.Length, request.DestinationEncryptionContext);
                ThrowIfDryRun(request.DryRun);
                _usage.Record(source.KeyId, "ReEncrypt", Now);
                return Used(destination, "ReEncrypt", new ReEncryptResponse
                {
                    CiphertextBlob = Stream(EncryptWith(destination, destinationAlgorithm, plaintext, request.DestinationEncryptionContext)),
                    KeyId = KeyArn(destination),
                    SourceKeyId = KeyArn(source),
                    SourceEncryptionAlgorithm = sourceAlgorithm,
                    DestinationEncryptionAlgorithm = destinationAlgorithm,
                });
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
            }
        });

    private static void ValidateCiphertext(MemoryStream? ciphertext, string member, string? algorithm, string algorithmMember) =>
        new RequestValidation()
            .Required(ciphertext, member)
            .Length(ciphertext, member, 1, MaxCiphertextLength)
            .OneOf(algorithm, algorithmMember, AwsEnumValues.EncryptionAlgorithm)
            .ThrowIfInvalid();

    private void ValidateEncryption(KeyRecord key, string algorithm, int plaintextLength, Dictionary<string, string>? context)
    {
        var spec = KeySpecInfo.Get(key.KeySpec);
        if (!spec.EncryptionAlgorithms(key.KeyUsage).Contains(algorithm))
        {
            throw KmsErrors.IncompatibleAlgorithm(algorithm, key.KeySpec);
        }

        if (spec.Family != KeyFamily.Rsa)
        {
            return;
        }

        var max = RsaCipher.MaxPlaintextLength(spec.Size, algorithm);
        if (plaintextLength > max)
        {
            throw KmsErrors.Validation($"Algorithm {algorithm} and key spec {key.KeySpec} cannot encrypt data larger than {max} bytes.");
        }

        if (context is { Count: > 0 })
        {
            throw KmsErrors.Validation("EncryptionContext is not supported with asymmetric KMS keys.");
        }
    }

    private byte[] EncryptWith(KeyRecord key, string algorithm, byte[] plaintext, Dictionary<string, string>? context)
    {
        if (algorithm == EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value)
        {
            return _symmetric.Encrypt(key, plaintext, context);
        }

        var spki = _publicKeys.SubjectPublicKeyInfo(_materials.MaterialId(key.KeyId, key.CurrentVersion), KeySpecInfo.Get(key.KeySpec));
        return RsaCipher.Encrypt(spki, algorithm, plaintext);
    }

    /// <summary>
    /// Decrypts a symmetric blob (its key comes from the blob; a given key id must match it) or an RSA
    /// ciphertext (the key id and algorithm are required then).
    /// </summary>
    private (KeyRecord Key, string Algorithm, byte[] Plaintext) DecryptWith(
        byte[] ciphertext, string? keyId, string? algorithm, Dictionary<string, string>? context, string operation, string action, bool? dryRun)
    {
        var requested = keyId is null ? null : ResolveKey(keyId);
        if (requested is not null && KeySpecInfo.Get(requested.KeySpec).Family == KeyFamily.Rsa)
        {
            return DecryptRsa(requested, keyId!, algorithm, ciphertext, operation, action, dryRun);
        }

        if (!CiphertextBlob.TryParse(ciphertext, out var blob))
        {
            throw KmsErrors.InvalidCiphertext();
        }

        KeyRecord key;
        if (requested is not null && Guid.Parse(requested.KeyId) == blob.KeyId)
        {
            key = requested; // resolved just now, due events applied: no second lookup
        }
        else
        {
            key = _store.FindKeyInRegion(_region, blob.KeyId.ToString("D")) ?? throw KmsErrors.InvalidCiphertext();
            if (requested is not null)
            {
                throw KmsErrors.IncorrectKey();
            }

            key = ApplyDueEvents(key);
        }

        Authorize(action, key, conditions => AddEncryptionContext(conditions.Add("kms:EncryptionAlgorithm", algorithm ?? EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value), context), keyId);
        RequireState(key, KeyStateRule.EnabledOnly);
        RequireUsage(key, KeyUsageType.ENCRYPT_DECRYPT.Value, operation);
        if (algorithm is not null && algorithm != EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value)
        {
            throw KmsErrors.IncompatibleAlgorithm(algorithm, key.KeySpec);
        }

        ThrowIfDryRun(dryRun);
        var plaintext = _symmetric.TryDecrypt(key, blob, context) ?? throw KmsErrors.InvalidCiphertext();
        return (key, EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value, plaintext);
    }

    private (KeyRecord Key, string Algorithm, byte[] Plaintext) DecryptRsa(
        KeyRecord key, string keyId, string? algorithm, byte[] ciphertext, string operation, string action, bool? dryRun)
    {
        algorithm ??= EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value;
        Authorize(action, key, conditions => conditions.Add("kms:EncryptionAlgorithm", algorithm), keyId);
        RequireState(key, KeyStateRule.EnabledOnly);
        RequireUsage(key, KeyUsageType.ENCRYPT_DECRYPT.Value, operation);
        if (!KeySpecInfo.Get(key.KeySpec).EncryptionAlgorithms(key.KeyUsage).Contains(algorithm))
        {
            throw KmsErrors.IncompatibleAlgorithm(algorithm, key.KeySpec);
        }

        ThrowIfDryRun(dryRun);
        var plaintext = _rsa.TryDecrypt(_materials.MaterialId(key.KeyId, key.CurrentVersion), KeySpecInfo.Get(key.KeySpec).Size, algorithm, ciphertext)
            ?? throw KmsErrors.InvalidCiphertext();
        return (key, algorithm, plaintext);
    }
}
