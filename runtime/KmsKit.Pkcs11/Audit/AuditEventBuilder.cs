using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Threading;
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

/// <summary>
/// An event ready for the writer: its JSON (without the chain member), in a pooled buffer the writer returns once the
/// event is written, and what the callback filters on.
/// </summary>
internal sealed class AuditRecord(byte[] buffer, int length, Guid eventId, string eventName, DateTimeOffset eventTime, string principalArn, string? errorCode, string[] resources)
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Json => _buffer is { } json ? json.AsMemory(0, length) : throw new ObjectDisposedException(nameof(AuditRecord));

    public Guid EventId => eventId;

    public string EventName => eventName;

    public DateTimeOffset EventTime => eventTime;

    public string PrincipalArn => principalArn;

    public string? ErrorCode => errorCode;

    public string[] Resources => resources;

    /// <summary>Gives the buffer back to the pool (once: the record is done with).</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } json)
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }
}

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

    /// <summary>Escapes only what JSON requires (an ARN or a base64 value stays readable); the structure is the builder's own.</summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static AuditRecord Build(in AuditFacts facts)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.Clear();
        var json = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        var eventId = NewEventId();
        var errorCode = facts.Failure is null ? null : ErrorCode(facts.Failure);
        var resources = Resources(facts);

        json.WriteStartObject();
        json.WriteString(N.EventVersion, EventVersion);
        WriteUserIdentity(json, facts);
        WriteTime(json, N.EventTime, facts.Time.UtcDateTime);
        json.WriteString(N.EventSource, "kms.amazonaws.com");
        json.WriteString(N.EventName, facts.Operation);
        json.WriteString(N.AwsRegion, facts.Region);
        WriteNullable(json, N.SourceIPAddress, SourceIp(facts.Transport?.SourceIp));
        WriteNullable(json, N.UserAgent, facts.Transport?.UserAgent);
        if (errorCode is not null)
        {
            json.WriteString(N.ErrorCode, errorCode);
            json.WriteString(N.ErrorMessage, facts.Failure!.Message);
        }

        WriteRequestParameters(json, facts);
        WriteResponseElements(json, facts, resources);
        WriteAdditionalEventData(json, facts);
        if (facts.Transport?.RequestId is { } requestId)
        {
            json.WriteString(N.RequestID, requestId);
        }
        else
        {
            json.WriteString(N.RequestID, NewEventId());
        }

        json.WriteString(N.EventID, eventId);
        json.WriteBoolean(N.ReadOnly, IsReadOnly(facts.Operation));
        json.WriteStartArray(N.Resources);
        foreach (var (arn, accountId) in resources)
        {
            json.WriteStartObject();
            json.WriteString(N.AccountId, accountId);
            json.WriteString(N.Type, "AWS::KMS::Key");
            json.WriteString(N.ARN, arn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString(N.EventType, "AwsApiCall");
        json.WriteBoolean(N.ManagementEvent, true);
        json.WriteString(N.RecipientAccountId, resources.Count > 0 ? resources[0].AccountId : facts.CallerAccountId);
        json.WriteString(N.EventCategory, "Management");
        json.WriteEndObject();
        json.Flush();

        var arns = new string[resources.Count];
        for (var i = 0; i < arns.Length; i++)
        {
            arns[i] = resources[i].Arn;
        }

        var pooled = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(pooled);
        return new AuditRecord(pooled, buffer.WrittenCount, eventId, facts.Operation, facts.Time, facts.Caller.Arn, errorCode, arns);
    }

    /// <summary>
    /// A version-4 GUID from a fast generator rather than the OS's (a system call per GUID): event ids must be unique,
    /// not unpredictable.
    /// </summary>
    private static Guid NewEventId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order: the 3rd group is little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
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

    /// <summary>CloudTrail's time, UTC to the second (yyyy-MM-ddTHH:mm:ssZ), written without a string.</summary>
    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[20];
        Two(text, utc.Year / 100);
        Two(text[2..], utc.Year % 100);
        text[4] = (byte)'-';
        Two(text[5..], utc.Month);
        text[7] = (byte)'-';
        Two(text[8..], utc.Day);
        text[10] = (byte)'T';
        Two(text[11..], utc.Hour);
        text[13] = (byte)':';
        Two(text[14..], utc.Minute);
        text[16] = (byte)':';
        Two(text[17..], utc.Second);
        text[19] = (byte)'Z';
        json.WriteString(name, text);

        static void Two(Span<byte> at, int value)
        {
            at[0] = (byte)('0' + (value / 10));
            at[1] = (byte)('0' + (value % 10));
        }
    }

    private static string? SourceIp(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static void WriteNullable(Utf8JsonWriter json, JsonEncodedText name, string? value)
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
        json.WriteStartObject(N.UserIdentity);
        switch (caller.PrincipalType)
        {
            case "Service":
                json.WriteString(N.Type, "AWSService");
                json.WriteString(N.InvokedBy, caller.Arn);
                break;
            case "Account":
                json.WriteString(N.Type, "Root");
                json.WriteString(N.PrincipalId, caller.AccountId);
                break;
            case "User":
                json.WriteString(N.Type, "IAMUser");
                break;
            default:
                json.WriteString(N.Type, "AssumedRole");
                break;
        }

        if (!caller.IsService)
        {
            json.WriteString(N.Arn, caller.Arn);
            json.WriteString(N.AccountId, caller.AccountId);
            if (facts.Transport?.AccessKeyId is { } accessKeyId)
            {
                json.WriteString(N.AccessKeyId, accessKeyId);
            }

            if (caller.UserName is not null)
            {
                json.WriteString(N.UserName, caller.UserName);
            }

            if (caller.RoleName is not null)
            {
                json.WriteStartObject(N.SessionContext);
                json.WriteStartObject(N.SessionIssuer);
                json.WriteString(N.Type, "Role");
                json.WriteString(N.Arn, caller.PrincipalArn);
                json.WriteString(N.AccountId, caller.AccountId);
                json.WriteString(N.UserName, caller.RoleName);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            if (facts.Transport?.ViaService is { } via)
            {
                json.WriteString(N.InvokedBy, via);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteRequestParameters(Utf8JsonWriter json, in AuditFacts facts)
    {
        if (facts.Request is null)
        {
            json.WriteNull(N.RequestParameters);
            return;
        }

        json.WriteStartObject(N.RequestParameters);
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
                json.WriteStartObject(N.ResponseElements);
                json.WriteStartObject(N.KeyMetadata);
                AuditShapeWriter.WriteMembers(json, metadata);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case ScheduleKeyDeletionResponse r:
                json.WriteStartObject(N.ResponseElements);
                WriteNullable(json, N.KeyId, r.KeyId);
                WriteNullable(json, N.KeyState, r.KeyState?.Value);
                if (r.DeletionDate is { } deletion)
                {
                    json.WriteString(N.DeletionDate, AuditShapeWriter.FormatTime(deletion));
                }

                if (r.PendingWindowInDays is { } window)
                {
                    json.WriteNumber(N.PendingWindowInDays, window);
                }

                json.WriteEndObject();
                return;
            case CreateGrantResponse r:
                json.WriteStartObject(N.ResponseElements);
                WriteNullable(json, N.GrantId, r.GrantId);
                WriteNullable(json, N.KeyId, keyArn);
                json.WriteEndObject();
                return;
            case ImportKeyMaterialResponse r:
                json.WriteStartObject(N.ResponseElements);
                WriteNullable(json, N.KeyId, r.KeyId ?? keyArn);
                WriteNullable(json, N.KeyMaterialId, r.KeyMaterialId);
                json.WriteEndObject();
                return;
            case DeleteImportedKeyMaterialResponse r:
                json.WriteStartObject(N.ResponseElements);
                WriteNullable(json, N.KeyId, r.KeyId ?? keyArn);
                WriteNullable(json, N.KeyMaterialId, r.KeyMaterialId);
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
                json.WriteNull(N.ResponseElements);
                return;
        }
    }

    private static void WriteKeyId(Utf8JsonWriter json, string? keyArn)
    {
        json.WriteStartObject(N.ResponseElements);
        WriteNullable(json, N.KeyId, keyArn);
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

        json.WriteStartObject(N.AdditionalEventData);
        if (facts.Operation == "ReEncrypt" && materials.Count == 2)
        {
            json.WriteString(N.SourceKeyMaterialId, AuditLogFormat.ToHex(materials[0]));
            json.WriteString(N.DestinationKeyMaterialId, AuditLogFormat.ToHex(materials[1]));
        }
        else if (facts.Operation != "ReEncrypt" && materials.Count > 0)
        {
            json.WriteString(N.KeyMaterialId, AuditLogFormat.ToHex(materials[^1]));
        }

        if (decidedBy is not null)
        {
            json.WriteString(N.KmskitDecidedBy, decidedBy);
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

    /// <summary>The event's member names, encoded once.</summary>
    private static class N
    {
        public static readonly JsonEncodedText AccessKeyId = JsonEncodedText.Encode("accessKeyId");
        public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("accountId");
        public static readonly JsonEncodedText AdditionalEventData = JsonEncodedText.Encode("additionalEventData");
        public static readonly JsonEncodedText Arn = JsonEncodedText.Encode("arn");
        public static readonly JsonEncodedText ARN = JsonEncodedText.Encode("ARN");
        public static readonly JsonEncodedText AwsRegion = JsonEncodedText.Encode("awsRegion");
        public static readonly JsonEncodedText DeletionDate = JsonEncodedText.Encode("deletionDate");
        public static readonly JsonEncodedText DestinationKeyMaterialId = JsonEncodedText.Encode("destinationKeyMaterialId");
        public static readonly JsonEncodedText ErrorCode = JsonEncodedText.Encode("errorCode");
        public static readonly JsonEncodedText ErrorMessage = JsonEncodedText.Encode("errorMessage");
        public static readonly JsonEncodedText EventCategory = JsonEncodedText.Encode("eventCategory");
        public static readonly JsonEncodedText EventID = JsonEncodedText.Encode("eventID");
        public static readonly JsonEncodedText EventName = JsonEncodedText.Encode("eventName");
        public static readonly JsonEncodedText EventSource = JsonEncodedText.Encode("eventSource");
        public static readonly JsonEncodedText EventTime = JsonEncodedText.Encode("eventTime");
        public static readonly JsonEncodedText EventType = JsonEncodedText.Encode("eventType");
        public static readonly JsonEncodedText EventVersion = JsonEncodedText.Encode("eventVersion");
        public static readonly JsonEncodedText GrantId = JsonEncodedText.Encode("grantId");
        public static readonly JsonEncodedText InvokedBy = JsonEncodedText.Encode("invokedBy");
        public static readonly JsonEncodedText KeyId = JsonEncodedText.Encode("keyId");
        public static readonly JsonEncodedText KeyMaterialId = JsonEncodedText.Encode("keyMaterialId");
        public static readonly JsonEncodedText KeyMetadata = JsonEncodedText.Encode("keyMetadata");
        public static readonly JsonEncodedText KeyState = JsonEncodedText.Encode("keyState");
        public static readonly JsonEncodedText KmskitDecidedBy = JsonEncodedText.Encode("kmskitDecidedBy");
        public static readonly JsonEncodedText ManagementEvent = JsonEncodedText.Encode("managementEvent");
        public static readonly JsonEncodedText PendingWindowInDays = JsonEncodedText.Encode("pendingWindowInDays");
        public static readonly JsonEncodedText PrincipalId = JsonEncodedText.Encode("principalId");
        public static readonly JsonEncodedText ReadOnly = JsonEncodedText.Encode("readOnly");
        public static readonly JsonEncodedText RecipientAccountId = JsonEncodedText.Encode("recipientAccountId");
        public static readonly JsonEncodedText RequestID = JsonEncodedText.Encode("requestID");
        public static readonly JsonEncodedText RequestParameters = JsonEncodedText.Encode("requestParameters");
        public static readonly JsonEncodedText Resources = JsonEncodedText.Encode("resources");
        public static readonly JsonEncodedText ResponseElements = JsonEncodedText.Encode("responseElements");
        public static readonly JsonEncodedText SessionContext = JsonEncodedText.Encode("sessionContext");
        public static readonly JsonEncodedText SessionIssuer = JsonEncodedText.Encode("sessionIssuer");
        public static readonly JsonEncodedText SourceIPAddress = JsonEncodedText.Encode("sourceIPAddress");
        public static readonly JsonEncodedText SourceKeyMaterialId = JsonEncodedText.Encode("sourceKeyMaterialId");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("userAgent");
        public static readonly JsonEncodedText UserIdentity = JsonEncodedText.Encode("userIdentity");
        public static readonly JsonEncodedText UserName = JsonEncodedText.Encode("userName");
    }
}
