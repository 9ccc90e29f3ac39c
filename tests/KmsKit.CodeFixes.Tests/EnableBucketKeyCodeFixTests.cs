using KmsKit.Analyzers.Rules;
using KmsKit.Tests.Shared;
using Verify = KmsKit.CodeFixes.Tests.CodeFixVerifier<KmsKit.Analyzers.Rules.SseKmsWithoutBucketKeyAnalyzer, KmsKit.CodeFixes.EnableBucketKeyCodeFix>;

namespace KmsKit.CodeFixes.Tests;

public class EnableBucketKeyCodeFixTests
{
    [Fact]
    public Task Adds_BucketKeyEnabled_to_the_initializer() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task<PutObjectResponse> Store(IAmazonS3 s3, string key, string body) =>
                s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "archive",
                    Key = key,
                    ContentBody = body,
                    ServerSideEncryptionMethod = {|KMS205:ServerSideEncryptionMethod.AWSKMS|},
                });
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task<PutObjectResponse> Store(IAmazonS3 s3, string key, string body) =>
                s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "archive",
                    Key = key,
                    ContentBody = body,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                    BucketKeyEnabled = true,
                });
        }
        """, references: TestReferences.Net80WithKmsAndS3);

    [Fact]
    public Task Turns_false_into_true_for_a_request_local() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            async Task Copy(IAmazonS3 s3, string from, string to)
            {
                var request = new CopyObjectRequest { SourceBucket = "in", SourceKey = from, DestinationBucket = "out", DestinationKey = to, BucketKeyEnabled = false };
                request.ServerSideEncryptionMethod = {|KMS205:ServerSideEncryptionMethod.AWSKMS|};
                await s3.CopyObjectAsync(request);
            }
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            async Task Copy(IAmazonS3 s3, string from, string to)
            {
                var request = new CopyObjectRequest { SourceBucket = "in", SourceKey = from, DestinationBucket = "out", DestinationKey = to, BucketKeyEnabled = true };
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                await s3.CopyObjectAsync(request);
            }
        }
        """, references: TestReferences.Net80WithKmsAndS3);

    [Fact]
    public Task Adds_BucketKeyEnabled_to_a_request_whose_sse_kms_is_the_raw_header() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["x-amz-server-side-encryption"] = {|KMS205:"aws:kms"|};
                return s3.PutObjectAsync(request);
            }
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body, BucketKeyEnabled = true };
                request.Headers["x-amz-server-side-encryption"] = "aws:kms";
                return s3.PutObjectAsync(request);
            }
        }
        """, references: TestReferences.Net80WithKmsAndS3);

    [Fact]
    public Task Offers_nothing_when_the_bucket_key_header_is_also_set() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["x-amz-server-side-encryption"] = {|KMS205:"aws:kms"|};
                request.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "false";
                return s3.PutObjectAsync(request);
            }
        }
        """, """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["x-amz-server-side-encryption"] = {|KMS205:"aws:kms"|};
                request.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "false";
                return s3.PutObjectAsync(request);
            }
        }
        """, references: TestReferences.Net80WithKmsAndS3);

    [Fact]
    public Task Adds_BucketKeyEnabled_to_the_bucket_encryption_rule() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class BucketSetup
        {
            Task<PutBucketEncryptionResponse> Encrypt(IAmazonS3 s3, string bucket) =>
                s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
                {
                    BucketName = bucket,
                    ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                    {
                        ServerSideEncryptionRules = new List<ServerSideEncryptionRule>
                        {
                            new ServerSideEncryptionRule
                            {
                                {|KMS205:ServerSideEncryptionByDefault|} = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS },
                            },
                        },
                    },
                });
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class BucketSetup
        {
            Task<PutBucketEncryptionResponse> Encrypt(IAmazonS3 s3, string bucket) =>
                s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
                {
                    BucketName = bucket,
                    ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                    {
                        ServerSideEncryptionRules = new List<ServerSideEncryptionRule>
                        {
                            new ServerSideEncryptionRule
                            {
                                ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS },
                                BucketKeyEnabled = true,
                            },
                        },
                    },
                });
        }
        """, references: TestReferences.Net80WithKmsAndS3);
}
