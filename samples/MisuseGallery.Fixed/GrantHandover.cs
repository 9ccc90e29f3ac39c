using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Lets a batch worker decrypt an export as soon as an operator approves it.</summary>
public sealed class GrantHandover(IAmazonKeyManagementService operatorKms, IAmazonKeyManagementService workerKms)
{
    private const string ExportKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    // KMS306: the new grant is eventually consistent; without its token this Decrypt can be denied.
    public async Task<MemoryStream> ApproveAndDecryptAsync(byte[] export, string exportId)
    {
        var grant = await operatorKms.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = ExportKey,
            GranteePrincipal = "arn:aws:iam::111122223333:role/batch-worker",
            Operations = new List<string> { GrantOperation.Decrypt },
        });
        var response = await workerKms.DecryptAsync(new DecryptRequest
        {
            KeyId = ExportKey,
            CiphertextBlob = new MemoryStream(export),
            EncryptionContext = new Dictionary<string, string> { ["export"] = exportId },
            GrantTokens = new() { grant.GrantToken },
        });
        return response.Plaintext;
    }
}
