using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Policy simulation: the decision a request would get, and the statements that made it, without performing it.
public sealed partial class Pkcs11Kms
{
    /// <summary>
    /// Decides whether <paramref name="principal"/> (with its identity policies and tags) may do
    /// <paramref name="action"/> on the key <paramref name="keyId"/> names (key id, key ARN, alias name or alias
    /// ARN, as this facade's caller names keys), with the condition keys a real request of that action would
    /// have: <paramref name="encryptionContext"/> for the actions that take one, kms:EncryptionAlgorithm
    /// SYMMETRIC_DEFAULT for Encrypt, Decrypt and ReEncrypt (a request that names no algorithm), kms:RequestAlias when
    /// <paramref name="keyId"/> is an alias and the action's request sets it (cryptographic operations, DescribeKey,
    /// GetPublicKey), the key's own keys, the principal's, and the transport's of the current request. Nothing is
    /// performed; the key's state and usage are not checked (only authorization is simulated). A grant of the key for the
    /// principal decides when no policy allows, with its encryption context constraints applied to
    /// <paramref name="encryptionContext"/>; it is then <see cref="AccessSimulation.DecidingGrant"/>.
    /// </summary>
    /// <remarks>
    /// The simulation reveals policy statements, so this facade's caller must be allowed kms:GetKeyPolicy on the
    /// key (an AccessDeniedException otherwise). An account-level action (kms:CreateKey, kms:ListKeys ...) takes no
    /// key; only the principal itself or its account's root may simulate one. An action that is not one of the KMS
    /// API, a key for an account-level action, no key for a key action, an encryption context for an action
    /// without one, or a principal that is not an IAM/STS principal ARN or a service principal is a ValidationException.
    /// </remarks>
    public AccessSimulation SimulateAccess(string action, string? keyId, IReadOnlyDictionary<string, string>? encryptionContext, KmsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (string.IsNullOrEmpty(action) || !KmsActions.TryFind(action, out var name, out var onKey))
        {
            throw KmsErrors.Validation($"'{action}' is not an action of the KMS API: expected one such as kms:Decrypt, kms:Encrypt or kms:DescribeKey.");
        }

        if (encryptionContext is { Count: > 0 } && !KmsActions.TakesEncryptionContext(name))
        {
            throw KmsErrors.Validation($"A {name} request has no encryption context: simulate it without one.");
        }

        var simulated = Simulated(principal);
        KeyRecord? key = null;
        if (onKey)
        {
            if (keyId is null)
            {
                throw KmsErrors.Validation($"{name} is an action on a key: name the key.");
            }

            key = ResolveKey(keyId);
            Authorize("kms:GetKeyPolicy", key);
        }
        else
        {
            if (keyId is not null)
            {
                throw KmsErrors.Validation($"{name} is an account-level action: simulate it without a key.");
            }

            var other = simulated._identity;
            if (_identity.Arn != other.Arn && !(_identity.IsRoot && _identity.AccountId == other.AccountId))
            {
                throw KmsErrors.AccessDenied(
                    $"User: {_identity.Arn} is not authorized to simulate {name} for {other.Arn}: an account-level action is simulated by the principal itself or its account's root.");
            }
        }

        var result = simulated.Decide(name, key, context =>
        {
            if (KmsActions.TakesEncryptionContext(name))
            {
                AddEncryptionContext(context, encryptionContext);
            }

            if (KmsActions.TakesEncryptionAlgorithm(name))
            {
                context.Add("kms:EncryptionAlgorithm", EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.Value);
            }
        }, KmsActions.TakesRequestAlias(name) ? keyId : null);
        var statements = result.DecidingStatements
            .Select(reference => Describe(reference, key, principal))
            .ToList();
        var grant = result.DecidingGrantId is { } grantId && key is not null ? _store.FindGrant(key.KeyId, grantId) : null;
        return new AccessSimulation(name, key is null ? "*" : KeyArn(key), result, statements, grant is null ? null
            : new SimulatedGrant(grant.GrantId, grant.Name, grant.GranteePrincipal, grant.Operations, grant.Constraints?.ToString()));
    }

    /// <summary>The facade of the simulated principal, in this facade's region; a malformed principal is a ValidationException.</summary>
    private Pkcs11Kms Simulated(KmsPrincipal principal)
    {
        try
        {
            return new Pkcs11Kms(_core, principal, _region, ownsCore: false);
        }
        catch (ArgumentException e)
        {
            throw KmsErrors.Validation(e.Message);
        }
    }

    private static SimulatedStatement Describe(StatementReference reference, KeyRecord? key, KmsPrincipal principal)
    {
        var policy = reference.Source == PolicySource.KeyPolicy ? KeyPolicyText(key!) : principal.IdentityPolicies[reference.PolicyIndex];
        return new SimulatedStatement(reference.Source, reference.PolicyIndex, reference.StatementIndex, reference.Sid, reference.Effect,
            StatementJson(policy, reference.StatementIndex));
    }

    /// <summary>Statement <paramref name="index"/> of a policy (whose Statement may be one object or an array), indented.</summary>
    private static string StatementJson(string policy, int index)
    {
        using var document = JsonDocument.Parse(policy);
        var statements = document.RootElement.GetProperty("Statement");
        var statement = statements.ValueKind == JsonValueKind.Array ? statements[index] : statements;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            statement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
