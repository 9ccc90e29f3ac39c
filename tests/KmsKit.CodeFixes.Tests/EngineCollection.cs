namespace KmsKit.CodeFixes.Tests;

/// <summary>The round-trip tests share one engine: a process can load SoftHSM2 with one configuration only.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EnvelopeRoundTripTests.Engine>
{
    public const string Name = "PKCS#11 engine";
}
