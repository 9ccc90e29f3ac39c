using System;
using System.Collections.Generic;
using System.Globalization;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Authorization: the key policy and the caller's identity policies decide every request, with the condition
// keys AWS KMS documents for it; a grant allows what they leave implicitly denied (Pkcs11Kms.Grants.cs).
public sealed partial class Pkcs11Kms
{
    /// <summary>
    /// The <see cref="Exception.Data"/> key of an AccessDeniedException that names the statements that decided it:
    /// for a server's log, never for the caller (AWS does not say).
    /// </summary>
    public const string DecidedByDataKey = "kmskit:decidedBy";

    /// <summary>
    /// Decides whether the caller may do <paramref name="action"/> on <paramref name="key"/> (null: an account-level
    /// action) under its key policy and the caller's identity policies; <paramref name="conditions"/> adds the
    /// request's own condition keys (encryption context, algorithms...). <paramref name="requestedKeyId"/> is the
    /// request's KeyId as sent, for kms:RequestAlias.
    /// </summary>
    private void Authorize(string action, KeyRecord? key, Action<AuthorizationContext>? conditions = null, string? requestedKeyId = null) =>
        ThrowIfDenied(Decide(action, key, conditions, requestedKeyId), action, key is null ? "*" : KeyArn(key));

    /// <summary>
    /// Decides an alias action (kms:CreateAlias, kms:UpdateAlias, kms:DeleteAlias) on the alias itself, which AWS
    /// requires apart from the same action on each key the alias names. An alias has no policy of its own: the caller's
    /// identity policies alone decide, on the alias ARN (the account's root needs none).
    /// </summary>
    private void AuthorizeOnAlias(string action, string aliasName)
    {
        var resource = AliasArn(aliasName);
        var context = new AuthorizationContext(action, resource, _identity);
        AddRequestConditions(context);
        ThrowIfDenied(KeyAccessEvaluator.Evaluate(context, _accountId, keyPolicy: null, _identityPolicies), action, resource);
    }

    /// <summary>
    /// Tags given to CreateKey need kms:TagResource as well as kms:CreateKey, with the same condition keys. The key does
    /// not exist yet, so identity policies alone decide, and AWS's denial names no resource.
    /// </summary>
    private void AuthorizeTaggingOnCreation(Action<AuthorizationContext> conditions) =>
        ThrowIfDenied(Decide("kms:TagResource", null, conditions), "kms:TagResource", resource: string.Empty);

    private static void ThrowIfDenied(AuthorizationResult result, string action, string resource)
    {
        if (!result.IsAllowed)
        {
            throw KmsErrors.AccessDenied(result, action, resource);
        }
    }

    /// <summary>What <see cref="Authorize"/> decides, returned instead of thrown (policy simulation shows it).</summary>
    private AuthorizationResult Decide(string action, KeyRecord? key, Action<AuthorizationContext>? conditions, string? requestedKeyId = null)
    {
        var resource = key is null ? "*" : KeyArn(key);
        var context = new AuthorizationContext(action, resource, _identity);
        AddRequestConditions(context);
        if (KeyReference.RequestAlias(requestedKeyId) is { } alias)
        {
            context.Add("kms:RequestAlias", alias);
        }

        PolicyDocument? keyPolicy = null;
        if (key is not null)
        {
            keyPolicy = _policies.Get(KeyPolicyText(key), PolicyKind.KeyPolicy);
            AddKeyConditions(context, key, keyPolicy);
        }

        conditions?.Invoke(context);
        var result = KeyAccessEvaluator.Evaluate(context, key?.AccountId ?? _accountId, keyPolicy, _identityPolicies);
        // A grant allows what no policy allows, never what a policy denies: grants are read only after an implicit deny.
        return result.Decision == AuthorizationDecision.ImplicitDeny && key is not null && AllowingGrant(action, key, context) is { } grant
            ? new AuthorizationResult(AuthorizationDecision.Allow, DenialReason.None, result.CallerArn, [], grant.GrantId)
            : result;
    }

    /// <summary>The keys every request has: the caller's account, the time, and what the transport knows.</summary>
    private void AddRequestConditions(AuthorizationContext context)
    {
        context.Add("kms:CallerAccount", _accountId);
        context.Add("aws:CurrentTime", Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var request = KmsRequestContext.Current;
        context.Add("aws:SecureTransport", request?.SecureTransport == true ? "true" : "false");
        if (request?.SourceIp is { } ip)
        {
            context.Add("aws:SourceIp", ip.ToString());
        }

        if (request?.ViaService is { } service)
        {
            context.Add("kms:ViaService", service);
        }
    }

    /// <summary>
    /// The key's own keys. Its tags and aliases cost a store read each, so they are read only when a policy
    /// that applies could name them.
    /// </summary>
    private void AddKeyConditions(AuthorizationContext context, KeyRecord key, PolicyDocument keyPolicy)
    {
        context.Add("kms:KeySpec", key.KeySpec)
            .Add("kms:KeyUsage", key.KeyUsage)
            .Add("kms:KeyOrigin", key.Origin)
            .Add("kms:MultiRegion", "false");
        if (keyPolicy.NamesResourceTags || _identityNamesResourceTags)
        {
            foreach (var tag in _store.ListTags(key.KeyId))
            {
                context.Add("aws:ResourceTag/" + tag.Key, tag.Value);
            }
        }

        if (keyPolicy.NamesResourceAliases || _identityNamesResourceAliases)
        {
            foreach (var alias in _store.ListAliases(key.Scope, key.KeyId, null, 1000))
            {
                context.Add("kms:ResourceAliases", alias.AliasName);
            }
        }
    }

    /// <summary>kms:EncryptionContext:KEY for each pair and kms:EncryptionContextKeys, as AWS sets them.</summary>
    private static void AddEncryptionContext(AuthorizationContext context, IReadOnlyDictionary<string, string>? encryptionContext)
    {
        context.EncryptionContext = encryptionContext;
        if (encryptionContext is null)
        {
            return;
        }

        foreach (var pair in encryptionContext)
        {
            if (pair.Value is null)
            {
                continue; // refused by the request's validation, which runs after authorization as in AWS
            }

            context.Add("kms:EncryptionContext:" + pair.Key, pair.Value);
            context.Add("kms:EncryptionContextKeys", pair.Key);
        }
    }

    /// <summary>aws:RequestTag/KEY and aws:TagKeys of a request that tags a key.</summary>
    private static void AddRequestTags(AuthorizationContext context, IEnumerable<KeyValuePair<string, string>> tags)
    {
        foreach (var tag in tags)
        {
            context.Add("aws:RequestTag/" + tag.Key, tag.Value);
            context.Add("aws:TagKeys", tag.Key);
        }
    }
}
