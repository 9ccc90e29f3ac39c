using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>Checks the signatures of a batch of partner webhooks signed with an asymmetric KMS key.</summary>
public sealed class WebhookVerifier(IAmazonKeyManagementService kms)
{
    public sealed record SignedEvent(byte[] Body, byte[] Signature);

    // KMS204: one KMS Verify request per event; the public key could verify them all locally.
    public async Task<int> CountAuthenticAsync(IReadOnlyList<SignedEvent> events)
    {
        var authentic = 0;
        foreach (var signed in events)
        {
            var result = await kms.VerifyAsync(new VerifyRequest
            {
                KeyId = "alias/partner-webhooks",
                Message = new MemoryStream(signed.Body),
                MessageType = MessageType.RAW,
                Signature = new MemoryStream(signed.Signature),
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            });
            if (result.SignatureValid == true)
            {
                authentic++;
            }
        }

        return authentic;
    }
}
