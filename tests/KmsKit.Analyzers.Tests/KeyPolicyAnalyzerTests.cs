using Microsoft.CodeAnalysis;
using Verify = KmsKit.Analyzers.Tests.Verifiers.AnalyzerVerifier<KmsKit.Analyzers.Rules.KeyPolicyAnalyzer>;

namespace KmsKit.Analyzers.Tests;

public class KeyPolicyAnalyzerTests
{
    private const string LockoutMessage = "No statement allows kms:* to the account root (arn:aws:iam::ACCOUNT:root): the key can become unmanageable";

    [Fact]
    public Task Flags_a_raw_string_policy_without_the_root_statement() => Verify.VerifyAsync(""""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Create(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Policy = {|#0:"""
                        {
                          "Version": "2012-10-17",
                          "Statement": [{
                            "Sid": "AppOnly",
                            "Effect": "Allow",
                            "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" },
                            "Action": ["kms:Encrypt", "kms:Decrypt"],
                            "Resource": "*"
                          }]
                        }
                        """|},
                });
        }
        """", Verify.Diagnostic().WithLocation(0).WithMessage(LockoutMessage));

    [Fact]
    public Task Flags_every_principal_without_a_condition_in_a_const_sync() => Verify.VerifySyncAsync("""
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            const string Policy =
                "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}," +
                "{\"Sid\":\"Anyone\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";

            void Replace(IAmazonKeyManagementService kms, string keyId)
            {
                var request = new PutKeyPolicyRequest { KeyId = keyId, PolicyName = "default" };
                request.Policy = {|#0:Policy|};
                kms.PutKeyPolicy(request);
            }
        }
        """, Verify.Diagnostic().WithLocation(0).WithMessage("Statement 'Anyone' allows every principal (\"*\") without a Condition"));

    [Fact]
    public Task Flags_an_interpolation_of_constants_with_both_problems() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            const string Account = "111122223333";

            Task Create(IAmazonKeyManagementService kms)
            {
                var policy = $"{{\"Statement\":{{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:us-east-1:{Account}:key/*\"}}}}";
                return kms.CreateKeyAsync(new CreateKeyRequest { Policy = {|#0:policy|} });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(LockoutMessage),
        Verify.Diagnostic().WithLocation(0).WithMessage("Statement #1 allows every principal (\"*\") without a Condition"));

    [Fact]
    public Task Flags_an_interpolation_of_a_numeric_constant_that_csharp_does_not_fold() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            const long Account = 111122223333;

            Task Create(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Policy = {|#0:$"{{\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{Account}:role/app\"}},\"Action\":\"kms:*\",\"Resource\":\"*\"}}]}}"|},
                });
        }
        """, Verify.Diagnostic().WithLocation(0).WithMessage(LockoutMessage));

    [Fact]
    public Task Reports_invalid_json_as_an_error_with_the_position() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Create(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest { Policy = {|#0:"{\n  \"Statement\": [\n    { \"Effect\": 'Allow' }\n  ]\n}"|} });
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)
            .WithMessage("The key policy is not valid JSON at line 3, byte 17: ''' is an invalid start of a value."));

    [Fact]
    public Task Does_not_flag_the_default_key_policy_with_a_conditioned_public_statement() => Verify.VerifyAsync(""""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Create(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Policy = """
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {
                              "Sid": "Enable IAM User Permissions",
                              "Effect": "Allow",
                              "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
                              "Action": "kms:*",
                              "Resource": "*"
                            },
                            {
                              "Sid": "OrgOnly",
                              "Effect": "Allow",
                              "Principal": { "AWS": "*" },
                              "Action": "kms:Decrypt",
                              "Resource": "*",
                              "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }
                            },
                            { "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*" }
                          ]
                        }
                        """,
                });
        }
        """");

    [Fact]
    public Task Does_not_flag_a_bare_account_id_as_root_in_aws_cn() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Replace(IAmazonKeyManagementService kms, string keyId) =>
                kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
                {
                    KeyId = keyId,
                    Policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\",\"arn:aws-cn:iam::444455556666:root\"]},\"Action\":\"*\",\"Resource\":\"*\"}]}",
                });
        }
        """);

    [Fact]
    public Task Does_not_flag_a_policy_known_only_at_run_time() => Verify.VerifyAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;

        class Keys
        {
            Task Create(IAmazonKeyManagementService kms, string account) =>
                kms.CreateKeyAsync(new CreateKeyRequest
                {
                    Policy = $"{{\"Statement\":[{{\"Principal\":\"*\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"{account}\"}}]}}",
                });

            Task Load(IAmazonKeyManagementService kms) =>
                kms.CreateKeyAsync(new CreateKeyRequest { Policy = File.ReadAllText("policy.json") });
        }
        """);
}
