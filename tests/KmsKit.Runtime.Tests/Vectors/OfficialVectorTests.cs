using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests.Vectors;

/// <summary>The official decrypt vectors of the AWS Encryption SDK for .NET, read from the shared folder.</summary>
public sealed class OfficialVectorTests
{
    private const string Current = "v4-Net-4.0.1.zip";
    private const string Valid = "valid-Net-4.0.0.zip";
    private const string Invalid = "invalid-Net-4.0.0.zip";

    private static readonly EncryptionClient LegacyReader = new(new EncryptionClientOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptAllowDecrypt });

    public static TheoryData<string, string> UsableValidVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var zip in new[] { Current, Valid })
        {
            var set = VectorSet.Load(zip);
            foreach (var (name, test) in set.Tests.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                if (VectorKeyrings.For(set, test).Count > 0)
                {
                    data.Add(zip, name);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> InvalidVectors() => new(VectorSet.Load(Invalid).Tests.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_shared_folder_holds_the_expected_number_of_offline_vectors()
    {
        var usable = ((IEnumerable<object[]>)UsableValidVectors()).Select(row => (string)row[0]).ToList();
        Assert.Equal(99, usable.Count(zip => zip == Current));
        Assert.Equal(5, usable.Count(zip => zip == Valid));
        Assert.Equal(28, ((IEnumerable<object[]>)InvalidVectors()).Count());
        Assert.Equal(66, VectorSet.Load(Current).Tests.Values.Count(test => VectorSet.Describe(test).Contains("\"rsa\"", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(UsableValidVectors))]
    public async Task Valid_vector_decrypts_to_its_exact_plaintext(string zip, string name)
    {
        var set = VectorSet.Load(zip);
        var test = set.Tests[name];
        var expected = set.File((string)test["result"]!["output"]!["plaintext"]!);

        var result = await LegacyReader.DecryptAsync(set.File((string)test["ciphertext"]!), Keyring(set, test), VectorSet.Context(test));

        Assert.Equal(expected, result.Plaintext);
        Assert.Equal(name[..4], result.Info.Suite.Id.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public async Task Invalid_vector_is_rejected(string name)
    {
        var set = VectorSet.Load(Invalid);
        var test = set.Tests[name];

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(
            () => LegacyReader.DecryptAsync(set.File((string)test["ciphertext"]!), Keyring(set, test), VectorSet.Context(test)));

        Assert.DoesNotContain("val1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_policy_refuses_legacy_vectors()
    {
        var set = VectorSet.Load(Current);
        var (name, test) = set.Tests.First(pair => pair.Key.StartsWith("0178", StringComparison.Ordinal) && VectorKeyrings.For(set, pair.Value).Count > 0);

        var error = await Assert.ThrowsAsync<EncryptionSdkException>(
            () => new EncryptionClient().DecryptAsync(set.File((string)test["ciphertext"]!), Keyring(set, test), VectorSet.Context(test)));

        Assert.Contains("0x0178", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("0178", name, StringComparison.Ordinal);
    }

    private static IKeyring Keyring(VectorSet set, System.Text.Json.Nodes.JsonNode test) => new MultiKeyring(null, VectorKeyrings.For(set, test));
}
