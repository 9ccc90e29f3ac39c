using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant, and the grant half of authorization
// ("key policy, IAM policies, OR a grant").
public sealed partial class Pkcs11Kms
{
    private const string PrincipalPattern = "^[\\w+=,.@:/-]+$";
    private const string GrantNamePattern = "^[a-zA-Z0-9:/_-]+$";

    public Task<CreateGrantResponse> CreateGrantAsync(CreateGrantRequest request, CancellationToken cancellationToken = default) =>
        Complete(cancellationToken, () =>
        {
            var operations = request.Operations;
            new RequestValidation()
                .Length(request.GranteePrincipal, "granteePrincipal", 1, 256)
                .Pattern(request.GranteePrincipal, "granteePrincipal", PrincipalRegex(), PrincipalPattern)
                .Length(request.RetiringPrincipal, "retiringPrincipal", 1, 256)
                .Pattern(request.RetiringPrincipal, "retiringPrincipal", PrincipalRegex(), PrincipalPattern)
                .Required(operations, "operations")
                .Holds(operations is null || operations.All(GrantOperationSet.IsGrantOperation),
                    $"Value '[{string.Join(", ", operations ?? [])}]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [{string.Join(", ", GrantOperationSet.All)}]]")
                .Length(request.Name, "name", 1, 256)
                .Pattern(request.Name, "name", GrantNameRegex(), GrantNamePattern)
                .ThrowIfInvalid();
            ThrowIfServicePrincipalGrant(request.GranteeServicePrincipal, request.RetiringServicePrincipal, request.Constraints?.SourceArn);
            var grantee = request.GranteePrincipal
                ?? throw KmsErrors.Validation("A grant needs a GranteePrincipal: the ARN of the principal that gets its permissions.");
            ValidateGrantPrincipal(grantee, "GranteePrincipal");
            if (request.RetiringPrincipal is { } retiring)
            {
                ValidateGrantPrincipal(retiring, "RetiringPrincipal");
            }

            GrantToken.ParseAll(request.GrantTokens);
            var key = ResolveKey(request.KeyId);
            var granted = GrantOperationSet.Canonical(operations!);
            var constraints = GrantConstraintSet.From(request.Constraints);
            Authorize("kms:CreateGrant", key, context =>
            {
                context.Add("kms:GrantOperations", granted).Add("kms:GranteePrincipal", grantee);
                if (request.RetiringPrincipal is { } retiringPrincipal)
                {
                    context.Add("kms:RetiringPrincipal", retiringPrincipal);
                }

                if (constraints is not null)
                {
                    context.Add("kms:GrantConstraintType", constraints.Types);
                }

                AddGrantIsForAwsResource(context);
                context.RequestedGrant = new RequestedGrant(granted, constraints);
            });
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            ValidateGrantFitsKey(key, granted, request.Constraints, constraints);
            ThrowIfDryRun(request.DryRun);

            var grant = new GrantRecord(GrantIds.New(), key.KeyId, key.AccountId, key.Region, request.Name, Now, grantee, request.RetiringPrincipal,
                $"arn:aws:iam::{_accountId}:root", granted, constraints);
            if (_store.AddGrant(grant, GrantLimits.GrantsPerKey, out var stored) == GrantAddition.QuotaExceeded)
            {
                throw KmsErrors.LimitExceeded(string.Create(CultureInfo.InvariantCulture,
                    $"{KeyArn(key)} has {GrantLimits.GrantsPerKey} grants, the most a KMS key may have (grants per KMS key quota). Retire or revoke grants first."));
            }

            return new CreateGrantResponse { GrantId = stored.GrantId, GrantToken = GrantToken.Issue(stored) };
        });

    public Task<ListGrantsResponse> ListGrantsAsync(ListGrantsRequest request, CancellationToken cancellationToken = default) =>
        Complete(cancellationToken, () =>
        {
            new RequestValidation()
                .Range(request.Limit, "limit", 1, GrantLimits.MaxPage)
                .Length(request.Marker, "marker", 1, 1024)
                .Length(request.GrantId, "grantId", 1, 128)
                .Length(request.GranteePrincipal, "granteePrincipal", 1, 256)
                .Pattern(request.GranteePrincipal, "granteePrincipal", PrincipalRegex(), PrincipalPattern)
                .ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:ListGrants", key, AddGrantIsForAwsResource);
            if (request.GrantId is { } grantId && !GrantIds.IsWellFormed(grantId))
            {
                throw KmsErrors.InvalidGrantId(grantId);
            }

            var after = DecodeGrantMarker(request.Marker);
            var limit = request.Limit ?? GrantLimits.DefaultPage;
            // No grant has a service principal as grantee (KmsKit does not make such grants): that filter finds none.
            var page = request.GranteeServicePrincipal is not null
                ? []
                : _store.ListGrants(key.KeyId, request.GrantId, request.GranteePrincipal, after, limit + 1);
            return Page(page, limit, (grants, truncated, marker) => new ListGrantsResponse { Grants = grants, Truncated = truncated, NextMarker = marker });
        });

    public Task<ListRetirableGrantsResponse> ListRetirableGrantsAsync(CancellationToken cancellationToken = default) =>
        ListRetirableGrantsAsync(new ListRetirableGrantsRequest(), cancellationToken);

    public Task<ListRetirableGrantsResponse> ListRetirableGrantsAsync(string retiringPrincipal, CancellationToken cancellationToken = default) =>
        ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = retiringPrincipal }, cancellationToken);

    public Task<ListRetirableGrantsResponse> ListRetirableGrantsAsync(ListRetirableGrantsRequest request, CancellationToken cancellationToken = default) =>
        Complete(cancellationToken, () =>
        {
            new RequestValidation()
                .Range(request.Limit, "limit", 1, GrantLimits.MaxPage)
                .Length(request.Marker, "marker", 1, 1024)
                .Length(request.RetiringPrincipal, "retiringPrincipal", 1, 256)
                .Pattern(request.RetiringPrincipal, "retiringPrincipal", PrincipalRegex(), PrincipalPattern)
                .ThrowIfInvalid();
            ThrowIfServicePrincipalGrant(null, request.RetiringServicePrincipal, null);
            var principal = request.RetiringPrincipal
                ?? throw KmsErrors.Validation("ListRetirableGrants needs a RetiringPrincipal: the ARN of a principal in your account.");
            AuthorizeListRetirable(principal);
            var after = DecodeGrantMarker(request.Marker);
            var limit = request.Limit ?? GrantLimits.DefaultPage;
            var page = _store.ListRetirableGrants(_region, principal, after, limit + 1);
            return Page(page, limit, (grants, truncated, marker) => new ListRetirableGrantsResponse { Grants = grants, Truncated = truncated, NextMarker = marker });
        });

    public Task<RetireGrantResponse> RetireGrantAsync(string grantToken, CancellationToken cancellationToken = default) =>
        RetireGrantAsync(new RetireGrantRequest { GrantToken = grantToken }, cancellationToken);

    public Task<RetireGrantResponse> RetireGrantAsync(RetireGrantRequest request, CancellationToken cancellationToken = default) =>
        Complete(cancellationToken, () =>
        {
            new RequestValidation()
                .Length(request.GrantToken, "grantToken", 1, 8192)
                .Length(request.KeyId, "keyId", 1, 2048)
                .Length(request.GrantId, "grantId", 1, 128)
                .ThrowIfInvalid();
            if (request.GrantToken is null && (request.KeyId is null || request.GrantId is null))
            {
                throw KmsErrors.Validation("Identify the grant to retire by its GrantToken, or by both KeyId and GrantId.");
            }

            var (key, grant) = request.GrantToken is { } token
                ? GrantOfToken(token, request.KeyId, request.GrantId)
                : GrantOf(request.KeyId!, request.GrantId!);
            AuthorizeRetirement(key, grant);
            ThrowIfDryRun(request.DryRun);
            if (!_store.DeleteGrant(key.KeyId, grant.GrantId))
            {
                throw KmsErrors.GrantNotFound(grant.GrantId, KeyArn(key));
            }

            return new RetireGrantResponse();
        });

    public Task<RevokeGrantResponse> RevokeGrantAsync(string grantId, string keyId, CancellationToken cancellationToken = default) =>
        RevokeGrantAsync(new RevokeGrantRequest { GrantId = grantId, KeyId = keyId }, cancellationToken);

    public Task<RevokeGrantResponse> RevokeGrantAsync(RevokeGrantRequest request, CancellationToken cancellationToken = default) =>
        Complete(cancellationToken, () =>
        {
            new RequestValidation()
                .Required(request.KeyId, "keyId")
                .Length(request.KeyId, "keyId", 1, 2048)
                .Required(request.GrantId, "grantId")
                .Length(request.GrantId, "grantId", 1, 128)
                .ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:RevokeGrant", key, AddGrantIsForAwsResource);
            if (!GrantIds.IsWellFormed(request.GrantId))
            {
                throw KmsErrors.InvalidGrantId(request.GrantId);
            }

            var grant = _store.FindGrant(key.KeyId, request.GrantId) ?? throw KmsErrors.GrantNotFound(request.GrantId, KeyArn(key));
            ThrowIfDryRun(request.DryRun);
            if (!_store.DeleteGrant(key.KeyId, grant.GrantId))
            {
                throw KmsErrors.GrantNotFound(grant.GrantId, KeyArn(key));
            }

            return new RevokeGrantResponse();
        });

    /// <summary>
    /// The grant that allows the caller <paramref name="action"/> on <paramref name="key"/> when no policy does: a grant
    /// of the key whose grantee is the caller (or the caller's role for a session, or the caller's account when the
    /// caller's IAM policies allow the action), that includes the operation, whose encryption context constraints the
    /// request meets (for the operations that take one), and, for CreateGrant, that covers the grant requested. Grants
    /// are effective as soon as CreateGrant returns: a grant token is not needed to use a new grant.
    /// </summary>
    private GrantRecord? AllowingGrant(string action, KeyRecord key, AuthorizationContext context)
    {
        var operation = action.StartsWith("kms:", StringComparison.Ordinal) ? action[4..] : action;
        if (!GrantOperationSet.IsGrantOperation(operation))
        {
            return null;
        }

        foreach (var grant in _store.ListGrantsForGrantee(key.KeyId, _identity.Arn, _identity.AccountId))
        {
            if (!grant.Allows(operation))
            {
                continue;
            }

            var match = GrantPrincipals.Match(grant.GranteePrincipal, _identity);
            if (match == PrincipalMatch.None || (match == PrincipalMatch.Account && !IdentityAllows(context)))
            {
                continue;
            }

            if (grant.Constraints is { } constraints && GrantOperationSet.TakesEncryptionContext(operation, key) && !constraints.Allows(context.EncryptionContext))
            {
                continue;
            }

            if (operation == "CreateGrant" && context.RequestedGrant is { } requested && !requested.IsWithin(grant))
            {
                continue;
            }

            return grant;
        }

        return null;
    }

    /// <summary>Whether the caller's own IAM policies allow the request (the half a grant to its account needs).</summary>
    private bool IdentityAllows(AuthorizationContext context) =>
        _identity.AccountId is { } account && KeyAccessEvaluator.Evaluate(context, account, keyPolicy: null, _identityPolicies).IsAllowed;

    /// <summary>
    /// RetireGrant is authorized by the grant, not by the key policy (KMS developer guide, "Retiring and revoking grants"):
    /// its retiring principal, its grantee when the grant includes RetireGrant, and the account that owns the key or
    /// issued the grant (its root, or its principals to whom an IAM policy delegates kms:RetireGrant) may retire it. A
    /// kms:RetireGrant deny in an IAM policy wins; the key policy has no effect.
    /// </summary>
    private void AuthorizeRetirement(KeyRecord key, GrantRecord grant)
    {
        const string Action = "kms:RetireGrant";
        var resource = KeyArn(key);
        var context = new AuthorizationContext(Action, resource, _identity);
        AddRequestConditions(context);
        context.Add("kms:KeySpec", key.KeySpec).Add("kms:KeyUsage", key.KeyUsage).Add("kms:KeyOrigin", key.Origin).Add("kms:MultiRegion", "false");
        var iam = KeyAccessEvaluator.Evaluate(context, _identity.AccountId ?? key.AccountId, keyPolicy: null, _identityPolicies);
        if (iam.Decision == AuthorizationDecision.ExplicitDeny)
        {
            ThrowIfDenied(iam, Action, resource);
        }

        var retiring = GrantPrincipals.Match(grant.RetiringPrincipal, _identity);
        var grantee = grant.Allows("RetireGrant") ? GrantPrincipals.Match(grant.GranteePrincipal, _identity) : PrincipalMatch.None;
        var ownerAccount = _identity.AccountId is { } account && (account == key.AccountId || grant.IssuingAccount == $"arn:aws:iam::{account}:root");
        if (retiring == PrincipalMatch.Direct || grantee == PrincipalMatch.Direct)
        {
            return;
        }

        var delegated = ownerAccount || retiring == PrincipalMatch.Account || grantee == PrincipalMatch.Account;
        if (delegated && iam.IsAllowed)
        {
            return;
        }

        ThrowIfDenied(new AuthorizationResult(AuthorizationDecision.ImplicitDeny,
            delegated ? DenialReason.NoIdentityBasedPolicyAllows : DenialReason.NoResourceBasedPolicyAllows, _identity.Arn, []), Action, resource);
    }

    /// <summary>
    /// ListRetirableGrants: the caller's IAM policies decide, on the retiring principal named, which must be of the caller's
    /// account (AWS: "You must specify a principal in your Amazon Web Services account").
    /// </summary>
    private void AuthorizeListRetirable(string principal)
    {
        const string Action = "kms:ListRetirableGrants";
        var context = new AuthorizationContext(Action, principal, _identity);
        AddRequestConditions(context);
        var result = KeyAccessEvaluator.Evaluate(context, _accountId, keyPolicy: null, _identityPolicies);
        if (result.IsAllowed && GrantPrincipals.AccountOf(principal) != _accountId)
        {
            result = new AuthorizationResult(AuthorizationDecision.ImplicitDeny, DenialReason.NoIdentityBasedPolicyAllows, _identity.Arn, []);
        }

        ThrowIfDenied(result, Action, principal);
    }

    /// <summary>The key and grant a RetireGrant token names; KeyId and GrantId, when given too, must name the same.</summary>
    private (KeyRecord Key, GrantRecord Grant) GrantOfToken(string token, string? keyId, string? grantId)
    {
        var parsed = GrantToken.TryParse(token);
        if (parsed is null || parsed.Region != _region)
        {
            throw KmsErrors.InvalidGrantToken();
        }

        var key = ResolveKey(parsed.Scope.KeyArn(parsed.KeyId));
        if ((keyId is not null && ResolveKey(keyId).KeyId != key.KeyId) || (grantId is not null && grantId != parsed.GrantId))
        {
            throw KmsErrors.InvalidGrantToken("The grant token does not belong to the KMS key or grant ID the request names.");
        }

        return (key, _store.FindGrant(key.KeyId, parsed.GrantId) ?? throw KmsErrors.GrantNotFound(parsed.GrantId, KeyArn(key)));
    }

    private (KeyRecord Key, GrantRecord Grant) GrantOf(string keyId, string grantId)
    {
        var key = ResolveKey(keyId);
        if (!GrantIds.IsWellFormed(grantId))
        {
            throw KmsErrors.InvalidGrantId(grantId);
        }

        return (key, _store.FindGrant(key.KeyId, grantId) ?? throw KmsErrors.GrantNotFound(grantId, KeyArn(key)));
    }

    /// <summary>
    /// What AWS refuses with a ValidationException once the key is known: operations the key does not support (Sign on a
    /// symmetric key, GenerateDataKey on an asymmetric one), a grant of CreateGrant alone, encryption context constraints
    /// beside an operation that takes no encryption context, and constraints over their size limits.
    /// </summary>
    private void ValidateGrantFitsKey(KeyRecord key, IReadOnlyList<string> operations, GrantConstraints? requested, GrantConstraintSet? constraints)
    {
        if (operations.Count == 0)
        {
            throw KmsErrors.Validation("A grant must allow at least one operation.");
        }

        var unfit = operations.Where(operation => !GrantOperationSet.Fits(operation, key)).ToList();
        if (unfit.Count > 0)
        {
            throw KmsErrors.Validation(
                $"{KeyArn(key)} (KeySpec {key.KeySpec}, KeyUsage {key.KeyUsage}) does not support the grant {(unfit.Count == 1 ? "operation" : "operations")} {string.Join(", ", unfit)}.");
        }

        if (operations is ["CreateGrant"])
        {
            throw KmsErrors.Validation("Grants must not contain only the CreateGrant operation.");
        }

        if (constraints is null)
        {
            return;
        }

        var withoutContext = operations.Where(operation => !GrantOperationSet.AllowsConstraint(operation, key)).ToList();
        if (withoutContext.Count > 0)
        {
            throw KmsErrors.Validation(
                $"Encryption context grant constraints are supported only on grant operations that take an encryption context; on {KeyArn(key)} {string.Join(", ", withoutContext)} {(withoutContext.Count == 1 ? "does" : "do")} not.");
        }

        foreach (var (member, context) in new[] { ("EncryptionContextEquals", requested!.EncryptionContextEquals), ("EncryptionContextSubset", requested.EncryptionContextSubset) })
        {
            if (context is null)
            {
                continue;
            }

            if (context.Count > GrantLimits.ConstraintPairs)
            {
                throw KmsErrors.Validation($"{member} has {context.Count} encryption context pairs: a grant constraint can include at most {GrantLimits.ConstraintPairs}.");
            }

            if (context.Any(pair => pair.Value is null || pair.Key.Length == 0))
            {
                throw KmsErrors.Validation($"{member} has an empty encryption context key or a null value.");
            }

            if (context.Values.Any(value => value.Length > GrantLimits.ConstraintValueLength))
            {
                throw KmsErrors.Validation($"An encryption context value in {member} exceeds {GrantLimits.ConstraintValueLength} characters, the most a grant constraint allows.");
            }
        }
    }

    /// <summary>A grantee or retiring principal must be a principal ARN (account root, user, role, session) or a service principal.</summary>
    private static void ValidateGrantPrincipal(string principal, string member)
    {
        try
        {
            CallerIdentity.Parse(principal);
        }
        catch (ArgumentException)
        {
            throw KmsErrors.Validation(
                $"{member} '{principal}' is not a principal: use the ARN of an AWS account (root), an IAM user or role, an assumed-role session, or a service principal.");
        }
    }

    private static void ThrowIfServicePrincipalGrant(string? granteeService, string? retiringService, string? sourceArn)
    {
        if (granteeService is not null || retiringService is not null || sourceArn is not null)
        {
            throw KmsErrors.Unsupported(
                "GranteeServicePrincipal, RetiringServicePrincipal and the SourceArn grant constraint are not supported by the PKCS#11 engine: name a service principal in GranteePrincipal or RetiringPrincipal instead.");
        }
    }

    /// <summary>kms:GrantIsForAWSResource: true when an AWS service integrated with KMS calls on the principal's behalf (kms:ViaService).</summary>
    private static void AddGrantIsForAwsResource(AuthorizationContext context) =>
        context.Add("kms:GrantIsForAWSResource", KmsRequestContext.Current?.ViaService is null ? "false" : "true");

    /// <summary>A ListGrants marker is the sequence number of the last grant of the previous page.</summary>
    private static long DecodeGrantMarker(string? marker) =>
        marker is null ? 0 : long.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0 ? after : throw KmsErrors.InvalidMarker();

    private static T Page<T>(IReadOnlyList<GrantRecord> page, int limit, Func<List<GrantListEntry>, bool, string?, T> response)
    {
        var truncated = page.Count > limit;
        var grants = page.Take(limit).ToList();
        return response(grants.Select(ListEntry).ToList(), truncated, truncated ? grants[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
    }

    private static GrantListEntry ListEntry(GrantRecord grant) => new()
    {
        KeyId = grant.Scope.KeyArn(grant.KeyId),
        GrantId = grant.GrantId,
        Name = grant.Name,
        CreationDate = grant.CreatedAt.UtcDateTime,
        GranteePrincipal = grant.GranteePrincipal,
        RetiringPrincipal = grant.RetiringPrincipal,
        IssuingAccount = grant.IssuingAccount,
        Operations = [.. grant.Operations],
        Constraints = grant.Constraints?.ToSdk(),
    };

    [GeneratedRegex(PrincipalPattern, RegexOptions.ECMAScript)]
    private static partial Regex PrincipalRegex();

    [GeneratedRegex(GrantNamePattern)]
    private static partial Regex GrantNameRegex();
}
