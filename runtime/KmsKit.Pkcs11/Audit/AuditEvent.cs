using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Audit;

/// <summary>One call as the audit log's callback receives it: a few fields for filtering, and the whole event as JSON.</summary>
public sealed class AuditEvent
{
    internal AuditEvent(string eventId, string eventName, DateTimeOffset eventTime, string? principalArn, string? errorCode, IReadOnlyList<string> resources, string json)
    {
        EventId = eventId;
        EventName = eventName;
        EventTime = eventTime;
        PrincipalArn = principalArn;
        ErrorCode = errorCode;
        Resources = resources;
        Json = json;
    }

    /// <summary>The event's eventID (a new GUID).</summary>
    public string EventId { get; }

    /// <summary>The operation: Encrypt, CreateKey ...</summary>
    public string EventName { get; }

    public DateTimeOffset EventTime { get; }

    /// <summary>userIdentity.arn: the caller's principal ARN (or service principal).</summary>
    public string? PrincipalArn { get; }

    /// <summary>Null when the call succeeded.</summary>
    public string? ErrorCode { get; }

    /// <summary>The ARNs of the KMS keys the call touched (resources[].ARN).</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary>The CloudTrail-shaped event, without the file's chain member.</summary>
    public string Json { get; }
}
