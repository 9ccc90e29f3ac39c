using System;
using System.IO;
using System.Runtime.InteropServices;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// A private SoftHSM2 configuration inside a folder: its own token directory, file object store.
/// SoftHSM reads SOFTHSM2_CONF from the native environment once, when the module is initialised,
/// so one process serves the tokens of one configuration.
/// </summary>
internal static partial class SoftHsmConfiguration
{
    public const string DefaultModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    private const string EnvironmentVariable = "SOFTHSM2_CONF";

    // Where the softhsm2 packages put the module: Debian/Ubuntu, their multiarch folders, Fedora/RHEL,
    // a source build, and Homebrew on Apple silicon and Intel macs.
    private static readonly string[] SearchPaths =
    [
        DefaultModulePath,
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
        "/usr/lib64/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ];

    /// <summary>
    /// The module to load: <paramref name="modulePath"/> when it was set to another path, else the first SoftHSM2
    /// found on the usual paths. Fails here, with the paths tried, rather than deep in the PKCS#11 loader.
    /// </summary>
    public static string FindModule(string modulePath)
    {
        string[] candidates = modulePath == DefaultModulePath ? SearchPaths : [modulePath];
        foreach (var candidate in candidates)
        {
            if (Pkcs11Libraries.IsLoaded(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{Path.GetFileName(modulePath)} not found at {string.Join(", ", candidates)}; install softhsm2 or set ModulePath.", modulePath);
    }

    public static string TokenDirectory(string folder) => Path.Combine(folder, "tokens");

    public static void Apply(string folder)
    {
        var tokenDirectory = TokenDirectory(folder);
        OwnerOnly.CreateDirectory(tokenDirectory);
        var configPath = Path.Combine(folder, "softhsm2.conf");
        var config = $"directories.tokendir = {tokenDirectory}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n";
        if (!File.Exists(configPath) || File.ReadAllText(configPath) != config)
        {
            File.WriteAllText(configPath, config);
        }

        var current = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (Array.Exists(SearchPaths, Pkcs11Libraries.IsLoaded))
        {
            if (current != configPath)
            {
                throw new InvalidOperationException(
                    $"SoftHSM2 is already loaded in this process with configuration '{current}'; one process serves one SoftHSM2 folder.");
            }

            return;
        }

        // .NET keeps its own copy of the environment on Unix: the native module reads getenv, so set both.
        Environment.SetEnvironmentVariable(EnvironmentVariable, configPath);
        if (!OperatingSystem.IsWindows() && SetEnv(EnvironmentVariable, configPath, 1) != 0)
        {
            throw new InvalidOperationException($"Could not set {EnvironmentVariable} for the SoftHSM2 module.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
