using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.RotationPeriodAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class RotationPeriodAnalyzerTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_period_shorter_than_90_days() => Verify.VerifyAsync(Usings + """
        class Rotation
        {
            Task Rotate(IAmazonKeyManagementService kms, string keyId) =>
                kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = {|#0:30|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(30L));

    [Fact]
    public Task Flags_a_period_longer_than_2560_days_assigned_later() => Verify.VerifyAsync(Usings + """
        class Rotation
        {
            async Task Rotate(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new EnableKeyRotationRequest { KeyId = keyId };
                request.RotationPeriodInDays = {|#0:3650|};
                await kms.EnableKeyRotationAsync(request);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(3650L));

    [Fact]
    public Task Flags_a_constant_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Rotation
        {
            const int Quarter = 89;

            void Rotate(IAmazonKeyManagementService kms, string keyId) =>
                kms.EnableKeyRotation(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = {|#0:Quarter|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(89L));

    [Theory]
    [InlineData("90")]
    [InlineData("2560")]
    [InlineData("365")]
    public Task Does_not_flag_a_valid_period(string days) => Verify.VerifyAsync(Usings + $$"""
        class Rotation
        {
            Task Rotate(IAmazonKeyManagementService kms, string keyId) =>
                kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = {{days}} });
        }
        """);

    [Fact]
    public Task Does_not_flag_the_default_period() => Verify.VerifySyncAsync(Usings + """
        class Rotation
        {
            void Rotate(IAmazonKeyManagementService kms, string keyId) =>
                kms.EnableKeyRotation(new EnableKeyRotationRequest { KeyId = keyId });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_period_from_configuration() => Verify.VerifyAsync(Usings + """
        class Rotation
        {
            Task Rotate(IAmazonKeyManagementService kms, string keyId, int days) =>
                kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = days });
        }
        """);
}
