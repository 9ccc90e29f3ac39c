using KmsKit.Runtime.Caching;
using KmsKit.Runtime.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace KmsKit.Runtime.Tests.Caching;

public sealed class CachingCryptographicMaterialsManagerTests
{
    private static readonly EncryptionClient Client = TestKeys.Client(0x0478);

    [Fact]
    public async Task Max_messages_100_makes_exactly_100_data_keys_for_10000_messages()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), MaxMessagesEncrypted = 100 });
        var plaintext = new byte[16];

        byte[] last = [];
        for (var i = 0; i < 10_000; i++)
        {
            last = await Client.EncryptAsync(plaintext, cmm);
        }

        Assert.Equal(100, keyring.DataKeysGenerated);
        Assert.Equal(9_900, cmm.CacheHits);
        Assert.Equal(100, cmm.CacheMisses);
        Assert.Equal(plaintext, (await Client.DecryptAsync(last, keyring)).Plaintext);
    }

    [Fact]
    public async Task Max_age_expires_entries_on_the_clock_given()
    {
        var clock = new FakeTimeProvider();
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromMinutes(5), TimeProvider = clock });

        await Client.EncryptAsync(new byte[1], cmm);
        clock.Advance(TimeSpan.FromMinutes(4));
        await Client.EncryptAsync(new byte[1], cmm);
        Assert.Equal(1, keyring.DataKeysGenerated);

        clock.Advance(TimeSpan.FromMinutes(1));
        await Client.EncryptAsync(new byte[1], cmm);
        await Client.EncryptAsync(new byte[1], cmm);
        Assert.Equal(2, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task Max_bytes_limits_the_plaintext_per_data_key()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), MaxBytesEncrypted = 1000 });

        for (var i = 0; i < 100; i++)
        {
            await Client.EncryptAsync(new byte[100], cmm);
        }

        Assert.Equal(10, keyring.DataKeysGenerated);
        await Client.EncryptAsync(new byte[1001], cmm);
        Assert.Equal(11, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task Streams_of_unknown_length_are_not_served_from_the_cache()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1) });

        for (var i = 0; i < 3; i++)
        {
            await Client.EncryptAsync(new NonSeekableStream(new byte[10]), new MemoryStream(), cmm);
        }

        Assert.Equal(3, keyring.DataKeysGenerated);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Capacity_evicts_the_least_recently_used_entry()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache(capacity: 2);
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1) });

        foreach (var tenant in new[] { "a", "b", "a", "c", "a", "b" })
        {
            await Client.EncryptAsync(new byte[1], cmm, TestKeys.Context("tenant", tenant));
        }

        // a, b miss; a hits; c evicts b (least recent); a hits; b misses again.
        Assert.Equal(4, keyring.DataKeysGenerated);
        Assert.Equal(2, cmm.CacheHits);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Partitions_keep_managers_apart_in_a_shared_cache()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var first = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), PartitionId = "one" });
        var same = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), PartitionId = "one" });
        var other = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), PartitionId = "two" });

        await Client.EncryptAsync(new byte[1], first);
        await Client.EncryptAsync(new byte[1], same);
        Assert.Equal(1, keyring.DataKeysGenerated);
        await Client.EncryptAsync(new byte[1], other);
        Assert.Equal(2, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task Decryption_materials_are_cached_too()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1) });
        var message = await Client.EncryptAsync(new byte[] { 7 }, keyring);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal([7], (await Client.DecryptAsync(message, cmm)).Plaintext);
        }

        Assert.Equal(1, keyring.DataKeysUnwrapped);
        Assert.Equal(4, cmm.CacheHits);
    }

    [Fact]
    public async Task Concurrent_encryptions_never_use_a_data_key_beyond_max_messages()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), MaxMessagesEncrypted = 10 });
        var messages = new System.Collections.Concurrent.ConcurrentBag<byte[]>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, token) =>
            messages.Add(await Client.EncryptAsync(new byte[4], cmm, cancellationToken: token)));

        var usesPerKey = new Dictionary<string, int>();
        foreach (var message in messages)
        {
            var header = await HeaderReader.ReadAsync(new MessageReader(new MemoryStream(message)), new EncryptionClientOptions(), CancellationToken.None);
            var key = Convert.ToHexString(header.EncryptedDataKeys[0].Ciphertext);
            usesPerKey[key] = usesPerKey.GetValueOrDefault(key) + 1;
        }

        Assert.All(usesPerKey.Values, uses => Assert.InRange(uses, 1, 10));
        Assert.Equal(keyring.DataKeysGenerated, usesPerKey.Count);
        Assert.InRange(keyring.DataKeysGenerated, 40, 400);
        Assert.Equal(400, cmm.CacheHits + cmm.CacheMisses);
    }

    [Fact]
    public void Options_are_checked()
    {
        using var cache = new CryptographicMaterialsCache();
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingCryptographicMaterialsManager(TestKeys.AesKeyring(), cache, new()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingCryptographicMaterialsManager(TestKeys.AesKeyring(), cache, new() { MaxAge = TimeSpan.FromSeconds(1), MaxMessagesEncrypted = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CryptographicMaterialsCache(capacity: 0));
    }

    [Fact]
    public async Task A_disposed_cache_refuses_to_take_new_data_keys()
    {
        // Dispose zeroes every entry; a data key cached afterwards would never be zeroed.
        var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(TestKeys.AesKeyring(), cache, new() { MaxAge = TimeSpan.FromHours(1) });
        await Client.EncryptAsync(new byte[1], cmm);
        cache.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Client.EncryptAsync(new byte[1], cmm));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_stream_positioned_past_its_end_does_not_give_bytes_back_to_a_cached_data_key()
    {
        // Length - Position is negative there: counted as is, it would lower the bytes a data key has encrypted.
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var cache = new CryptographicMaterialsCache();
        var cmm = new CachingCryptographicMaterialsManager(keyring, cache, new() { MaxAge = TimeSpan.FromHours(1), MaxBytesEncrypted = 100 });

        await Client.EncryptAsync(new byte[100], cmm);
        await Client.EncryptAsync(new MemoryStream(new byte[10]) { Position = 110 }, new MemoryStream(), cmm);
        await Client.EncryptAsync(new byte[100], cmm);

        Assert.Equal(2, keyring.DataKeysGenerated);
    }
}
