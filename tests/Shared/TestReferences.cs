using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KmsKit.Tests.Shared;

/// <summary>
/// What test sources compile against: a target framework's reference assemblies plus the AWS SDK assemblies
/// for that framework (net8.0: async-only API; net472: the sync methods too), taken from the packages that
/// this project references, so their versions come from Directory.Packages.props.
/// </summary>
public sealed record TestReferences(ReferenceAssemblies? Framework, string SdkFramework, params string[] Packages)
{
    /// <summary>
    /// The running .NET's own assemblies (ASP.NET Core included, which the test project references) with the
    /// KMS and S3 SDKs: what the samples, which target net10.0 and use ASP.NET Core, compile against.
    /// </summary>
    public static TestReferences RunningRuntimeWithKmsAndS3 { get; } = new(null, "net8.0", "AWSSDK.Core", "AWSSDK.KeyManagementService", "AWSSDK.S3");

    public static TestReferences Net80WithKms { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.KeyManagementService");

    public static TestReferences Net472WithKms { get; } = new(ReferenceAssemblies.NetFramework.Net472.Default, "net472", "AWSSDK.Core", "AWSSDK.KeyManagementService");

    public static TestReferences Net80WithKmsAndS3 { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.KeyManagementService", "AWSSDK.S3");

    public static TestReferences Net80WithS3 { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0", "AWSSDK.Core", "AWSSDK.S3");

    public static TestReferences Net80WithoutKms { get; } = new(ReferenceAssemblies.Net.Net80, "net8.0");

    /// <summary>The framework's assemblies: the resolved reference set, or the running runtime's when there is none.</summary>
    public async Task<IEnumerable<MetadataReference>> FrameworkReferencesAsync() =>
        Framework is { } framework
            ? await framework.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => !Path.GetFileName(path).StartsWith("AWSSDK.", StringComparison.Ordinal))
                .Select(path => MetadataReference.CreateFromFile(path));

    /// <summary>The SDK assemblies to add to a test compilation.</summary>
    public IEnumerable<MetadataReference> SdkReferences() =>
        Packages.Select(id => MetadataReference.CreateFromFile(Path.Combine(PackagePath(id), "lib", SdkFramework, id + ".dll")));

    /// <summary>The restored folder of a package this project references (embedded at build time).</summary>
    public static string PackagePath(string id) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "PackagePath:" + id)?.Value
        ?? throw new InvalidOperationException($"{id} is not a package reference of the test project.");
}
