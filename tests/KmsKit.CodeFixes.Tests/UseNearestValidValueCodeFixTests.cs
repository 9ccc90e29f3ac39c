using KmsKit.Analyzers.Rules;
using KmsKit.Tests.Shared;

namespace KmsKit.CodeFixes.Tests;

public class UseNearestValidValueCodeFixTests
{
    [Fact]
    public Task Clamps_GenerateRandom_to_1024_keeping_comments() =>
        CodeFixVerifier<GenerateRandomSizeAnalyzer, UseNearestValidValueCodeFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Tokens
            {
                Task<GenerateRandomResponse> Make(IAmazonKeyManagementService kms) =>
                    kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = /* big */ {|KMS002:2048|} /* enough */ });
            }
            """, """
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Tokens
            {
                Task<GenerateRandomResponse> Make(IAmazonKeyManagementService kms) =>
                    kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = /* big */ 1024 /* enough */ });
            }
            """);

    [Fact]
    public Task Raises_a_deletion_window_to_7_in_the_sync_sdk() =>
        CodeFixVerifier<KeyDeletionWindowAnalyzer, UseNearestValidValueCodeFix>.VerifyAsync("""
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Retirement
            {
                void Retire(IAmazonKeyManagementService kms, string keyId)
                {
                    var request = new ScheduleKeyDeletionRequest { KeyId = keyId };
                    request.PendingWindowInDays = {|KMS003:1|};
                    kms.ScheduleKeyDeletion(request);
                }
            }
            """, """
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Retirement
            {
                void Retire(IAmazonKeyManagementService kms, string keyId)
                {
                    var request = new ScheduleKeyDeletionRequest { KeyId = keyId };
                    request.PendingWindowInDays = 7;
                    kms.ScheduleKeyDeletion(request);
                }
            }
            """, references: TestReferences.Net472WithKms);

    [Fact]
    public Task Fixes_all_rotation_periods_in_a_document() =>
        CodeFixVerifier<RotationPeriodAnalyzer, UseNearestValidValueCodeFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Rotation
            {
                Task Monthly(IAmazonKeyManagementService kms, string keyId) =>
                    kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = {|KMS006:30|} });

                Task Decade(IAmazonKeyManagementService kms, string keyId) =>
                    kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = {|KMS006:3650|} });
            }
            """, """
            using System.Threading.Tasks;
            using Amazon.KeyManagementService;
            using Amazon.KeyManagementService.Model;

            class Rotation
            {
                Task Monthly(IAmazonKeyManagementService kms, string keyId) =>
                    kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = 90 });

                Task Decade(IAmazonKeyManagementService kms, string keyId) =>
                    kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = 2560 });
            }
            """);

    [Fact]
    public Task Clamps_a_data_key_size_across_files_with_fix_all() =>
        CodeFixVerifier<DataKeySizeAnalyzer, UseNearestValidValueCodeFix>.RunAsync(
            [
                """
                using Amazon.KeyManagementService.Model;

                class A { GenerateDataKeyRequest Make() => new() { KeyId = "k", NumberOfBytes = {|KMS004:0|} }; }
                """,
                """
                using Amazon.KeyManagementService.Model;

                class B { GenerateDataKeyWithoutPlaintextRequest Make() => new() { KeyId = "k", NumberOfBytes = {|KMS004:4096|} }; }
                """,
            ],
            [
                """
                using Amazon.KeyManagementService.Model;

                class A { GenerateDataKeyRequest Make() => new() { KeyId = "k", NumberOfBytes = 1 }; }
                """,
                """
                using Amazon.KeyManagementService.Model;

                class B { GenerateDataKeyWithoutPlaintextRequest Make() => new() { KeyId = "k", NumberOfBytes = 1024 }; }
                """,
            ]);
}
