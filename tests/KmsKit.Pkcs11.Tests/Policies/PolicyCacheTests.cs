using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

public sealed class PolicyCacheTests
{
    [Fact]
    public void same_text_is_parsed_once()
    {
        var cache = new PolicyCache();
        var text = DefaultKeyPolicy.For("111122223333");

        Assert.Same(cache.Get(text), cache.Get(text));
    }

    [Fact]
    public void same_text_as_another_kind_is_another_entry()
    {
        var cache = new PolicyCache();
        var text = EvaluationCase.Json("{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*'}}");

        cache.Get(text, PolicyKind.KeyPolicy);

        Assert.Throws<MalformedPolicyDocumentException>(() => cache.Get(text, PolicyKind.IdentityPolicy));
    }

    [Fact]
    public void cache_stays_within_its_capacity()
    {
        var cache = new PolicyCache(capacity: 2);

        foreach (var account in new[] { "111111111111", "222222222222", "333333333333" })
        {
            cache.Get(DefaultKeyPolicy.For(account));
        }

        Assert.True(cache.Count <= 2);
    }

    [Fact]
    public void malformed_text_is_not_kept()
    {
        var cache = new PolicyCache();

        Assert.Throws<MalformedPolicyDocumentException>(() => cache.Get("nope"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void concurrent_gets_return_one_document()
    {
        var cache = new PolicyCache();
        var text = DefaultKeyPolicy.For("111122223333");

        var documents = Enumerable.Range(0, 64).AsParallel().Select(_ => cache.Get(text)).Distinct().Count();

        Assert.Equal(1, documents);
    }
}
