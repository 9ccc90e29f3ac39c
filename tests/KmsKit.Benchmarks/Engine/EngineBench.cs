using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Benchmarks.Engine;

/// <summary>
/// An embedded engine in a temp folder with one symmetric and one ECC_NIST_P256 key, and beside it a raw
/// Pkcs11Interop session on the same token holding the same key objects: a session copy of the AES key (as the
/// engine keeps for hot keys) and the EC private key's token object (which the engine signs with too).
/// </summary>
public sealed class EngineBench : IDisposable
{
    /// <summary>The engine's additional data for a blob without encryption context: a 33-byte header and a 2-byte count.</summary>
    public const int AdditionalDataLength = 35;

    private const string SoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";
    private const string TokenLabel = "kmskit";

    /// <summary>Issue 14's benchmark policy: the root statement, an allow for a role and a conditional deny, all evaluated per call.</summary>
    private const string ThreeStatementPolicy = """
        { "Version": "2012-10-17", "Statement": [
          { "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
          { "Sid": "App", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*" },
          { "Sid": "NoOtherAccount", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:PrincipalAccount": "111122223333" } } } ] }
        """;

    // Loaded after the engine (which registers the libdl resolver and initialises the module) and never disposed:
    // disposing would run C_Finalize under the engine.
    private static IPkcs11Library? _library;

    private readonly string _folder;

    public EngineBench()
    {
        _folder = Directory.CreateTempSubdirectory("kmskit-bench-engine-").FullName;
        Kms = Pkcs11Kms.OpenEmbedded(_folder);
        SymmetricKeyArn = CreateKey(new CreateKeyRequest { Description = "engine benchmark" });
        SigningKeyArn = CreateKey(new CreateKeyRequest { KeySpec = KeySpec.ECC_NIST_P256, KeyUsage = KeyUsageType.SIGN_VERIFY });
        PolicyKeyArn = CreateKey(new CreateKeyRequest { Description = "engine benchmark, three-statement policy", Policy = ThreeStatementPolicy });

        Factories = new Pkcs11InteropFactories();
        _library ??= Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, SoftHsmModule, AppType.MultiThreaded);
        var slot = _library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == TokenLabel);
        // The engine logged this process in: every session of the slot is logged in.
        Session = slot.OpenSession(SessionType.ReadWrite);
        var aesTokenKey = FindKey(SymmetricKeyArn, CKO.CKO_SECRET_KEY);
        // Pkcs11Interop's finalizers free attribute values: attributes stay alive (and are disposed) past each call.
        using var sessionCopy = Factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, false);
        AesKey = Session.CopyObject(aesTokenKey, [sessionCopy]);
        EcPrivateKey = FindKey(SigningKeyArn, CKO.CKO_PRIVATE_KEY);
    }

    public Pkcs11Kms Kms { get; }

    public string SymmetricKeyArn { get; }

    public string SigningKeyArn { get; }

    /// <summary>A symmetric key whose three-statement key policy is evaluated on every call.</summary>
    public string PolicyKeyArn { get; }

    public Pkcs11InteropFactories Factories { get; }

    public ISession Session { get; }

    public IObjectHandle AesKey { get; }

    public IObjectHandle EcPrivateKey { get; }

    /// <summary>Raw AES-256-GCM as the engine calls it: fresh 12-byte IV, 35 bytes of additional data, 128-bit tag.</summary>
    public byte[] RawEncrypt(byte[] iv, byte[] additionalData, byte[] plaintext)
    {
        RandomNumberGenerator.Fill(iv);
        using var parameters = Factories.MechanismParamsFactory.CreateCkGcmParams(iv, (ulong)iv.Length * 8, additionalData, 128);
        using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
        return Session.Encrypt(mechanism, AesKey, plaintext);
    }

    public byte[] RawDecrypt(byte[] iv, byte[] additionalData, byte[] ciphertextAndTag)
    {
        using var parameters = Factories.MechanismParamsFactory.CreateCkGcmParams(iv, (ulong)iv.Length * 8, additionalData, 128);
        using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
        return Session.Decrypt(mechanism, AesKey, ciphertextAndTag);
    }

    public void Dispose()
    {
        Session.Dispose();
        Kms.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string CreateKey(CreateKeyRequest request) =>
        Kms.CreateKeyAsync(request).GetAwaiter().GetResult().KeyMetadata.Arn;

    // The engine labels each material object kmskit:KEYID:VERSION.
    private IObjectHandle FindKey(string arn, CKO objectClass)
    {
        var keyId = arn[(arn.LastIndexOf('/') + 1)..];
        var attributes = Factories.ObjectAttributeFactory;
        using var objectClassAttribute = attributes.Create(CKA.CKA_CLASS, objectClass);
        using var label = attributes.Create(CKA.CKA_LABEL, $"kmskit:{keyId}:1");
        return Session.FindAllObjects([objectClassAttribute, label]).Single();
    }
}
