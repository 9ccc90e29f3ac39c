using KmsKit.Runtime;
using KmsKit.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace KmsKit.CodeFixes.Tests;

/// <summary>KmsKit.Runtime as a test compilation references it (with the one dependency its public API shows), for net8.0.</summary>
public static class RuntimeReferences
{
    public static MetadataReference[] All { get; } =
    [
        MetadataReference.CreateFromFile(typeof(EncryptionClient).Assembly.Location),
        MetadataReference.CreateFromFile(Path.Combine(TestReferences.PackagePath("Microsoft.Extensions.Logging.Abstractions"), "lib", "net8.0", "Microsoft.Extensions.Logging.Abstractions.dll")),
    ];
}
