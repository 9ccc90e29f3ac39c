using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Tests;

/// <summary>Looks at the token itself, beside the engine: which objects a key's material left there.</summary>
internal static class TokenInspector
{
    // Through the module's gate, as the engine calls it: SoftHSM is not safe for concurrent calls.
    public static int ObjectCount(string keyId, int version = 1) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run((KeyId: keyId, Version: version), static key => Count(key.KeyId, key.Version));

    private static int Count(string keyId, int version)
    {
        var library = Pkcs11Libraries.Get(SoftHsmConfiguration.DefaultModulePath);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == "kmskit");
        // The engine's login holds for every session of this process.
        using var session = slot.OpenSession(SessionType.ReadOnly);
        var attributes = Pkcs11Libraries.Factories.ObjectAttributeFactory;
        using var template = new ObjectTemplate(
        [
            attributes.Create(CKA.CKA_LABEL, $"kmskit:{keyId}:{version}"),
            attributes.Create(CKA.CKA_TOKEN, true),
        ]);
        return session.FindAllObjects(template.Attributes).Count;
    }
}
