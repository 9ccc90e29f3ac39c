using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Tags: TagResource, UntagResource, ListResourceTags.
public sealed partial class Pkcs11Kms
{
    private const int MaxTags = 50;

    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Required(request.Tags, "tags").ThrowIfInvalid();
            var tags = ValidateTags(request.Tags);
            var key = ResolveKey(request.KeyId);
            Authorize("kms:TagResource", key, context => AddRequestTags(context, tags));
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            if (!_store.TryPutTags(key.KeyId, tags, MaxTags))
            {
                throw KmsErrors.Tag("Too many tags");
            }

            return new TagResourceResponse();
        });

    public Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            var validation = new RequestValidation().Required(request.TagKeys, "tagKeys");
            for (var i = 0; i < (request.TagKeys?.Count ?? 0); i++)
            {
                validation
                    .Required(request.TagKeys![i], $"tagKeys.{i + 1}.member")
                    .Length(request.TagKeys[i], $"tagKeys.{i + 1}.member", 1, 128);
            }

            validation.ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:UntagResource", key, context => context.Add("aws:TagKeys", request.TagKeys!));
            RequireState(key, KeyStateRule.EnabledOrDisabled);
            _store.RemoveTags(key.KeyId, request.TagKeys!);
            return new UntagResourceResponse();
        });

    public Task<ListResourceTagsResponse> ListResourceTagsAsync(ListResourceTagsRequest request, CancellationToken cancellationToken = default) =>
        Complete(request, cancellationToken, () =>
        {
            new RequestValidation().Range(request.Limit, "limit", 1, MaxTags).Length(request.Marker, "marker", 1, 1024).ThrowIfInvalid();
            var key = ResolveKey(request.KeyId);
            Authorize("kms:ListResourceTags", key);
            var limit = request.Limit ?? MaxTags;
            var remaining = _store.ListTags(key.KeyId)
                .Where(t => request.Marker is null || string.CompareOrdinal(t.Key, request.Marker) > 0)
                .ToList();
            var page = remaining.Take(limit).ToList();
            var truncated = remaining.Count > limit;
            return new ListResourceTagsResponse
            {
                Tags = page.Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList(),
                Truncated = truncated,
                NextMarker = truncated ? page[^1].Key : null,
            };
        });

    /// <summary>Validates tags as AWS does: lengths first, then reserved prefix, duplicates and count.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> ValidateTags(List<Tag>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }

        var validation = new RequestValidation();
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] is null)
            {
                validation.Required(null, $"tags.{i + 1}.member");
                continue;
            }

            validation
                .Required(tags[i].TagKey, $"tags.{i + 1}.member.tagKey")
                .Length(tags[i].TagKey, $"tags.{i + 1}.member.tagKey", 1, 128)
                .Required(tags[i].TagValue, $"tags.{i + 1}.member.tagValue")
                .Length(tags[i].TagValue, $"tags.{i + 1}.member.tagValue", 0, 256);
        }

        validation.ThrowIfInvalid();
        if (tags.Any(t => t.TagKey.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
        {
            throw KmsErrors.Tag("Tags beginning with aws: are reserved");
        }

        if (tags.Select(t => t.TagKey).Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw KmsErrors.Tag("Duplicate tag keys");
        }

        if (tags.Count > MaxTags)
        {
            throw KmsErrors.Tag("Too many tags");
        }

        return tags.Select(t => new KeyValuePair<string, string>(t.TagKey, t.TagValue)).ToList();
    }
}
