using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

public sealed class PolicyDocumentTests
{
    private const string Root = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:root'},'Action':'kms:*','Resource':'*'}";

    public static TheoryData<string, PolicyKind, string> MalformedPolicies() => new()
    {
        { "not json", PolicyKind.KeyPolicy, "This policy contains invalid Json" },
        { "{'Version':'2012-10-17','Statement':[" + Root, PolicyKind.KeyPolicy, "This policy contains invalid Json" },
        { "[]", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Version':'2012-10-17'}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Version':'2012-10-17','Statement':[]}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Version':'2012-10-17','Statement':" + Root + ",'Extra':1}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Version':'2014-01-01','Statement':" + Root + "}", PolicyKind.KeyPolicy, "The policy must contain a valid version string" },
        { "{'Version':2012,'Statement':" + Root + "}", PolicyKind.KeyPolicy, "The policy must contain a valid version string" },
        { "{'Statement':{'Effect':'Permit','Principal':'*','Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Principal':'*','Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*','Colour':'red'}}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','NotAction':'kms:Decrypt','Resource':'*'}}", PolicyKind.KeyPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Policy contains a statement with one or more invalid principals." },
        { "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/*'},'Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Policy contains a statement with one or more invalid principals." },
        { "{'Statement':{'Effect':'Allow','Principal':{'AWS':'bob'},'Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Policy contains a statement with one or more invalid principals." },
        { "{'Statement':{'Effect':'Allow','Principal':{'Cloud':'x'},'Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Policy contains a statement with one or more invalid principals." },
        { "{'Statement':{'Effect':'Allow','Principal':'everyone','Action':'kms:*','Resource':'*'}}", PolicyKind.KeyPolicy, "Policy contains a statement with one or more invalid principals." },
        { "{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*'}}", PolicyKind.IdentityPolicy, "Policy document should not specify a principal." },
        { "{'Statement':{'Effect':'Allow','Resource':'*'}}", PolicyKind.IdentityPolicy, "Policy statement must contain actions." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:Decrypt'}}", PolicyKind.IdentityPolicy, "Policy statement must contain resources." },
        { "{'Statement':{'Effect':'Allow','Action':'Decrypt','Resource':'*'}}", PolicyKind.IdentityPolicy, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:De:crypt','Resource':'*'}}", PolicyKind.IdentityPolicy, "Actions/Condition can contain only one colon." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'StringSimilar':{'a:b':'c'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'NullIfExists':{'a:b':'true'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'NumericEquals':{'a:b':'ten'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'DateEquals':{'a:b':'yesterday'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'yes'}}}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
        { "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'kms:*','Resource':'arn:aws:kms:${unclosed'}}", PolicyKind.IdentityPolicy, "Syntax errors in policy." },
    };

    [Theory]
    [MemberData(nameof(MalformedPolicies))]
    public void malformed_policy_is_rejected_with_the_aws_message(string json, PolicyKind kind, string message)
    {
        var error = Assert.Throws<MalformedPolicyDocumentException>(() => PolicyDocument.Parse(EvaluationCase.Json(json), kind));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void policy_longer_than_32768_characters_is_a_limit_exceeded()
    {
        var json = EvaluationCase.Json("{'Version':'2012-10-17','Id':'" + new string('x', 32768) + "','Statement':" + Root + "}");

        Assert.Throws<LimitExceededException>(() => PolicyDocument.Parse(json));
    }

    [Fact]
    public void key_policy_statement_without_action_is_accepted_as_kms_does()
    {
        var document = PolicyDocument.Parse(EvaluationCase.Json("{'Statement':{'Effect':'Allow','Principal':'*','Resource':'*'}}"));

        Assert.Equal(1, document.StatementCount);
    }

    [Fact]
    public void version_id_and_single_statement_object_are_read()
    {
        var document = PolicyDocument.Parse(EvaluationCase.Json("{'Version':'2012-10-17','Id':'key-default-1','Statement':" + Root + "}"));

        Assert.Equal(("2012-10-17", "key-default-1", 1), (document.Version, document.Id, document.StatementCount));
    }

    [Fact]
    public void missing_version_means_2008_10_17()
    {
        Assert.Equal("2008-10-17", PolicyDocument.Parse(EvaluationCase.Json("{'Statement':" + Root + "}")).Version);
    }

    [Fact]
    public void default_key_policy_is_the_aws_text_and_parses()
    {
        var text = DefaultKeyPolicy.For("111122223333");

        Assert.Equal(
            "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}",
            text);
        Assert.Equal("key-default-1", PolicyDocument.Parse(text).Id);
    }

    [Fact]
    public void default_key_policy_refuses_a_malformed_account()
    {
        Assert.Throws<ArgumentException>(() => DefaultKeyPolicy.For("1234"));
    }
}
