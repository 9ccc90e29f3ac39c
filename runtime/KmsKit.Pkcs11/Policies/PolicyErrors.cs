using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Policies;

/// <summary>AWS's wording for a rejected policy document (see docs/policy-language.md for each message's source).</summary>
internal static class PolicyErrors
{
    public const int MaxLength = 32768;
    public const string InvalidJson = "This policy contains invalid Json";
    public const string Syntax = "Syntax errors in policy.";
    public const string InvalidVersion = "The policy must contain a valid version string";
    public const string InvalidPrincipals = "Policy contains a statement with one or more invalid principals.";
    public const string PrincipalInIdentityPolicy = "Policy document should not specify a principal.";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string TooLong = "Policy document exceeds the maximum length of 32768 characters.";

    public static MalformedPolicyDocumentException Malformed(string message) => Validation.KmsErrors.MalformedPolicy(message);
}
