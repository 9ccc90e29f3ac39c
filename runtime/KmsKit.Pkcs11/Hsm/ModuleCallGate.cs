using System;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// SoftHSM 2.6 encrypts private attributes with one cipher context per token, used outside its own lock: concurrent
/// calls garble them (a key id that matches nothing, a wrong key value). Such a module is called one call at a time.
/// </summary>
internal sealed class ModuleCallGate
{
    private const string SoftHsmManufacturer = "SoftHSM";
    private readonly object? _gate;

    private ModuleCallGate(object? gate) => _gate = gate;

    /// <summary>For modules that are safe to call concurrently: calls pass straight through.</summary>
    public static ModuleCallGate Open { get; } = new(null);

    public static ModuleCallGate For(IPkcs11Library library) =>
        library.GetInfo().ManufacturerId.Trim() == SoftHsmManufacturer ? new ModuleCallGate(new object()) : Open;

    public T Run<TState, T>(TState state, Func<TState, T> call)
    {
        if (_gate is null)
        {
            return call(state);
        }

        lock (_gate)
        {
            return call(state);
        }
    }
}
