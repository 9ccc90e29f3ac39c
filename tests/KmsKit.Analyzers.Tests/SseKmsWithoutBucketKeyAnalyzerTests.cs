using KmsKit.Analyzers.Tests.Verifiers;
using KmsKit.Tests.Shared;
using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.SseKmsWithoutBucketKeyAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class SseKmsWithoutBucketKeyAnalyzerTests
{
    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.VerifyAsync(source, TestReferences.Net80WithKmsAndS3, expected);

    [Fact]
    public Task Flags_put_object_with_sse_kms() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body) =>
                s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "archive",
                    Key = key,
                    ContentBody = body,
                    ServerSideEncryptionMethod = {|KMS205:ServerSideEncryptionMethod.AWSKMS|},
                    ServerSideEncryptionKeyManagementServiceKeyId = "alias/archive",
                });
        }
        """);

    [Fact]
    public Task Flags_copy_object_with_the_wire_value_and_an_explicit_false() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Copy(IAmazonS3 s3, string key)
            {
                var request = new CopyObjectRequest { SourceBucket = "in", SourceKey = key, DestinationBucket = "out", DestinationKey = key };
                request.ServerSideEncryptionMethod = {|KMS205:"aws:kms"|};
                request.BucketKeyEnabled = false;
                return s3.CopyObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Flags_multipart_upload_and_names_the_request() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task<InitiateMultipartUploadResponse> Begin(IAmazonS3 s3, string key) =>
                s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = "archive", Key = key, ServerSideEncryptionMethod = {|#0:ServerSideEncryptionMethod.AWSKMS|} });
        }
        """, Verify.Diagnostic().WithLocation(0).WithMessage("InitiateMultipartUploadRequest uses SSE-KMS without BucketKeyEnabled = true; every object costs a KMS request"));

    [Fact]
    public Task Flags_sse_kms_set_through_the_raw_header() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["X-Amz-Server-Side-Encryption"] = {|KMS205:"aws:kms"|};
                request.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "false";
                return s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_bucket_key_set_through_the_raw_header() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["x-amz-server-side-encryption"] = "aws:kms";
                request.Headers["x-amz-server-side-encryption-bucket-key-enabled"] = "true";
                return s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_other_raw_headers_or_values() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body };
                request.Headers["x-amz-server-side-encryption"] = "AES256";
                request.Headers["x-amz-meta-encryption"] = "aws:kms";
                return s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_bucket_key() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            Task Store(IAmazonS3 s3, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ContentBody = body, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS };
                request.BucketKeyEnabled = true;
                return s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_other_encryption_and_dual_layer_kms() => VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            async Task Store(IAmazonS3 s3, string key, string body)
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "a", Key = key, ContentBody = body, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
                // Bucket keys do not apply to DSSE-KMS.
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = key, ContentBody = body, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE });
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "c", Key = key, ContentBody = body });
            }
        }
        """);

    [Fact]
    public Task Does_not_flag_a_factory_whose_caller_decides() => VerifyAsync("""
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            PutObjectRequest Make(string key) =>
                new PutObjectRequest { BucketName = "archive", Key = key, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS };

            PutObjectRequest MakeLocal(string key, bool bucketKey)
            {
                var request = new PutObjectRequest { BucketName = "archive", Key = key, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS };
                request.BucketKeyEnabled = bucketKey;
                return request;
            }
        }
        """);

    [Fact]
    public Task Flags_without_the_kms_sdk() => Verify.VerifyAsync("""
        using Amazon.S3;
        using Amazon.S3.Model;

        class Archive
        {
            System.Threading.Tasks.Task Store(IAmazonS3 s3) =>
                s3.PutObjectAsync(new PutObjectRequest { BucketName = "a", Key = "k", ServerSideEncryptionMethod = {|KMS205:ServerSideEncryptionMethod.AWSKMS|} });
        }
        """, TestReferences.Net80WithS3);

    [Fact]
    public Task Does_nothing_without_the_s3_sdk() => Verify.VerifyAsync("""
        class PutObjectRequest { public string? ServerSideEncryptionMethod { get; set; } }

        class Archive
        {
            PutObjectRequest Make() => new PutObjectRequest { ServerSideEncryptionMethod = "aws:kms" };
        }
        """);

    private const string BucketEncryption = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class BucketSetup
        {
            Task Encrypt(IAmazonS3 s3, string bucket, string keyArn) =>
                s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
                {
                    BucketName = bucket,
                    ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                    {
                        ServerSideEncryptionRules = new List<ServerSideEncryptionRule>
                        {
                            new ServerSideEncryptionRule
                            {
                                RULE
                            },
                        },
                    },
                });
        }
        """;

    [Fact]
    public Task Flags_bucket_default_encryption_with_kms_and_no_bucket_key() => VerifyAsync(BucketEncryption.Replace("RULE", """
        {|KMS205:ServerSideEncryptionByDefault|} = new ServerSideEncryptionByDefault
                                {
                                    ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS,
                                    ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
                                },
        """));

    [Fact]
    public Task Does_not_flag_bucket_default_encryption_with_a_bucket_key_or_s3_managed_keys() => VerifyAsync(BucketEncryption.Replace("RULE", """
        ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                                {
                                    ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS,
                                    ServerSideEncryptionKeyManagementServiceKeyId = keyArn,
                                },
                                BucketKeyEnabled = true,
                            },
                            new ServerSideEncryptionRule
                            {
                                ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 },
        """));
}
