namespace KmsKit.Server.Identity;

/// <summary>An access key of the principals file: its secret and the principal it authenticates.</summary>
internal sealed record Principal(string AccessKeyId, string SecretAccessKey, string PrincipalArn);
