namespace KmsKit.Server.Identity;

/// <summary>Who sent a request, and to which region: the engine that serves it.</summary>
internal sealed record Caller(string Region, string PrincipalArn);
