using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime;
using KmsKit.Runtime.Encryptors;
using KmsKit.Runtime.Keyrings.AwsKms;
using KmsKit.Runtime.Materials;
using Microsoft.Extensions.DependencyInjection;

namespace KmsKit.Generators.Tests.EndToEnd;

/// <summary>Generated encryptors against the KMS engine over a real SoftHSM2 token.</summary>
public sealed class EncryptorEndToEndTests : IClassFixture<EncryptorEndToEndTests.Engine>
{
    private readonly Engine _engine;

    public EncryptorEndToEndTests(Engine engine) => _engine = engine;

    [Fact]
    public async Task Encrypts_and_decrypts_a_record_keeping_the_other_members_readable()
    {
        var encryptor = new Customer.Encryptor(_engine.Client);
        var ada = new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada");

        var encrypted = await encryptor.EncryptAsync(ada);

        Assert.Equal(("c-1", "acme", "Ada"), (encrypted.Id, encrypted.Tenant, encrypted.DisplayName));
        Assert.DoesNotContain("4111", Encoding.UTF8.GetString(encrypted.Ciphertext), StringComparison.Ordinal);
        Assert.Equal(ada, await encryptor.DecryptAsync(encrypted));
    }

    [Fact]
    public async Task Swapping_two_records_ciphertexts_makes_decryption_fail()
    {
        var encryptor = new Customer.Encryptor(_engine.Client);
        var ada = await encryptor.EncryptAsync(new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada"));
        var bob = await encryptor.EncryptAsync(new Customer("c-2", "acme", "5500 0000 0000 0004", "Bob"));

        await Assert.ThrowsAsync<EncryptionSdkException>(() => encryptor.DecryptAsync(ada with { Ciphertext = bob.Ciphertext }));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => encryptor.DecryptAsync(bob with { Ciphertext = ada.Ciphertext }));
    }

    [Fact]
    public async Task Tampering_with_a_signed_only_member_is_detected()
    {
        var encryptor = new Customer.Encryptor(_engine.Client);
        var ada = await encryptor.EncryptAsync(new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada"));

        await Assert.ThrowsAsync<EncryptionSdkException>(() => encryptor.DecryptAsync(ada with { Id = "c-9" }));
    }

    [Fact]
    public async Task Changing_a_context_member_is_detected_and_a_left_alone_member_is_not_bound()
    {
        var encryptor = new Customer.Encryptor(_engine.Client);
        var ada = await encryptor.EncryptAsync(new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada"));

        await Assert.ThrowsAsync<EncryptionSdkException>(() => encryptor.DecryptAsync(ada with { Tenant = "globex" }));
        Assert.Equal("Ada L.", (await encryptor.DecryptAsync(ada with { DisplayName = "Ada L." })).DisplayName);
    }

    [Fact]
    public async Task A_ciphertext_of_one_type_does_not_decrypt_as_another_with_the_same_members()
    {
        var customer = await new Customer.Encryptor(_engine.Client).EncryptAsync(new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada"));
        var asSupplier = new Supplier.Encrypted(customer.Ciphertext, customer.Id, customer.Tenant, customer.DisplayName);

        await Assert.ThrowsAsync<EncryptionSdkException>(() => new Supplier.Encryptor(_engine.Client).DecryptAsync(asSupplier));
    }

    [Fact]
    public async Task Every_supported_member_kind_round_trips()
    {
        var encryptor = new PatientFile.Encryptor(_engine.Client);
        var file = new PatientFile
        {
            Id = Guid.NewGuid(),
            Clinic = 7,
            Plan = Plan.Enterprise,
            Name = "Grace",
            Consented = true,
            Level = 200,
            Delta = -5,
            Room = 65000,
            Visits = 4_000_000_000,
            Tokens = ulong.MaxValue,
            Balance = long.MinValue,
            Temperature = 37.25f,
            Owed = 1234.5678m,
            Grade = 'é',
            Scan = [0, 1, 2, 255],
            BornOn = new DateTime(1906, 12, 9, 0, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2)),
            Insurer = null,
            Weight = 61,
            PreviousPlan = Plan.Pro,
            Home = new Address("1 Navy Way", "Arlington", null),
            Doses = [new Dose { Drug = "aspirin", Milligrams = 81.5, GivenAt = DateTimeOffset.UnixEpoch }, new Dose { Drug = "none" }],
            Allergies = ["penicillin", "latex"],
            FormerAddresses = [new Address("2 Yale St", "New Haven", 3)],
        };
        file.Annotate("secret note");

        var back = await encryptor.DecryptAsync(await encryptor.EncryptAsync(file));

        Assert.Equal(Describe(file), Describe(back));
        Assert.Equal("secret note", back.Note());
    }

    [Theory]
    [InlineData(float.NaN, double.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, double.NaN)]
    public async Task Non_finite_floating_point_members_round_trip(float temperature, double milligrams)
    {
        var encryptor = new PatientFile.Encryptor(_engine.Client);
        var file = new PatientFile { Id = Guid.NewGuid(), Temperature = temperature, Doses = [new Dose { Drug = "x", Milligrams = milligrams }] };

        var back = await encryptor.DecryptAsync(await encryptor.EncryptAsync(file));
        var again = await encryptor.DecryptMessageAsync(await encryptor.EncryptToMessageAsync(file));

        Assert.Equal(Describe(file), Describe(back));
        Assert.Equal(Describe(file), Describe(again));
    }

    [Fact]
    public async Task A_large_encrypted_member_spanning_many_frames_round_trips()
    {
        var encryptor = new PatientFile.Encryptor(_engine.Client);
        var scan = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000);

        var back = await encryptor.DecryptAsync(await encryptor.EncryptAsync(new PatientFile { Id = Guid.NewGuid(), Scan = scan }));

        Assert.Equal(scan, back.Scan);
    }

    [Fact]
    public async Task The_single_message_form_round_trips_and_is_refused_by_another_type()
    {
        var ada = new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada");
        var message = await new Customer.Encryptor(_engine.Client).EncryptToMessageAsync(ada);

        Assert.DoesNotContain("Ada", Encoding.UTF8.GetString(message), StringComparison.Ordinal);
        Assert.Equal(ada, await new Customer.Encryptor(_engine.Client).DecryptMessageAsync(message));
        await Assert.ThrowsAsync<EncryptionSdkException>(() => new Supplier.Encryptor(_engine.Client).DecryptMessageAsync(message));
    }

    [Theory]
    [InlineData("1", "globex")]
    [InlineData("2", "acme")]
    public async Task A_message_with_another_schema_version_or_a_header_context_unlike_its_members_is_refused(string schema, string headerTenant)
    {
        // Made by hand with the right key and type identity, as a writer of another schema or a forger would.
        var message = await HandMadeMessageAsync("""{"Id":"c-1","Tenant":"acme","CardNumber":"4111","DisplayName":"Ada"}""", schema, headerTenant);

        await Assert.ThrowsAsync<EncryptionSdkException>(() => new Customer.Encryptor(_engine.Client).DecryptMessageAsync(message));
    }

    [Fact]
    public async Task A_hand_made_message_of_the_right_type_schema_and_context_is_read_skipping_unknown_members()
    {
        var message = await HandMadeMessageAsync("""{"Id":"c-1","Tenant":"acme","CardNumber":"4111","DisplayName":"Ada","Unknown":[1,{"a":2}]}""", "1", "acme");

        Assert.Equal(new Customer("c-1", "acme", "4111", "Ada"), await new Customer.Encryptor(_engine.Client).DecryptMessageAsync(message));
    }

    [Fact]
    public async Task Dependency_injection_registers_every_encryptor_with_its_named_key_resolved_from_an_alias()
    {
        var services = new ServiceCollection()
            .AddSingleton(_engine.Kms)
            .AddKmsKitEncryptors(keys => keys.Keys["records"] = _engine.Alias);
        using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IKmsEncryptor<Customer, Customer.Encrypted>>();
        var ada = new Customer("c-1", "acme", "4111 1111 1111 1111", "Ada");

        var encrypted = await encryptor.EncryptAsync(ada);

        Assert.Same(encryptor, provider.GetRequiredService<Customer.Encryptor>());
        Assert.NotNull(provider.GetRequiredService<PatientFile.Encryptor>());
        Assert.Equal(ada, await new Customer.Encryptor(_engine.Client).DecryptAsync(encrypted));
    }

    [Fact]
    public async Task A_key_name_without_a_configured_key_is_a_clear_error()
    {
        var encryptor = new Customer.Encryptor(new EncryptorClient(_engine.Kms));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => encryptor.EncryptAsync(new Customer("c-1", "acme", "4111", "Ada")));

        Assert.Contains("'records'", error.Message, StringComparison.Ordinal);
    }

    private Task<byte[]> HandMadeMessageAsync(string json, string schema, string tenant)
    {
        var context = new Dictionary<string, string> { ["kmskit:type"] = "KmsKit.Generators.Tests.EndToEnd.Customer", ["kmskit:schema"] = schema, ["tenant"] = tenant };
        var materials = new DefaultCryptographicMaterialsManager(new AwsKmsKeyring(_engine.Kms, _engine.KeyArn));
        return new EncryptionClient().EncryptAsync(Encoding.UTF8.GetBytes(json), materials, context);
    }

    private static string Describe(PatientFile f) => string.Join("|",
        f.Id, f.Clinic, f.Plan, f.Name, f.Consented, f.Level, f.Delta, f.Room, f.Visits, f.Tokens, f.Balance, f.Temperature, f.Owed, f.Grade,
        Convert.ToHexString(f.Scan), f.BornOn.ToString("O"), f.UpdatedAt.ToString("O"), f.Insurer, f.Weight, f.PreviousPlan, f.Home,
        string.Join(",", f.Doses.Select(d => $"{d.Drug}/{d.Milligrams}/{d.GivenAt:O}")), string.Join(",", f.Allergies), string.Join(",", f.FormerAddresses.AsEnumerable()));

    /// <summary>One embedded engine (a process opens one) and a key behind an alias for the class.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("kmskit-generator-").FullName;

        public IAmazonKeyManagementService Kms { get; private set; } = null!;

        public string Alias { get; } = "alias/generator-tests";

        public string KeyArn { get; private set; } = string.Empty;

        public EncryptorClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Kms = Pkcs11Kms.OpenEmbedded(_folder);
            var key = (await Kms.CreateKeyAsync(new CreateKeyRequest { Description = "generator tests" })).KeyMetadata;
            await Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = Alias, TargetKeyId = key.KeyId });
            var options = new EncryptorKeyOptions();
            KeyArn = key.Arn;
            options.Keys["records"] = key.Arn;
            Client = new EncryptorClient(Kms, options: options);
        }

        public Task DisposeAsync()
        {
            Kms.Dispose();
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
