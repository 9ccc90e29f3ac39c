using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Runtime.Tests.Vectors;

/// <summary>Builds the keyrings that can decrypt a vector offline: raw AES keys and RSA private keys.</summary>
internal static class VectorKeyrings
{
    /// <summary>The raw keyrings of the test's master keys that hold decrypting material (none for AWS KMS keys).</summary>
    public static List<IKeyring> For(VectorSet set, JsonNode test)
    {
        var keyrings = new List<IKeyring>();
        foreach (var masterKey in test["master-keys"]!.AsArray())
        {
            if ((string?)masterKey!["type"] != "raw")
            {
                continue;
            }

            var key = set.Keys[(string)masterKey["key"]!]!;
            var providerId = (string)masterKey["provider-id"]!;
            var keyName = (string)key["key-id"]!;
            var material = (string)key["material"]!;
            switch ((string)masterKey["encryption-algorithm"]!)
            {
                case "aes":
                    keyrings.Add(new RawAesKeyring(providerId, keyName, Convert.FromBase64String(material)));
                    break;
                case "rsa" when (string)key["type"]! == "private":
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(material);
                    keyrings.Add(new RawRsaKeyring(providerId, keyName, rsa, Padding(masterKey)));
                    break;
            }
        }

        return keyrings;
    }

    private static RsaPaddingScheme Padding(JsonNode masterKey) =>
        ((string)masterKey["padding-algorithm"]!, (string?)masterKey["padding-hash"]) switch
        {
            ("pkcs1", _) => RsaPaddingScheme.Pkcs1,
            ("oaep-mgf1", "sha1") => RsaPaddingScheme.OaepSha1,
            ("oaep-mgf1", "sha256") => RsaPaddingScheme.OaepSha256,
            ("oaep-mgf1", "sha384") => RsaPaddingScheme.OaepSha384,
            ("oaep-mgf1", "sha512") => RsaPaddingScheme.OaepSha512,
            var other => throw new InvalidDataException($"Unknown RSA padding {other} in the manifest."),
        };
}
