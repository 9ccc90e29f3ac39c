using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

public sealed class LockoutCheckTests
{
    private static readonly CallerIdentity Bob = CallerIdentity.Parse("arn:aws:iam::111122223333:user/Bob");

    [Fact]
    public void policy_naming_the_caller_for_put_key_policy_passes()
    {
        var policy = PolicyDocument.Parse(EvaluationCase.Json("{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:PutKeyPolicy','Resource':'*'}}"));

        Assert.True(LockoutCheck.AllowsPutKeyPolicy(policy, Bob, EvaluationCase.Key, EvaluationCase.A, []));
    }

    [Fact]
    public void default_policy_with_an_identity_policy_allowing_kms_passes()
    {
        var policy = PolicyDocument.Parse(DefaultKeyPolicy.For(EvaluationCase.A));
        var identity = PolicyDocument.Parse(EvaluationCase.Json("{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*'}}"), PolicyKind.IdentityPolicy);

        LockoutCheck.ThrowIfLockedOut(policy, Bob, EvaluationCase.Key, EvaluationCase.A, [identity]);
    }

    [Fact]
    public void policy_locking_the_caller_out_is_refused_with_the_aws_message()
    {
        var policy = PolicyDocument.Parse(EvaluationCase.Json("{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}}"));

        var error = Assert.Throws<MalformedPolicyDocumentException>(() => LockoutCheck.ThrowIfLockedOut(policy, Bob, EvaluationCase.Key, EvaluationCase.A, []));

        Assert.Equal("The new key policy will not allow you to update the key policy in the future.", error.Message);
    }
}
