using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace MisuseGallery;

/// <summary>An order from the queue: the customer's card numbers are protected before the order is stored.</summary>
public sealed record Order(string Id, IReadOnlyList<string> CardNumbers);

/// <summary>A Lambda-style handler: one instance, <see cref="HandleAsync"/> called once per incoming order.</summary>
public sealed class OrderHandler
{
    private readonly IAmazonKeyManagementService _kms;

    public OrderHandler(IAmazonKeyManagementService kms)
    {
        _kms = kms;
    }

    // KMS202: a new client (connection pool, credential resolution) on every invocation.
    // KMS201: one KMS Encrypt request per card: throttles under load and bills per request.
    public async Task<List<MemoryStream>> HandleAsync(Order order)
    {
        var kms = _kms;
        var context = new Dictionary<string, string> { ["order"] = order.Id };
        var protectedCards = new List<MemoryStream>();
        foreach (var card in order.CardNumbers)
        {
            var request = new EncryptRequest
            {
                KeyId = "alias/cards",
                Plaintext = new MemoryStream(Encoding.UTF8.GetBytes(card)),
                EncryptionContext = context,
            };
            var response = await kms.EncryptAsync(request);
            protectedCards.Add(response.CiphertextBlob);
        }

        return protectedCards;
    }
}
