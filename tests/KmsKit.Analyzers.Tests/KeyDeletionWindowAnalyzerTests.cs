using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.KeyDeletionWindowAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class KeyDeletionWindowAnalyzerTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        """;

    [Fact]
    public Task Flags_a_window_shorter_than_7_days() => Verify.VerifyAsync(Usings + """
        class Retirement
        {
            Task Retire(IAmazonKeyManagementService kms, string keyId) =>
                kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = {|#0:1|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(1L));

    [Fact]
    public Task Flags_a_window_longer_than_30_days_assigned_later() => Verify.VerifyAsync(Usings + """
        class Retirement
        {
            async Task Retire(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new ScheduleKeyDeletionRequest { KeyId = keyId };
                request.PendingWindowInDays = {|#0:90|};
                await kms.ScheduleKeyDeletionAsync(request);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(90L));

    [Fact]
    public Task Flags_a_constant_in_the_sync_sdk() => Verify.VerifySyncAsync(Usings + """
        class Retirement
        {
            const int Week = 6;

            void Retire(IAmazonKeyManagementService kms, string keyId) =>
                kms.ScheduleKeyDeletion(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = {|#0:Week|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(6L));

    [Theory]
    [InlineData("7")]
    [InlineData("30")]
    [InlineData("14")]
    public Task Does_not_flag_a_valid_window(string days) => Verify.VerifyAsync(Usings + $$"""
        class Retirement
        {
            Task Retire(IAmazonKeyManagementService kms, string keyId) =>
                kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = {{days}} });
        }
        """);

    [Fact]
    public Task Does_not_flag_the_default_window() => Verify.VerifySyncAsync(Usings + """
        class Retirement
        {
            void Retire(IAmazonKeyManagementService kms, string keyId) =>
                kms.ScheduleKeyDeletion(new ScheduleKeyDeletionRequest { KeyId = keyId });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_window_from_configuration() => Verify.VerifyAsync(Usings + """
        class Retirement
        {
            Task Retire(IAmazonKeyManagementService kms, string keyId, int days) =>
                kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = days });
        }
        """);
}
