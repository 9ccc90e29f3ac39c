using System;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>Where the keys live: a PKCS#11 module, a token label and the user PIN.</summary>
/// <param name="InitializePin">When set, a missing token is initialised on a free slot with this SO PIN.</param>
/// <param name="RefreshObjectIndex">Makes the module see objects other processes created (SoftHSM); null when not needed.</param>
internal sealed record TokenOptions(string ModulePath, string TokenLabel, string Pin, string? InitializePin, Action? RefreshObjectIndex = null);
