using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Data keys and random bytes: GenerateDataKey(+WithoutPlaintext), GenerateDataKeyPair(+WithoutPlaintext), GenerateRandom.
public sealed partial class Pkcs11Kms
{
    private const int MaxRandomBytes = 1024;

    public Task<GenerateDataKeyResponse> GenerateDataKeyAsync(GenerateDataKeyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            ThrowIfRecipient(request.Recipient);
            var (key, plaintext, ciphertext) = NewDataKey(
                request.KeyId, request.KeySpec?.Value, request.NumberOfBytes, request.EncryptionContext, request.DryRun, "GenerateDataKey");
            return Used(key, "GenerateDataKey", new GenerateDataKeyResponse
            {
                KeyId = KeyArn(key),
                Plaintext = Stream(plaintext),
                CiphertextBlob = Stream(ciphertext),
            });
        });

    public Task<GenerateDataKeyWithoutPlaintextResponse> GenerateDataKeyWithoutPlaintextAsync(
        GenerateDataKeyWithoutPlaintextRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var (key, plaintext, ciphertext) = NewDataKey(
                request.KeyId, request.KeySpec?.Value, request.NumberOfBytes, request.EncryptionContext, request.DryRun, "GenerateDataKeyWithoutPlaintext");
            CryptographicOperations.ZeroMemory(plaintext);
            return Used(key, "GenerateDataKeyWithoutPlaintext", new GenerateDataKeyWithoutPlaintextResponse { KeyId = KeyArn(key), CiphertextBlob = Stream(ciphertext) });
        });

    public Task<GenerateDataKeyPairResponse> GenerateDataKeyPairAsync(GenerateDataKeyPairRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            ThrowIfRecipient(request.Recipient);
            var pair = NewDataKeyPair(request.KeyId, request.KeyPairSpec?.Value, request.EncryptionContext, request.DryRun, "GenerateDataKeyPair");
            return Used(pair.Key, "GenerateDataKeyPair", new GenerateDataKeyPairResponse
            {
                KeyId = KeyArn(pair.Key),
                KeyPairSpec = request.KeyPairSpec,
                PrivateKeyPlaintext = Stream(pair.PrivateKey),
                PrivateKeyCiphertextBlob = Stream(pair.PrivateKeyCiphertext),
                PublicKey = Stream(pair.PublicKey),
            });
        });

    public Task<GenerateDataKeyPairWithoutPlaintextResponse> GenerateDataKeyPairWithoutPlaintextAsync(
        GenerateDataKeyPairWithoutPlaintextRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            GrantToken.ParseAll(request.GrantTokens);
            var pair = NewDataKeyPair(request.KeyId, request.KeyPairSpec?.Value, request.EncryptionContext, request.DryRun, "GenerateDataKeyPairWithoutPlaintext");
            CryptographicOperations.ZeroMemory(pair.PrivateKey);
            return Used(pair.Key, "GenerateDataKeyPairWithoutPlaintext", new GenerateDataKeyPairWithoutPlaintextResponse
            {
                KeyId = KeyArn(pair.Key),
                KeyPairSpec = request.KeyPairSpec,
                PrivateKeyCiphertextBlob = Stream(pair.PrivateKeyCiphertext),
                PublicKey = Stream(pair.PublicKey),
            });
        });

    public Task<GenerateRandomResponse> GenerateRandomAsync(GenerateRandomRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            if (request.NumberOfBytes is null)
            {
                throw KmsErrors.Validation("NumberOfBytes is required.");
            }

            new RequestValidation().Range(request.NumberOfBytes, "numberOfBytes", 1, MaxRandomBytes).ThrowIfInvalid();
            ThrowIfRecipient(request.Recipient);
            if (request.CustomKeyStoreId is not null)
            {
                throw KmsErrors.Unsupported("Custom key stores are not supported by the PKCS#11 engine.");
            }

            Authorize("kms:GenerateRandom", null);
            return new GenerateRandomResponse { Plaintext = Stream(_token.GenerateRandom(request.NumberOfBytes.Value)) };
        });

    public Task<GenerateRandomResponse> GenerateRandomAsync(int? numberOfBytes, CancellationToken cancellationToken = default) =>
        GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = numberOfBytes }, cancellationToken);

    private (KeyRecord Key, byte[] Plaintext, byte[] Ciphertext) NewDataKey(
        string? keyId, string? keySpec, int? numberOfBytes, Dictionary<string, string>? context, bool? dryRun, string operation)
    {
        new RequestValidation()
            .OneOf(keySpec, "keySpec", AwsEnumValues.DataKeySpec)
            .Range(numberOfBytes, "numberOfBytes", 1, MaxRandomBytes)
            .ThrowIfInvalid();
        if ((keySpec is null) == (numberOfBytes is null))
        {
            throw KmsErrors.Validation("Please specify either number of bytes or key spec.");
        }

        var key = SymmetricKey(keyId, operation, context);
        ThrowIfDryRun(dryRun);
        var plaintext = _token.GenerateRandom(numberOfBytes ?? (keySpec == DataKeySpec.AES_128.Value ? 16 : 32));
        return (key, plaintext, _symmetric.Encrypt(key, plaintext, context));
    }

    private (KeyRecord Key, byte[] PrivateKey, byte[] PrivateKeyCiphertext, byte[] PublicKey) NewDataKeyPair(
        string? keyId, string? keyPairSpec, Dictionary<string, string>? context, bool? dryRun, string operation)
    {
        new RequestValidation().Required(keyPairSpec, "keyPairSpec").ThrowIfInvalid();
        var spec = KeySpecInfo.Find(keyPairSpec!);
        if (spec is null || spec.Family is not (KeyFamily.Rsa or KeyFamily.Ecc))
        {
            if (SdkEnum.IsDefined<DataKeyPairSpec>(keyPairSpec!))
            {
                throw KmsErrors.Unsupported($"KeyPairSpec {keyPairSpec} is not supported by the PKCS#11 engine.");
            }

            new RequestValidation().OneOf(keyPairSpec, "keyPairSpec", AwsEnumValues.DataKeyPairSpec).ThrowIfInvalid();
        }

        var key = SymmetricKey(keyId, operation, context);
        ThrowIfDryRun(dryRun);
        var (privateKey, publicKey) = DataKeyPairs.Generate(spec!);
        return (key, privateKey, _symmetric.Encrypt(key, privateKey, context), publicKey);
    }

    /// <summary>Data keys are encrypted under symmetric encryption keys only.</summary>
    private KeyRecord SymmetricKey(string? keyId, string operation, Dictionary<string, string>? encryptionContext)
    {
        var key = UsableKey(keyId, operation, KeyUsageType.ENCRYPT_DECRYPT.Value, conditions => AddEncryptionContext(conditions, encryptionContext));
        if (KeySpecInfo.Get(key.KeySpec).Family != KeyFamily.Symmetric)
        {
            throw KmsErrors.KeyUsage($"{KeyArn(key)} key spec is {key.KeySpec} which is not valid for {operation}.");
        }

        return key;
    }
}
