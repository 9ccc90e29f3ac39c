using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Tests;

/// <summary>What a caller gets for arguments the client cannot work with: a clear error before any work.</summary>
public sealed class ClientArgumentTests
{
    [Fact]
    public async Task Decrypting_bytes_without_a_materials_manager_is_an_ArgumentNullException()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1 }, keyring);

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => client.DecryptAsync(message, (ICryptographicMaterialsManager)null!));
        Assert.Equal("materialsManager", error.ParamName);
    }

    [Fact]
    public async Task A_plaintext_stream_that_cannot_be_read_is_refused_before_anything_is_written()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        var output = new MemoryStream();
        using var writeOnly = new WriteOnlyStream();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new EncryptionClient().EncryptAsync(writeOnly, output, new DefaultCryptographicMaterialsManager(keyring)));
        Assert.Equal("plaintext", error.ParamName);
        Assert.Equal(0, output.Length);
        Assert.Equal(0, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task A_ciphertext_stream_that_cannot_be_written_is_refused_before_materials_are_fetched()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        using var readOnly = new MemoryStream(new byte[10], writable: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new EncryptionClient().EncryptAsync(new MemoryStream(new byte[10]), readOnly, new DefaultCryptographicMaterialsManager(keyring)));
        Assert.Equal("ciphertext", error.ParamName);
        Assert.Equal(0, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task Decrypting_from_a_stream_that_cannot_be_read_or_into_one_that_cannot_be_written_is_refused()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1 }, keyring);
        var cmm = new DefaultCryptographicMaterialsManager(keyring);
        using var writeOnly = new WriteOnlyStream();

        var unreadable = await Assert.ThrowsAsync<ArgumentException>(() => client.DecryptAsync(writeOnly, new MemoryStream(), cmm));
        Assert.Equal("ciphertext", unreadable.ParamName);
        var unwritable = await Assert.ThrowsAsync<ArgumentException>(() => client.DecryptAsync(new MemoryStream(message), new MemoryStream(new byte[10], writable: false), cmm));
        Assert.Equal("plaintext", unwritable.ParamName);
    }

    [Fact]
    public async Task A_cancelled_token_stops_an_in_memory_encryption()
    {
        var keyring = new CountingKeyring(TestKeys.AesKeyring());
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var client = new EncryptionClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EncryptAsync(new byte[100], keyring, null, new CancellationToken(canceled: true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EncryptAsync(new byte[100], output, new DefaultCryptographicMaterialsManager(keyring), null, new CancellationToken(canceled: true)));
        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(0, keyring.DataKeysGenerated);
    }

    [Fact]
    public async Task A_cancelled_token_stops_an_in_memory_decryption()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[100], keyring);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DecryptAsync(message, keyring, null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Materials_for_a_signed_message_without_a_verification_key_are_refused_by_both_decrypt_paths()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[100], keyring);
        var unverifiable = new WithoutVerificationKey(new DefaultCryptographicMaterialsManager(keyring));

        var inMemory = await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(message, unverifiable));
        var streamed = await Assert.ThrowsAsync<EncryptionSdkException>(() => client.DecryptAsync(new MemoryStream(message), new MemoryStream(), unverifiable, release: PlaintextRelease.Streaming));

        Assert.Contains("without a verification key", inMemory.Message);
        Assert.Equal(inMemory.Message, streamed.Message);
    }

    [Fact]
    public void Options_without_a_suite_are_an_ArgumentNullException()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new EncryptionClient(new EncryptionClientOptions { Suite = null! }));
        Assert.Equal("Suite", error.ParamName);
    }

    [Fact]
    public void An_undefined_commitment_policy_is_refused()
    {
        // Anything but RequireEncryptRequireDecrypt reads legacy suites: an undefined value must not open that door.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EncryptionClient(new EncryptionClientOptions { CommitmentPolicy = (CommitmentPolicy)7 }));
        Assert.Equal("CommitmentPolicy", error.ParamName);
    }

    [Fact]
    public void A_multi_keyring_with_a_null_child_is_refused_when_made()
    {
        var error = Assert.Throws<ArgumentException>(() => new MultiKeyring(TestKeys.AesKeyring(), [TestKeys.AesKeyring(), null!]));
        Assert.Equal("children", error.ParamName);
    }

    [Fact]
    public async Task A_null_encryption_context_value_is_named_as_an_argument_of_the_call()
    {
        var keyring = TestKeys.AesKeyring();
        var client = new EncryptionClient();
        var message = await client.EncryptAsync(new byte[] { 1 }, keyring);
        var context = new Dictionary<string, string> { ["tenant"] = null! };

        var encrypting = await Assert.ThrowsAsync<ArgumentException>(() => client.EncryptAsync(new byte[] { 1 }, keyring, context));
        Assert.Equal("encryptionContext", encrypting.ParamName);
        Assert.Contains("'tenant'", encrypting.Message, StringComparison.Ordinal);
        var decrypting = await Assert.ThrowsAsync<ArgumentException>(() => client.DecryptAsync(message, keyring, context));
        Assert.Equal("encryptionContext", decrypting.ParamName);
    }

    private sealed class WriteOnlyStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }
    }

    /// <summary>A materials manager that loses the verification key of the materials it passes on.</summary>
    private sealed class WithoutVerificationKey(ICryptographicMaterialsManager inner) : ICryptographicMaterialsManager
    {
        public ValueTask<EncryptionMaterials> GetEncryptionMaterialsAsync(EncryptionMaterialsRequest request, CancellationToken cancellationToken = default) =>
            inner.GetEncryptionMaterialsAsync(request, cancellationToken);

        public async ValueTask<DecryptionMaterials> DecryptMaterialsAsync(DecryptionMaterialsRequest request, CancellationToken cancellationToken = default)
        {
            using var full = await inner.DecryptMaterialsAsync(request, cancellationToken);
            var partial = new DecryptionMaterials(full.Suite, full.EncryptionContext, full.RequiredEncryptionContextKeys);
            partial.SetPlaintextDataKey((byte[])full.PlaintextDataKey!.Clone());
            return partial;
        }
    }
}
