using KmsKit.Pkcs11.Engine;

namespace KmsKit.Server.Identity;

/// <summary>Who sent a request, and to which region: the engine facade that serves it.</summary>
internal sealed record Caller(string Region, KmsPrincipal Principal);
