using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KmsKit.Tests.Shared;

/// <summary>
/// What test sources compile against: a target framework's reference assemblies plus the AWS SDK assemblies
/// for that framework (net8.0: async-only API; net472: the sync methods too), taken from the packages that
/// this project references, so their versions come from Directory.Packages.props.
/// </summary>
public sealed record TestReferences(ReferenceAssemblies Framework, string SdkFramework, params string[] Packages)
{
    public static TestReferences Net80WithKms { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.KeyManagementService");

    public static TestReferences Net472WithKms { get; } = new(ReferenceAssemblies.NetFramework.Net472.Default, "net472", "AWSSDK.Core", "AWSSDK.KeyManagementService");

    public static TestReferences Net80WithKmsAndS3 { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.KeyManagementService", "AWSSDK.S3");

    public static TestReferences Net80WithS3 { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.S3");

    public static TestReferences Net80WithoutKms { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0");

    /// <summary>The SDK assemblies to add to a test compilation.</summary>
    public IEnumerable<MetadataReference> SdkReferences() =>
        Packages.Select(id => MetadataReference.CreateFromFile(Path.Combine(PackagePath(id), "lib", SdkFramework, id + ".dll")));

    /// <summary>The restored folder of a package this project references (embedded at build time).</summary>
    public static string PackagePath(string id) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "PackagePath:" + id)?.Value
        ?? throw new InvalidOperationException($"{id} is not a package reference of the test project.");
}
