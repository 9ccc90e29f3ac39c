using System;
using KmsKit.Runtime.Keyrings;

namespace KmsKit.Server.Cli;

/// <summary>A keyring and what it holds (a KMS client, or the raw key that disposing zeroes).</summary>
internal sealed class MessageKeyring(IKeyring keyring, IDisposable resources) : IDisposable
{
    public IKeyring Keyring { get; } = keyring;

    public void Dispose() => resources.Dispose();
}
