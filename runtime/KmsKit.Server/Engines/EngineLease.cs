using System;
using Amazon.KeyManagementService;

namespace KmsKit.Server.Engines;

/// <summary>An engine in use by one request; its generation is not closed before the lease ends.</summary>
internal sealed class EngineLease(EngineGeneration generation, IAmazonKeyManagementService engine) : IDisposable
{
    public IAmazonKeyManagementService Engine { get; } = engine;

    public void Dispose() => generation.Exit();
}
