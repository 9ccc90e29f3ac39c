using Amazon.KeyManagementService;
using Microsoft.Extensions.Logging;

namespace KmsKit.Runtime.Keyrings.AwsKms;

/// <summary>A KMS client with the logger its keyring reports to.</summary>
internal sealed record AwsKmsClient(IAmazonKeyManagementService Kms, ILogger Logger);
