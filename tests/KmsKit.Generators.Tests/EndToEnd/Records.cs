using KmsKit.Runtime.Encryptors;

namespace KmsKit.Generators.Tests.EndToEnd;

// Types the generator (referenced as an analyzer) makes encryptors for; the end-to-end tests use them.

public enum Plan : short
{
    Free,
    Pro,
    Enterprise = 1000,
}

public sealed record Address(string Street, string City, int? Floor);

public sealed class Dose
{
    public string Drug { get; set; } = "";

    public double Milligrams { get; set; }

    public DateTimeOffset? GivenAt { get; set; }
}

[KmsEncrypted(KeyName = "records")]
public sealed partial record Customer(
    [property: SignOnly] string Id,
    [property: EncryptionContext("tenant")] string Tenant,
    [property: Encrypt] string CardNumber,
    string DisplayName);

/// <summary>Customer's twin: the same members and key, another type identity.</summary>
[KmsEncrypted(KeyName = "records")]
public sealed partial record Supplier(
    [property: SignOnly] string Id,
    [property: EncryptionContext("tenant")] string Tenant,
    [property: Encrypt] string CardNumber,
    string DisplayName);

/// <summary>Every supported kind of member, encrypted.</summary>
[KmsEncrypted(KeyName = "records", SchemaVersion = 3)]
public partial class PatientFile
{
    [SignOnly]
    public Guid Id { get; init; }

    [EncryptionContext("clinic")]
    public int Clinic { get; init; }

    [EncryptionContext("plan")]
    public Plan Plan { get; init; }

    [Encrypt]
    public string? Name { get; set; }

    [Encrypt]
    public bool Consented { get; set; }

    [Encrypt]
    public byte Level { get; set; }

    [Encrypt]
    public sbyte Delta { get; set; }

    [Encrypt]
    public ushort Room { get; set; }

    [Encrypt]
    public uint Visits { get; set; }

    [Encrypt]
    public ulong Tokens { get; set; }

    [Encrypt]
    public long Balance { get; set; }

    [Encrypt]
    public float Temperature { get; set; }

    [Encrypt]
    public decimal Owed { get; set; }

    [Encrypt]
    public char Grade { get; set; }

    [Encrypt]
    public byte[] Scan { get; set; } = [];

    [Encrypt]
    public DateTime BornOn { get; set; }

    [Encrypt]
    public DateTimeOffset UpdatedAt { get; set; }

    [Encrypt]
    public Guid? Insurer { get; set; }

    [Encrypt]
    public int? Weight { get; set; }

    [Encrypt]
    public Plan? PreviousPlan { get; set; }

    [Encrypt]
    public Address? Home { get; set; }

    [Encrypt]
    public List<Dose> Doses { get; set; } = [];

    [Encrypt]
    public IReadOnlyList<string> Allergies { get; set; } = [];

    [Encrypt]
    public Address[] FormerAddresses { get; set; } = [];

    [Encrypt]
    private string _note = "";

    public string Note() => _note;

    public void Annotate(string note) => _note = note;
}
