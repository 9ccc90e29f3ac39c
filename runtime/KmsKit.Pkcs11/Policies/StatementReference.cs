namespace KmsKit.Pkcs11.Policies;

/// <summary>A statement that decided an authorization: which policy (the key policy is index 0), its Sid, Effect and position.</summary>
public sealed record StatementReference(PolicySource Source, int PolicyIndex, string? Sid, PolicyEffect Effect, int StatementIndex);
