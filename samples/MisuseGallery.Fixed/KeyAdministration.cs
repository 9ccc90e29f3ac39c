using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Key lifecycle chores an operations team scripts: each call breaks a KMS limit.</summary>
public sealed class KeyAdministration(IAmazonKeyManagementService kms)
{
    // KMS002: GenerateRandom returns at most 1024 bytes.
    public async Task<byte[]> NewSessionSecretAsync()
    {
        var response = await kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 1024 });
        return response.Plaintext.ToArray();
    }

    // KMS003: the deletion window is 7 to 30 days.
    public Task RetireAsync(string keyId) =>
        kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = 7 });

    // KMS006: rotation periods are 90 to 2560 days.
    public Task RotateMonthlyAsync(string keyId) =>
        kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = 90 });
}
