using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

public sealed class CallerIdentityTests
{
    [Theory]
    [InlineData("arn:aws:iam::111122223333:root", "111122223333", true, false, "arn:aws:iam::111122223333:root", null, "Account")]
    [InlineData("arn:aws:iam::111122223333:user/dev/Bob", "111122223333", false, false, "arn:aws:iam::111122223333:user/dev/Bob", "Bob", "User")]
    [InlineData("arn:aws:iam::111122223333:role/service/App", "111122223333", false, false, "arn:aws:iam::111122223333:role/service/App", null, "AssumedRole")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/App/s1", "111122223333", false, false, "arn:aws:iam::111122223333:role/App", null, "AssumedRole")]
    [InlineData("arn:aws-cn:sts::111122223333:assumed-role/App/s1", "111122223333", false, false, "arn:aws-cn:iam::111122223333:role/App", null, "AssumedRole")]
    [InlineData("dynamodb.amazonaws.com", null, false, true, "dynamodb.amazonaws.com", null, "Service")]
    public void principal_arn_is_read(string arn, string? account, bool isRoot, bool isService, string principalArn, string? userName, string type)
    {
        var caller = CallerIdentity.Parse(arn);

        Assert.Equal((arn, account, isRoot, isService, principalArn, userName, type), (caller.Arn, caller.AccountId, caller.IsRoot, caller.IsService, caller.PrincipalArn, caller.UserName, caller.PrincipalType));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bob")]
    [InlineData("arn:aws:iam::1234:root")]
    [InlineData("arn:aws:iam::111122223333:group/Admins")]
    [InlineData("arn:aws:iam:us-east-1:111122223333:user/Bob")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/App")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/abc")]
    [InlineData("arn:aws:iam::111122223333:user/")]
    public void malformed_principal_is_an_argument_exception(string arn)
    {
        var error = Assert.Throws<ArgumentException>(() => CallerIdentity.Parse(arn));

        Assert.Contains("is not a principal KmsKit can authorize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void tags_are_kept()
    {
        var caller = CallerIdentity.Parse("arn:aws:iam::111122223333:user/Bob", new Dictionary<string, string> { ["team"] = "blue" });

        Assert.Equal("blue", caller.Tags["team"]);
    }
}
