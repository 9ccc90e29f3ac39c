using System.IO.Compression;
using System.Text;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Policies;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Fuzz;

/// <summary>
/// Writes the seed corpora (corpus/TARGET/NAME): a few valid inputs per target and near-valid variants of them
/// (truncated, one byte changed), so that the fuzzer starts deep in each parser rather than at its first check.
/// </summary>
internal static class Seeds
{
    private const string AccountId = "111122223333";

    public static void Write(string corpusRoot, string sharedRoot)
    {
        Write(corpusRoot, Targets.EsdkMessage, EsdkMessages(sharedRoot));
        Write(corpusRoot, Targets.CiphertextBlob, CiphertextBlobs());
        Write(corpusRoot, Targets.KmsRequest, KmsRequests().Select(r => (r.Name, Encoding.UTF8.GetBytes(r.Text))));
        Write(corpusRoot, Targets.KeyPolicy, KeyPolicies().Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Text))));
    }

    private static void Write(string corpusRoot, string target, IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        var folder = Path.Combine(corpusRoot, target);
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    private static IEnumerable<(string, byte[])> EsdkMessages(string sharedRoot)
    {
        // A fixed, public wrapping key: these messages protect nothing.
        using var keyring = new RawAesKeyring("fuzz", "seed", new byte[32]);
        var context = new Dictionary<string, string> { ["purpose"] = "fuzz", ["n"] = "1" };
        foreach (var suite in new[] { AlgorithmSuite.Aes256GcmHkdfSha512CommitKey, AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384 })
        {
            // Frames of 16 bytes: 40 bytes of plaintext make two full frames and a final one.
            var client = new EncryptionClient(new EncryptionClientOptions { Suite = suite, FrameLength = 16 });
            foreach (var length in new[] { 0, 40 })
            {
                var message = client.EncryptAsync(new byte[length], keyring, context).GetAwaiter().GetResult();
                var name = $"{suite.Id:x4}-{length}";
                yield return (name, message);
                yield return ($"{name}-truncated", message[..(message.Length * 2 / 3)]);
                yield return ($"{name}-trailing", [.. message, 0]);
            }
        }

        // The format-1 suites, which KmsKit reads but never writes: from AWS's own test
        // vectors (../shared/esdk-vectors), the smallest of each kind.
        using var vectors = ZipFile.OpenRead(Path.Combine(sharedRoot, "esdk-vectors", "v4-Net-4.0.1.zip"));
        foreach (var prefix in new[] { "ciphertexts/0014-", "ciphertexts/0378-" })
        {
            var entry = vectors.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal)).MinBy(e => e.Length)!;
            using var input = entry.Open();
            using var copy = new MemoryStream();
            input.CopyTo(copy);
            yield return ($"vector-{prefix["ciphertexts/".Length..^1]}", copy.ToArray());
        }
    }

    private static IEnumerable<(string, byte[])> CiphertextBlobs()
    {
        var header = CiphertextBlob.CreateHeader(new Guid("0b7e3f4c-1a2b-4c3d-8e9f-a0b1c2d3e4f5"), 1, new byte[CiphertextBlob.IvLength]);
        var blob = CiphertextBlob.Concat(header, new byte[32 + CiphertextBlob.TagLength]);
        yield return ("valid", blob);
        yield return ("tag-only", CiphertextBlob.Concat(header, new byte[CiphertextBlob.TagLength]));
        yield return ("short", blob[..(CiphertextBlob.HeaderLength + CiphertextBlob.TagLength - 1)]);
        var otherVersion = (byte[])blob.Clone();
        otherVersion[0] = 2;
        yield return ("other-version", otherVersion);
    }

    private static IEnumerable<(string Name, string Text)> KmsRequests()
    {
        yield return ("encrypt", $$"""Encrypt{{"\n"}}{"KeyId":"alias/fuzz","Plaintext":"aGVsbG8=","EncryptionContext":{"a":"b"},"GrantTokens":["t"]}""");
        yield return ("create-key", $$"""CreateKey{{"\n"}}{"KeyUsage":"{{KeyUsageType.ENCRYPT_DECRYPT.Value}}","KeySpec":"{{KeySpec.SYMMETRIC_DEFAULT.Value}}","Tags":[{"TagKey":"k","TagValue":"v"}],"MultiRegion":false}""");
        yield return ("generate-data-key", $$"""GenerateDataKey{{"\n"}}{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","KeySpec":"{{DataKeySpec.AES_256.Value}}","NumberOfBytes":32}""");
        yield return ("import-key-material", $$"""ImportKeyMaterial{{"\n"}}{"KeyId":"k","ImportToken":"AAEC","EncryptedKeyMaterial":"AwQF","ValidTo":1.7e9,"ExpirationModel":"{{ExpirationModelType.KEY_MATERIAL_EXPIRES.Value}}"}""");
        yield return ("list-keys", "ListKeys\n{\"Limit\":10,\"Marker\":\"m\"}");
        yield return ("empty-body", "DescribeKey\n");
        yield return ("unknown-operation", "Nothing\n{}");
        yield return ("wrong-type", "Encrypt\n{\"KeyId\":7,\"Plaintext\":\"@@\"}");
    }

    private static IEnumerable<(string Name, string Text)> KeyPolicies()
    {
        yield return ("default", DefaultKeyPolicy.For(AccountId));
        yield return ("conditions", $$$$"""
            {"Version":"2012-10-17","Id":"fuzz","Statement":[
              {"Sid":"Use","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::{{{{AccountId}}}}:role/app","{{{{AccountId}}}}"]},
               "Action":["kms:Encrypt","kms:Decrypt*"],"Resource":"*",
               "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"${aws:PrincipalTag/tenant}"},
                            "Bool":{"aws:SecureTransport":"true"},"NumericLessThan":{"kms:GrantConstraintType":"3"}}},
              {"Effect":"Deny","NotPrincipal":{"AWS":"*"},"NotAction":"kms:Describe*","Resource":"*"}]}
            """);
        yield return ("single-statement-2008", """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}}""");
        yield return ("unknown-member", """{"Version":"2012-10-17","Statement":[],"Extra":1}""");
    }
}
