using KmsKit.Tests.Shared;

namespace KmsKit.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with its approved copy in Snapshots/. On a difference the received text is written
/// beside it (NAME.received.cs) for review; set KMSKIT_ACCEPT_SNAPSHOTS=1 to approve what was received.
/// </summary>
public static class Snapshot
{
    private static string Folder => Repository.PathOf("tests", "KmsKit.Generators.Tests", "Snapshots");

    public static void Match(string name, string received)
    {
        var approvedPath = Path.Combine(Folder, name + ".approved.cs");
        var receivedPath = Path.Combine(Folder, name + ".received.cs");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable("KMSKIT_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approvedPath, received);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(approved is null
            ? $"No approved snapshot {approvedPath}; review {receivedPath} and rename it, or run with KMSKIT_ACCEPT_SNAPSHOTS=1."
            : $"The generated source differs from {approvedPath}; compare with {receivedPath}.");
    }
}
