using System;
using System.Collections.Generic;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// The attributes of one PKCS#11 call. Pkcs11Interop frees an attribute's unmanaged value in its finalizer, which the
/// GC may run while the module is still reading it (a key then stored under a garbage CKA_ID): dispose after the call.
/// </summary>
internal sealed class ObjectTemplate(List<IObjectAttribute> attributes) : IDisposable
{
    public List<IObjectAttribute> Attributes { get; } = attributes;

    public void Dispose()
    {
        foreach (var attribute in Attributes)
        {
            attribute.Dispose();
        }
    }
}
