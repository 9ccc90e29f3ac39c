using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// Loads each PKCS#11 module once per process: a second load shares the module's global state, and
/// disposing either would run C_Finalize under the other. Modules stay loaded until the process exits.
/// </summary>
internal static class Pkcs11Libraries
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, (IPkcs11Library Library, ModuleCallGate Calls)> Loaded = new(StringComparer.Ordinal);
    private static bool _resolverRegistered;

    public static Pkcs11InteropFactories Factories { get; } = new();

    public static IPkcs11Library Get(string modulePath) => Load(modulePath).Library;

    /// <summary>How calls into the module must be made: one at a time for SoftHSM, concurrently otherwise.</summary>
    public static ModuleCallGate CallGate(string modulePath) => Load(modulePath).Calls;

    private static (IPkcs11Library Library, ModuleCallGate Calls) Load(string modulePath)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(modulePath, out var module))
            {
                return module;
            }

            RegisterLibdlResolver();
            var library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, modulePath, AppType.MultiThreaded);
            module = (library, ModuleCallGate.For(library));
            Loaded.Add(modulePath, module);
            return module;
        }
    }

    public static bool IsLoaded(string modulePath)
    {
        lock (Gate)
        {
            return Loaded.ContainsKey(modulePath);
        }
    }

    // Pkcs11Interop 5.3 DllImports "libdl", which glibc >= 2.34 ships only as libdl.so.2.
    private static void RegisterLibdlResolver()
    {
        if (_resolverRegistered || !OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibdl);
        }
        catch (InvalidOperationException)
        {
            // The host registered its own resolver for Pkcs11Interop: it is in charge of libdl then.
        }

        _resolverRegistered = true;
    }

    private static IntPtr ResolveLibdl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl")
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : NativeLibrary.Load("libc.so.6");
    }
}
