using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Tests;

internal static class KeyFactory
{
    public static async Task<KeyMetadata> Create(IAmazonKeyManagementService kms, string spec = "SYMMETRIC_DEFAULT", string? usage = null, string? description = null)
    {
        var response = await kms.CreateKeyAsync(new CreateKeyRequest
        {
            KeySpec = spec,
            KeyUsage = usage is null ? null : KeyUsageType.FindValue(usage),
            Description = description,
        });
        return response.KeyMetadata;
    }

    public static MemoryStream Bytes(params byte[] bytes) => new(bytes);

    public static MemoryStream Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
}
