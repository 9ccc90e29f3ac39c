using KmsKit.Tests.Shared;

namespace KmsKit.Runtime.Tests;

/// <summary>The runtime tests' folders: the official vectors in the shared folder beside the repository, and the JavaScript interop.</summary>
internal static class RepositoryPaths
{
    public static string EsdkVectors
    {
        get
        {
            var folder = Path.Combine(Repository.Shared, "esdk-vectors");
            return Directory.Exists(folder)
                ? folder
                : throw new DirectoryNotFoundException(
                    $"The official AWS Encryption SDK test vectors are missing: expected the folder {folder} (the 'shared/esdk-vectors' folder beside the repository) holding v4-Net-4.0.1.zip, valid-Net-4.0.0.zip and invalid-Net-4.0.0.zip.");
        }
    }

    public static string Interop => Repository.PathOf("tests", "KmsKit.Runtime.Tests", "interop");
}
