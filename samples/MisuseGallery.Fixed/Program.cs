using Amazon.KeyManagementService;

namespace MisuseGallery;

/// <summary>
/// Wires the gallery together. Nothing here talks to AWS when built; `./build.sh run` only compiles it
/// to show the diagnostics.
/// </summary>
public static class Program
{
    public static int Main()
    {
        using var kms = new AmazonKeyManagementServiceClient();
        _ = new KeyAdministration(kms);
        _ = new DocumentVault(kms, "alias/documents", "alias/signing");
        System.Console.WriteLine("The misuse gallery is meant to be compiled, not run: see the build output.");
        return 0;
    }
}
