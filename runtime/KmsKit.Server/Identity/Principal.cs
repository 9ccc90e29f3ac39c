using KmsKit.Pkcs11.Engine;

namespace KmsKit.Server.Identity;

/// <summary>An access key of the principals file: its secret and the principal (with its policies and tags) it authenticates.</summary>
internal sealed record Principal(string AccessKeyId, string SecretAccessKey, KmsPrincipal Identity);
