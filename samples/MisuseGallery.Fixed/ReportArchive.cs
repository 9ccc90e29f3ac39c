using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace MisuseGallery;

/// <summary>Stores nightly reports in S3, encrypted under a customer managed KMS key.</summary>
public sealed class ReportArchive(IAmazonS3 s3)
{
    // KMS205: SSE-KMS without an S3 Bucket Key: one KMS request (and charge) per object.
    public Task StoreAsync(string name, string csv) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "acme-reports",
            Key = $"nightly/{name}.csv",
            ContentBody = csv,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = "alias/reports",
            BucketKeyEnabled = true,
        });
}
