using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. Managing an alias is authorized on the alias (identity
// policies) and on every key it names or will name (key policies), as AWS requires.
public sealed partial class Pkcs11Kms
{
    private const string AliasPrefix = "alias/";
    private const string ReservedAliasPrefix = "alias/aws/";

    public Task<CreateAliasResponse> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            ValidateAliasName(request.AliasName);
            var key = AliasTarget(request.TargetKeyId);
            AuthorizeOnAlias("kms:CreateAlias", request.AliasName!);
            Authorize("kms:CreateAlias", key);
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            var now = Now;
            if (!_store.TryCreateAlias(_scope, new AliasRecord(request.AliasName, key.KeyId, now, now)))
            {
                throw KmsErrors.AlreadyExists($"An alias with the name {AliasArn(request.AliasName)} already exists");
            }

            return new CreateAliasResponse();
        });

    public Task<CreateAliasResponse> CreateAliasAsync(string aliasName, string targetKeyId, CancellationToken cancellationToken = default) =>
        CreateAliasAsync(new CreateAliasRequest { AliasName = aliasName, TargetKeyId = targetKeyId }, cancellationToken);

    public Task<UpdateAliasResponse> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            ValidateAliasName(request.AliasName);
            var alias = _store.FindAlias(_scope, request.AliasName) ?? throw KmsErrors.AliasNotFound(AliasArn(request.AliasName));
            var key = AliasTarget(request.TargetKeyId);
            AuthorizeOnAlias("kms:UpdateAlias", request.AliasName!);
            var current = _store.FindKey(_scope, alias.KeyId);
            if (current is not null)
            {
                Authorize("kms:UpdateAlias", current);
            }

            Authorize("kms:UpdateAlias", key);
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            if (current is not null && !SameKeyType(current, key))
            {
                throw KmsErrors.Validation(
                    $"{KeyArn(key)} has a different key spec or key usage than the key the alias currently refers to.");
            }

            if (!_store.TryUpdateAlias(_scope, request.AliasName, key.KeyId, Now))
            {
                throw KmsErrors.AliasNotFound(AliasArn(request.AliasName));
            }

            return new UpdateAliasResponse();
        });

    public Task<UpdateAliasResponse> UpdateAliasAsync(string aliasName, string targetKeyId, CancellationToken cancellationToken = default) =>
        UpdateAliasAsync(new UpdateAliasRequest { AliasName = aliasName, TargetKeyId = targetKeyId }, cancellationToken);

    public Task<DeleteAliasResponse> DeleteAliasAsync(DeleteAliasRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            ValidateAliasName(request.AliasName);
            var alias = _store.FindAlias(_scope, request.AliasName) ?? throw KmsErrors.AliasNotFound(AliasArn(request.AliasName));
            AuthorizeOnAlias("kms:DeleteAlias", request.AliasName!);
            if (_store.FindKey(_scope, alias.KeyId) is { } key)
            {
                Authorize("kms:DeleteAlias", key);
            }

            if (!_store.TryDeleteAlias(_scope, request.AliasName))
            {
                throw KmsErrors.AliasNotFound(AliasArn(request.AliasName));
            }

            return new DeleteAliasResponse();
        });

    public Task<DeleteAliasResponse> DeleteAliasAsync(string aliasName, CancellationToken cancellationToken = default) =>
        DeleteAliasAsync(new DeleteAliasRequest { AliasName = aliasName }, cancellationToken);

    public Task<ListAliasesResponse> ListAliasesAsync(ListAliasesRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.Limit, "limit", 1, 100).Length(request.Marker, "marker", 1, 1024).ThrowIfInvalid();
            var key = request.KeyId is null ? null : ResolveKey(request.KeyId);
            Authorize("kms:ListAliases", null);
            var limit = request.Limit ?? 50;
            var page = _store.ListAliases(_scope, key?.KeyId, request.Marker, limit + 1);
            var truncated = page.Count > limit;
            var aliases = page.Take(limit).ToList();
            return new ListAliasesResponse
            {
                Aliases = aliases.Select(a => new AliasListEntry
                {
                    AliasName = a.AliasName,
                    AliasArn = AliasArn(a.AliasName),
                    TargetKeyId = a.KeyId,
                    CreationDate = a.CreatedAt.UtcDateTime,
                    LastUpdatedDate = a.UpdatedAt.UtcDateTime,
                }).ToList(),
                Truncated = truncated,
                NextMarker = truncated ? aliases[^1].AliasName : null,
            };
        });

    private static void ValidateAliasName(string? aliasName)
    {
        new RequestValidation().Required(aliasName, "aliasName").Length(aliasName, "aliasName", 1, 256).ThrowIfInvalid();
        if (!AliasPattern().IsMatch(aliasName!))
        {
            throw KmsErrors.Validation(
                $"1 validation error detected: Value '{aliasName}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }

        if (!aliasName!.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            throw KmsErrors.Validation(
                "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }

        // alias/aws/ names belong to AWS managed keys: a customer may not create, update or delete them.
        if (aliasName.StartsWith(ReservedAliasPrefix, StringComparison.Ordinal))
        {
            throw KmsErrors.NotAuthorized();
        }

        // The model's pattern admits ':', but KMS refuses it in an alias name with a message of its own.
        if (aliasName.Contains(':', StringComparison.Ordinal))
        {
            throw KmsErrors.Validation($"{aliasName} contains invalid characters for an alias");
        }
    }

    private KeyRecord AliasTarget(string? targetKeyId)
    {
        if (targetKeyId is not null && KeyReference.Parse(targetKeyId).AliasName is not null)
        {
            throw KmsErrors.Validation("Aliases must refer to keys. Not aliases");
        }

        return ResolveKey(targetKeyId, "targetKeyId");
    }

    private static bool SameKeyType(KeyRecord a, KeyRecord b) =>
        a.KeyUsage == b.KeyUsage && KeySpecInfo.Get(a.KeySpec).Family == KeySpecInfo.Get(b.KeySpec).Family;

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex AliasPattern();
}
