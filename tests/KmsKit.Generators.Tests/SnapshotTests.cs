using KmsKit.Generators.Emitting;
using KmsKit.Generators.Tests.Infrastructure;

namespace KmsKit.Generators.Tests;

/// <summary>The generated source for representative inputs, against approved copies in Snapshots/.</summary>
public sealed class SnapshotTests
{
    public const string PositionalRecord = """
        using KmsKit.Runtime.Encryptors;

        namespace Shop.Payments;

        public enum CardBrand { Visa, Mastercard }

        [KmsEncrypted(KeyName = "payments", SchemaVersion = 2)]
        public sealed partial record Payment(
            [property: SignOnly] string Id,
            [property: EncryptionContext("tenant")] string TenantId,
            [property: Encrypt] string CardNumber,
            [property: Encrypt] CardBrand Brand,
            decimal Amount);
        """;

    public const string ClassWithNestedData = """
        using System;
        using System.Collections.Generic;
        using KmsKit.Runtime.Encryptors;

        namespace Clinic;

        public sealed record Address(string Street, string City, int? Floor);

        public sealed class Visit
        {
            public DateTimeOffset At { get; set; }
            public IReadOnlyList<string> Notes { get; set; } = [];
        }

        [KmsEncrypted("alias/patients")]
        public partial class Patient
        {
            [SignOnly] public Guid Id { get; init; }
            [EncryptionContext("clinic")] public int ClinicNumber { get; init; }
            [EncryptionContext("region")] public Region Region { get; init; }
            [Encrypt] public string Name { get; set; } = "";
            [Encrypt] public DateTime? BornOn { get; set; }
            [Encrypt] public Address? Home { get; set; }
            [Encrypt] public List<Visit> Visits { get; set; } = [];
            [Encrypt] public byte[] Photo { get; set; } = [];
            [Encrypt] private long _insuranceNumber;
            public string Display => Name; // computed: not data

            public void Insure(long number) => _insuranceNumber = number;
        }

        public enum Region : byte { North, South }
        """;

    public const string NestedStruct = """
        using KmsKit.Runtime.Encryptors;

        public static partial class Telemetry
        {
            [KmsEncrypted("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
            public partial struct Reading
            {
                [SignOnly] public long Sequence;
                [Encrypt] public double Value;
                [Encrypt] public char Unit;
            }
        }
        """;

    public const string DerivedRecords = """
        using KmsKit.Runtime.Encryptors;

        namespace Ledger;

        [KmsEncrypted("alias/ledger")]
        public partial record Entry([property: SignOnly] string Id, [property: Encrypt] long Cents);

        [KmsEncrypted("alias/ledger")]
        public partial record Refund(string Id, long Cents, [property: Encrypt] string Reason) : Entry(Id, Cents);
        """;

    [Fact]
    public void A_marked_record_derived_from_another_compiles_and_hides_the_base_encryptor()
    {
        var result = GeneratorRun.RunClean(DerivedRecords);

        var refund = Assert.Single(result.GeneratedSources, s => s.HintName == "Ledger.Refund.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("public new sealed class Encryptor", refund, StringComparison.Ordinal);
        Assert.Contains("public new sealed record Encrypted(byte[] Ciphertext, string Id)", refund, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(PositionalRecord), PositionalRecord)]
    [InlineData(nameof(ClassWithNestedData), ClassWithNestedData)]
    [InlineData(nameof(NestedStruct), NestedStruct)]
    public void Generated_source_matches_the_approved_snapshot(string name, string source)
    {
        var result = GeneratorRun.RunClean(source);

        var encryptor = Assert.Single(result.GeneratedSources, s => s.HintName != RegistrationEmitter.HintName);
        Snapshot.Match(name, encryptor.SourceText.ToString());
    }

    [Fact]
    public void Registration_lists_every_encryptor_of_the_assembly()
    {
        var result = GeneratorRun.RunClean(PositionalRecord, ClassWithNestedData);

        var registration = Assert.Single(result.GeneratedSources, s => s.HintName == RegistrationEmitter.HintName);
        Snapshot.Match("Registration", registration.SourceText.ToString());
    }
}
