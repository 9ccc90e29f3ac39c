using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Audit;

/// <summary>What one call leaves for its event, gathered on the calling thread.</summary>
internal readonly record struct AuditFacts(
    string Operation,
    AmazonWebServiceRequest? Request,
    AmazonWebServiceResponse? Response,
    Exception? Failure,
    CallerIdentity Caller,
    string CallerAccountId,
    string Region,
    KmsRequestContext? Transport,
    AuditCall? Call,
    DateTimeOffset Time);

/// <summary>An event ready for the writer: its JSON (without the chain member) and what the callback filters on.</summary>
internal sealed record AuditRecord(byte[] Json, string EventId, string EventName, DateTimeOffset EventTime, string PrincipalArn, string? ErrorCode, string[] Resources);

/// <summary>
/// Builds the CloudTrail-shaped event of a call (docs/audit.md): the caller, the transport's facts, what the request
/// asked (never its binary members or secrets, see <see cref="AuditShapeWriter"/>), what AWS logs of the response
/// (null for reads and cryptographic operations: never a plaintext, data key or ciphertext), the error, the keys.
/// </summary>
internal static class AuditEventBuilder
{
    public const string EventVersion = "1.11";

    /// <summary>Operations CloudTrail marks readOnly: reads and every cryptographic operation.</summary>
    private static readonly HashSet<string> ReadOnlyOperations = new(StringComparer.Ordinal)
    {
        "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "Sign", "Verify", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
        "Encapsulate", "Decapsulate",
    };

    /// <summary>Operations whose requestParameters always name the algorithm, as AWS logs them, even when the request did not.</summary>
    private static readonly Dictionary<string, string[]> DefaultAlgorithms = new(StringComparer.Ordinal)
    {
        ["Encrypt"] = ["encryptionAlgorithm"],
        ["Decrypt"] = ["encryptionAlgorithm"],
        ["ReEncrypt"] = ["sourceEncryptionAlgorithm", "destinationEncryptionAlgorithm"],
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static AuditRecord Build(in AuditFacts facts)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.Clear();
        var json = _writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        var eventId = Guid.NewGuid().ToString();
        var errorCode = facts.Failure is null ? null : ErrorCode(facts.Failure);
        var resources = Resources(facts);

        json.WriteStartObject();
        json.WriteString("eventVersion", EventVersion);
        WriteUserIdentity(json, facts);
        json.WriteString("eventTime", AuditShapeWriter.FormatTime(facts.Time.UtcDateTime));
        json.WriteString("eventSource", "kms.amazonaws.com");
        json.WriteString("eventName", facts.Operation);
        json.WriteString("awsRegion", facts.Region);
        WriteNullable(json, "sourceIPAddress", SourceIp(facts.Transport?.SourceIp));
        WriteNullable(json, "userAgent", facts.Transport?.UserAgent);
        if (errorCode is not null)
        {
            json.WriteString("errorCode", errorCode);
            json.WriteString("errorMessage", facts.Failure!.Message);
        }

        WriteRequestParameters(json, facts);
        WriteResponseElements(json, facts, resources);
        WriteAdditionalEventData(json, facts);
        json.WriteString("requestID", facts.Transport?.RequestId ?? Guid.NewGuid().ToString());
        json.WriteString("eventID", eventId);
        json.WriteBoolean("readOnly", IsReadOnly(facts.Operation));
        json.WriteStartArray("resources");
        foreach (var (arn, accountId) in resources)
        {
            json.WriteStartObject();
            json.WriteString("accountId", accountId);
            json.WriteString("type", "AWS::KMS::Key");
            json.WriteString("ARN", arn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("eventType", "AwsApiCall");
        json.WriteBoolean("managementEvent", true);
        json.WriteString("recipientAccountId", resources.Count > 0 ? resources[0].AccountId : facts.CallerAccountId);
        json.WriteString("eventCategory", "Management");
        json.WriteEndObject();
        json.Flush();

        var arns = new string[resources.Count];
        for (var i = 0; i < arns.Length; i++)
        {
            arns[i] = resources[i].Arn;
        }

        return new AuditRecord(buffer.WrittenSpan.ToArray(), eventId, facts.Operation, facts.Time, facts.Caller.Arn, errorCode, arns);
    }

    public static bool IsReadOnly(string operation) =>
        ReadOnlyOperations.Contains(operation)
        || operation.StartsWith("Describe", StringComparison.Ordinal)
        || operation.StartsWith("List", StringComparison.Ordinal)
        || operation.StartsWith("Get", StringComparison.Ordinal);

    /// <summary>The wire error code, except access denial, which CloudTrail records as AccessDenied.</summary>
    private static string ErrorCode(Exception failure) => failure switch
    {
        AmazonServiceException { ErrorCode: "AccessDeniedException" } => "AccessDenied",
        AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) => service.ErrorCode,
        OperationCanceledException => "RequestCanceled",
        _ => failure.GetType().Name,
    };

    private static string? SourceIp(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteUserIdentity(Utf8JsonWriter json, in AuditFacts facts)
    {
        var caller = facts.Caller;
        json.WriteStartObject("userIdentity");
        switch (caller.PrincipalType)
        {
            case "Service":
                json.WriteString("type", "AWSService");
                json.WriteString("invokedBy", caller.Arn);
                break;
            case "Account":
                json.WriteString("type", "Root");
                json.WriteString("principalId", caller.AccountId);
                break;
            case "User":
                json.WriteString("type", "IAMUser");
                break;
            default:
                json.WriteString("type", "AssumedRole");
                break;
        }

        if (!caller.IsService)
        {
            json.WriteString("arn", caller.Arn);
            json.WriteString("accountId", caller.AccountId);
            if (facts.Transport?.AccessKeyId is { } accessKeyId)
            {
                json.WriteString("accessKeyId", accessKeyId);
            }

            if (caller.UserName is not null)
            {
                json.WriteString("userName", caller.UserName);
            }

            if (caller.RoleName is not null)
            {
                json.WriteStartObject("sessionContext");
                json.WriteStartObject("sessionIssuer");
                json.WriteString("type", "Role");
                json.WriteString("arn", caller.PrincipalArn);
                json.WriteString("accountId", caller.AccountId);
                json.WriteString("userName", caller.RoleName);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            if (facts.Transport?.ViaService is { } via)
            {
                json.WriteString("invokedBy", via);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteRequestParameters(Utf8JsonWriter json, in AuditFacts facts)
    {
        if (facts.Request is null)
        {
            json.WriteNull("requestParameters");
            return;
        }

        json.WriteStartObject("requestParameters");
        AuditShapeWriter.WriteMembers(json, facts.Request);
        if (DefaultAlgorithms.TryGetValue(facts.Operation, out var members))
        {
            foreach (var member in members)
            {
                if (AlgorithmOf(facts.Request, member) is null)
                {
                    json.WriteString(member, "SYMMETRIC_DEFAULT");
                }
            }
        }

        json.WriteEndObject();
    }

    private static string? AlgorithmOf(AmazonWebServiceRequest request, string member) => (request, member) switch
    {
        (EncryptRequest r, _) => r.EncryptionAlgorithm?.Value,
        (DecryptRequest r, _) => r.EncryptionAlgorithm?.Value,
        (ReEncryptRequest r, "sourceEncryptionAlgorithm") => r.SourceEncryptionAlgorithm?.Value,
        (ReEncryptRequest r, _) => r.DestinationEncryptionAlgorithm?.Value,
        _ => null,
    };

    /// <summary>
    /// What AWS logs of a response: the key ARN (and the little else its examples show) for operations that change a
    /// key, the new key's metadata for CreateKey, null for everything else, reads and cryptographic operations above all.
    /// </summary>
    private static void WriteResponseElements(Utf8JsonWriter json, in AuditFacts facts, List<(string Arn, string AccountId)> resources)
    {
        var keyArn = resources.Count > 0 ? resources[0].Arn : null;
        switch (facts.Response)
        {
            case CreateKeyResponse { KeyMetadata: { } metadata }:
                json.WriteStartObject("responseElements");
                json.WriteStartObject("keyMetadata");
                AuditShapeWriter.WriteMembers(json, metadata);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case ScheduleKeyDeletionResponse r:
                json.WriteStartObject("responseElements");
                WriteNullable(json, "keyId", r.KeyId);
                WriteNullable(json, "keyState", r.KeyState?.Value);
                if (r.DeletionDate is { } deletion)
                {
                    json.WriteString("deletionDate", AuditShapeWriter.FormatTime(deletion));
                }

                if (r.PendingWindowInDays is { } window)
                {
                    json.WriteNumber("pendingWindowInDays", window);
                }

                json.WriteEndObject();
                return;
            case CreateGrantResponse r:
                json.WriteStartObject("responseElements");
                WriteNullable(json, "grantId", r.GrantId);
                WriteNullable(json, "keyId", keyArn);
                json.WriteEndObject();
                return;
            case ImportKeyMaterialResponse r:
                json.WriteStartObject("responseElements");
                WriteNullable(json, "keyId", r.KeyId ?? keyArn);
                WriteNullable(json, "keyMaterialId", r.KeyMaterialId);
                json.WriteEndObject();
                return;
            case DeleteImportedKeyMaterialResponse r:
                json.WriteStartObject("responseElements");
                WriteNullable(json, "keyId", r.KeyId ?? keyArn);
                WriteNullable(json, "keyMaterialId", r.KeyMaterialId);
                json.WriteEndObject();
                return;
            case CancelKeyDeletionResponse r:
                WriteKeyId(json, r.KeyId ?? keyArn);
                return;
            case RotateKeyOnDemandResponse r:
                WriteKeyId(json, r.KeyId ?? keyArn);
                return;
            case CreateAliasResponse or UpdateAliasResponse or DeleteAliasResponse or RetireGrantResponse or RevokeGrantResponse
                or ReplicateKeyResponse or UpdatePrimaryRegionResponse:
                WriteKeyId(json, keyArn);
                return;
            default:
                json.WriteNull("responseElements");
                return;
        }
    }

    private static void WriteKeyId(Utf8JsonWriter json, string? keyArn)
    {
        json.WriteStartObject("responseElements");
        WriteNullable(json, "keyId", keyArn);
        json.WriteEndObject();
    }

    /// <summary>The key materials a symmetric operation used (as AWS logs them), and for a denial the statements that decided it.</summary>
    private static void WriteAdditionalEventData(Utf8JsonWriter json, in AuditFacts facts)
    {
        var materials = facts.Call?.Materials ?? [];
        var decidedBy = facts.Failure?.Data[Pkcs11Kms.DecidedByDataKey] as string;
        if (materials.Count == 0 && decidedBy is null)
        {
            return;
        }

        json.WriteStartObject("additionalEventData");
        if (facts.Operation == "ReEncrypt" && materials.Count == 2)
        {
            json.WriteString("sourceKeyMaterialId", AuditLogFormat.ToHex(materials[0]));
            json.WriteString("destinationKeyMaterialId", AuditLogFormat.ToHex(materials[1]));
        }
        else if (facts.Operation != "ReEncrypt" && materials.Count > 0)
        {
            json.WriteString("keyMaterialId", AuditLogFormat.ToHex(materials[^1]));
        }

        if (decidedBy is not null)
        {
            json.WriteString("kmskitDecidedBy", decidedBy);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The keys the call touched: those it resolved, in order, and a key it made (CreateKey). ReEncrypt lists the source
    /// key, then the destination, as AWS does.
    /// </summary>
    private static List<(string Arn, string AccountId)> Resources(in AuditFacts facts)
    {
        var resources = new List<(string Arn, string AccountId)>(2);
        if (facts.Call is { } call)
        {
            resources.AddRange(call.Keys);
        }

        switch (facts.Response)
        {
            case CreateKeyResponse { KeyMetadata: { Arn: { } arn, AWSAccountId: { } account } }:
                resources.Add((arn, account));
                break;
            case ReEncryptResponse { SourceKeyId: { } source } when resources.Count == 2 && resources[1].Arn == source:
                (resources[0], resources[1]) = (resources[1], resources[0]);
                break;
        }

        return resources;
    }
}
