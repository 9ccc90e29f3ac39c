namespace KmsKit.Server.Tests;

/// <summary>One local-development server (no principals file) for the tests of the "server" collection.</summary>
public sealed class ServerFixture : IDisposable
{
    public ServerProcess Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
