using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Key policies: each key has one, named "default"; without one given at creation, AWS's default key policy.
public sealed partial class Pkcs11Kms
{
    private const int MaxPolicyLength = 32768;
    private const string DefaultPolicyName = "default";

    public Task<GetKeyPolicyResponse> GetKeyPolicyAsync(GetKeyPolicyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var key = ResolveKey(request.KeyId);
            ValidatePolicyName(request.PolicyName, required: false);
            Authorize("kms:GetKeyPolicy", key);
            return new GetKeyPolicyResponse { Policy = KeyPolicyText(key), PolicyName = DefaultPolicyName };
        });

    public Task<GetKeyPolicyResponse> GetKeyPolicyAsync(string keyId, string policyName, CancellationToken cancellationToken = default) =>
        GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId, PolicyName = policyName }, cancellationToken);

    public Task<ListKeyPoliciesResponse> ListKeyPoliciesAsync(ListKeyPoliciesRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.Limit, "limit", 1, 1000).Length(request.Marker, "marker", 1, 320).ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:ListKeyPolicies", key);
            return new ListKeyPoliciesResponse { PolicyNames = [DefaultPolicyName], Truncated = false };
        });

    public Task<PutKeyPolicyResponse> PutKeyPolicyAsync(PutKeyPolicyRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Required(request.Policy, "policy").ThrowIfInvalid();
            ValidatePolicyName(request.PolicyName, required: false);
            var key = ResolveKey(request.KeyId);
            Authorize("kms:PutKeyPolicy", key, context => context.Add("kms:BypassPolicyLockoutSafetyCheck", Bool(request.BypassPolicyLockoutSafetyCheck)));
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            var document = ParseKeyPolicy(request.Policy);
            if (request.BypassPolicyLockoutSafetyCheck != true)
            {
                LockoutCheck.ThrowIfLockedOut(document, _identity, KeyArn(key), key.AccountId, _identityPolicies);
            }

            _store.PutKeyPolicy(key.KeyId, request.Policy);
            return new PutKeyPolicyResponse();
        });

    public Task<PutKeyPolicyResponse> PutKeyPolicyAsync(string keyId, string policy, string policyName, CancellationToken cancellationToken = default) =>
        PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keyId, Policy = policy, PolicyName = policyName }, cancellationToken);

    /// <summary>The key's policy text: what was put, or AWS's default key policy for its account.</summary>
    private static string KeyPolicyText(Store.KeyRecord key) => key.Policy ?? DefaultKeyPolicy.For(key.AccountId);

    /// <summary>A policy a request brings: AWS's length limit first, then the document itself.</summary>
    private PolicyDocument ParseKeyPolicy(string policy)
    {
        new RequestValidation().Length(policy, "policy", 1, MaxPolicyLength).ThrowIfInvalid();
        var document = _policies.Get(policy, PolicyKind.KeyPolicy);
        if (_core.Options.KnownPrincipals is { } known)
        {
            foreach (var arn in document.NamedPrincipalArns())
            {
                if (!known.Contains(arn))
                {
                    throw KmsErrors.MalformedPolicy(PolicyErrors.InvalidPrincipals);
                }
            }
        }

        return document;
    }

    private static void ValidatePolicyName(string? name, bool required)
    {
        var validation = new RequestValidation();
        if (required)
        {
            validation.Required(name, "policyName");
        }

        validation.Length(name, "policyName", 1, 128).ThrowIfInvalid();
        if (name is not null && name != DefaultPolicyName)
        {
            throw KmsErrors.KeyPolicyNotFound();
        }
    }

    private static string Bool(bool? value) => value == true ? "true" : "false";
}
