namespace KmsKit.Runtime.Tests;

/// <summary>Finds the repository (the folder holding Analyzers.sln) and the shared folder beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string EsdkVectors
    {
        get
        {
            var folder = Path.GetFullPath(Path.Combine(Root, "..", "shared", "esdk-vectors"));
            return Directory.Exists(folder)
                ? folder
                : throw new DirectoryNotFoundException(
                    $"The official AWS Encryption SDK test vectors are missing: expected the folder {folder} (the 'shared/esdk-vectors' folder beside the repository) holding v4-Net-4.0.1.zip, valid-Net-4.0.0.zip and invalid-Net-4.0.0.zip.");
        }
    }

    public static string Interop => Path.Combine(Root, "tests", "KmsKit.Runtime.Tests", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder holding Analyzers.sln above {AppContext.BaseDirectory}: the tests run from inside the repository.");
    }
}
