using System;
using System.Linq;
using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Validation;

/// <summary>The exceptions AWS KMS answers with, with its error codes and its wording.</summary>
internal static class KmsErrors
{
    public static AmazonKeyManagementServiceException Validation(string message) =>
        new(message, null, ErrorType.Sender, "ValidationException", null, HttpStatusCode.BadRequest);

    /// <summary>
    /// AWS's answer to a customer's alias/aws/ name: an error code the SDK has no type for, and no message (as moto
    /// answers, after AWS; not in the recordings).
    /// </summary>
    public static AmazonKeyManagementServiceException NotAuthorized() =>
        new(string.Empty, null, ErrorType.Sender, "NotAuthorizedException", null, HttpStatusCode.BadRequest);

    public static AmazonKeyManagementServiceException AccessDenied(string message) =>
        new(message, null, ErrorType.Sender, "AccessDeniedException", null, HttpStatusCode.BadRequest);

    /// <summary>AWS's denial; the deciding statements ride along in <see cref="Exception.Data"/> for the server's log, never the caller.</summary>
    public static AmazonKeyManagementServiceException AccessDenied(AuthorizationResult result, string action, string resource)
    {
        var exception = AccessDenied(result.AccessDeniedMessage(action, resource));
        exception.Data[Pkcs11Kms.DecidedByDataKey] = result.DecidingStatements.Count == 0
            ? "no statement allows it"
            : string.Join("; ", result.DecidingStatements.Select(s =>
                $"{(s.Source == PolicySource.KeyPolicy ? "key policy" : $"identity policy {s.PolicyIndex}")} statement {s.StatementIndex} (Sid {s.Sid ?? "none"}, {s.Effect})"));
        return exception;
    }

    public static MalformedPolicyDocumentException MalformedPolicy(string message) =>
        Sender((m, i, t, c, r, s) => new MalformedPolicyDocumentException(m, i, t, c, r, s), message);

    public static NotFoundException KeyPolicyNotFound() =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), "No such policy exists");

    public static NotFoundException KeyNotFound(string keyArn) =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), $"Key '{keyArn}' does not exist");

    public static NotFoundException InvalidKeyId(string keyId) =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), $"Invalid keyId '{keyId}'");

    public static NotFoundException InvalidArnRegion(string region) =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), $"Invalid arn {region}");

    public static NotFoundException AliasNotFound(string aliasArn) =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), $"Alias {aliasArn} is not found.");

    public static DisabledException Disabled(string keyArn) =>
        Sender((m, i, t, c, r, s) => new DisabledException(m, i, t, c, r, s), $"{keyArn} is disabled.");

    public static KMSInvalidStateException InvalidState(string message) =>
        Sender((m, i, t, c, r, s) => new KMSInvalidStateException(m, i, t, c, r, s), message);

    public static InvalidKeyUsageException KeyUsage(string message) =>
        Sender((m, i, t, c, r, s) => new InvalidKeyUsageException(m, i, t, c, r, s), message);

    public static InvalidKeyUsageException WrongKeyUsage(string keyArn, string keyUsage, string operation) =>
        KeyUsage($"{keyArn} key usage is {keyUsage} which is not valid for {operation}.");

    public static InvalidKeyUsageException IncompatibleAlgorithm(string algorithm, string keySpec) =>
        KeyUsage($"Algorithm {algorithm} is incompatible with key spec {keySpec}.");

    public static InvalidCiphertextException InvalidCiphertext() =>
        Sender((m, i, t, c, r, s) => new InvalidCiphertextException(m, i, t, c, r, s), string.Empty);

    public static IncorrectKeyException IncorrectKey() =>
        Sender((m, i, t, c, r, s) => new IncorrectKeyException(m, i, t, c, r, s),
            "The key ID in the request does not identify a CMK that can perform this operation.");

    public static UnsupportedOperationException Unsupported(string message) =>
        Sender((m, i, t, c, r, s) => new UnsupportedOperationException(m, i, t, c, r, s), message);

    public static KMSInvalidSignatureException InvalidSignature() =>
        Sender((m, i, t, c, r, s) => new KMSInvalidSignatureException(m, i, t, c, r, s), string.Empty);

    public static KMSInvalidMacException InvalidMac() =>
        Sender((m, i, t, c, r, s) => new KMSInvalidMacException(m, i, t, c, r, s), string.Empty);

    public static DryRunOperationException DryRun() =>
        Sender((m, i, t, c, r, s) => new DryRunOperationException(m, i, t, c, r, s),
            "The request would have succeeded, but the DryRun option is set.");

    public static TagException Tag(string message) =>
        Sender((m, i, t, c, r, s) => new TagException(m, i, t, c, r, s), message);

    public static AlreadyExistsException AlreadyExists(string message) =>
        Sender((m, i, t, c, r, s) => new AlreadyExistsException(m, i, t, c, r, s), message);

    public static LimitExceededException LimitExceeded(string message) =>
        Sender((m, i, t, c, r, s) => new LimitExceededException(m, i, t, c, r, s), message);

    /// <summary>AWS's answer when a rotation of the key is in progress; the message is ours (AWS's is not recorded).</summary>
    public static ConflictException Conflict(string message) =>
        Sender((m, i, t, c, r, s) => new ConflictException(m, i, t, c, r, s), message);

    public static InvalidMarkerException InvalidMarker() =>
        Sender((m, i, t, c, r, s) => new InvalidMarkerException(m, i, t, c, r, s), "Invalid marker");

    public static InvalidImportTokenException InvalidImportToken() =>
        Sender((m, i, t, c, r, s) => new InvalidImportTokenException(m, i, t, c, r, s), "The import token is not valid for this KMS key.");

    public static ExpiredImportTokenException ExpiredImportToken() =>
        Sender((m, i, t, c, r, s) => new ExpiredImportTokenException(m, i, t, c, r, s), "The import token has expired.");

    public static IncorrectKeyMaterialException IncorrectKeyMaterial() =>
        Sender((m, i, t, c, r, s) => new IncorrectKeyMaterialException(m, i, t, c, r, s),
            "The key material is not the same as the key material previously imported into this KMS key.");

    /// <summary>A grant token KmsKit did not issue, or one that names another key than the request's (message ours: AWS's is not recorded).</summary>
    public static InvalidGrantTokenException InvalidGrantToken(string message = "The grant token is not valid.") =>
        Sender((m, i, t, c, r, s) => new InvalidGrantTokenException(m, i, t, c, r, s), message);

    /// <summary>A grant id that is not one (64 hexadecimal characters); message ours.</summary>
    public static InvalidGrantIdException InvalidGrantId(string grantId) =>
        Sender((m, i, t, c, r, s) => new InvalidGrantIdException(m, i, t, c, r, s), $"Invalid grant ID '{grantId}'.");

    /// <summary>A well-formed grant id the key has no grant of (or no more); message ours, in the shape of AWS's key one.</summary>
    public static NotFoundException GrantNotFound(string grantId, string keyArn) =>
        Sender((m, i, t, c, r, s) => new NotFoundException(m, i, t, c, r, s), $"Grant '{grantId}' does not exist for key '{keyArn}'");

    public static KMSInternalException Internal(string message) =>
        new(message, null, ErrorType.Receiver, nameof(KMSInternalException), null, HttpStatusCode.InternalServerError);

    private static T Sender<T>(Func<string, Exception?, ErrorType, string, string?, HttpStatusCode, T> create, string message)
        where T : AmazonKeyManagementServiceException =>
        create(message, null, ErrorType.Sender, typeof(T).Name, null, HttpStatusCode.BadRequest);
}
