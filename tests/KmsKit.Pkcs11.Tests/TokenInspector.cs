using KmsKit.Pkcs11.Hsm;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Tests;

/// <summary>Looks at the token itself, beside the engine: which objects a key's material left there.</summary>
internal static class TokenInspector
{
    // Through the module's gate, as the engine calls it: SoftHSM is not safe for concurrent calls.
    public static int ObjectCount(string keyId, int version = 1) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run($"kmskit:{keyId}:{version}", Count);

    /// <summary>How many token objects carry this label.</summary>
    public static int LabelledObjectCount(string label) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run(label, Count);

    /// <summary>
    /// An AES token object made behind the engine's back, as a crash or another program leaves one: with only the
    /// CKA_ID and CKA_LABEL given (none when null).
    /// </summary>
    public static IObjectHandle CreateAes(byte[]? id, string? label) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run((Id: id, Label: label), static litter =>
        {
            using var session = OpenSession(SessionType.ReadWrite);
            var attributes = Pkcs11Libraries.Factories.ObjectAttributeFactory;
            using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN);
            using var template = new ObjectTemplate(
            [
                attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_VALUE_LEN, 32UL),
                .. litter.Id is null ? [] : new[] { attributes.Create(CKA.CKA_ID, litter.Id) },
                .. litter.Label is null ? [] : new[] { attributes.Create(CKA.CKA_LABEL, litter.Label) },
            ]);
            return session.GenerateKey(mechanism, template.Attributes);
        });

    public static bool Exists(IObjectHandle handle) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run(handle, static handle =>
        {
            using var session = OpenSession(SessionType.ReadOnly);
            try
            {
                using var read = new ObjectTemplate(session.GetAttributeValue(handle, [CKA.CKA_CLASS]));
                return true;
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_OBJECT_HANDLE_INVALID)
            {
                return false;
            }
        });

    public static void Destroy(IObjectHandle handle) =>
        Pkcs11Libraries.CallGate(SoftHsmConfiguration.DefaultModulePath).Run(handle, static handle =>
        {
            using var session = OpenSession(SessionType.ReadWrite);
            session.DestroyObject(handle);
            return true;
        });

    private static ISession OpenSession(SessionType type)
    {
        var library = Pkcs11Libraries.Get(SoftHsmConfiguration.DefaultModulePath);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == "kmskit");
        // The engine's login holds for every session of this process.
        return slot.OpenSession(type);
    }

    private static int Count(string label)
    {
        using var session = OpenSession(SessionType.ReadOnly);
        var attributes = Pkcs11Libraries.Factories.ObjectAttributeFactory;
        using var template = new ObjectTemplate(
        [
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_TOKEN, true),
        ]);
        return session.FindAllObjects(template.Attributes).Count;
    }
}
