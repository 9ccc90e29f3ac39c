using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>One object of the token as <see cref="Pkcs11Token.ListObjects"/> found it.</summary>
/// <param name="Handle">Valid in this process until the object is destroyed.</param>
/// <param name="Id">CKA_ID; empty when the object has none.</param>
/// <param name="Label">CKA_LABEL; empty when the object has none.</param>
internal sealed record TokenObjectInfo(IObjectHandle Handle, byte[] Id, string Label, CKO Class);
