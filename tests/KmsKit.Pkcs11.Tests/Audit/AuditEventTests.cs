using System.Net;
using System.Reflection;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Engine;
using Microsoft.Extensions.Logging;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests.Audit;

[Collection(EngineCollection.Name)]
public sealed class AuditEventTests(EngineFixture fixture)
{
    [Fact]
    public async Task Every_operation_of_the_api_emits_exactly_one_event_named_for_it_even_when_it_fails()
    {
        using var engine = new AuditedEngine(fixture);
        IAmazonKeyManagementService kms = engine.Kms;
        var operations = new HashSet<string>();
        var methods = typeof(IAmazonKeyManagementService).GetMethods()
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                        && typeof(AmazonWebServiceResponse).IsAssignableFrom(m.ReturnType.GetGenericArguments()[0]))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var method in methods)
        {
            var before = (await engine.FlushedEvents()).Count;
            var arguments = method.GetParameters().Select(Argument).ToArray();
            try
            {
                await (Task)method.Invoke(kms, arguments)!;
            }
            catch (AmazonServiceException)
            {
                // Most calls here are invalid (empty requests): they fail, and are logged all the same.
            }

            var events = (await engine.FlushedEvents()).Skip(before).ToList();
            var operation = method.Name[..^"Async".Length];
            var only = Assert.Single(events);
            Assert.Equal(operation, only.EventName);
            operations.Add(operation);
        }

        // AWSSDK.KeyManagementService 4.1: the 54 operations of the API model, and Encapsulate and Decapsulate.
        Assert.Equal(56, operations.Count);
        engine.Dispose();
        Assert.True(AuditLogVerifier.Verify(engine.LogFiles.Select(AuditLogFile.Read).ToList()).Intact);
        engine.Delete();
    }

    [Fact]
    public async Task An_encrypt_event_has_cloudtrails_shape_with_the_request_but_not_its_plaintext_nor_the_response()
    {
        using var engine = new AuditedEngine(fixture);
        var key = await Create(engine.Kms);
        using (KmsRequestContext.Begin(new KmsRequestContext(IPAddress.Parse("::ffff:192.0.2.7"), SecureTransport: true)
        {
            UserAgent = "aws-sdk-dotnet-coreclr/4.0 test",
            RequestId = "5f0c5e55-1d6f-4a05-9c4e-0a3b2b1f9e01",
            AccessKeyId = "AKIDAUDITTEST",
        }))
        {
            await engine.Kms.EncryptAsync(new EncryptRequest
            {
                KeyId = key.KeyId,
                Plaintext = Text("the plaintext"),
                EncryptionContext = new Dictionary<string, string> { ["Department"] = "Engineering" },
            });
        }

        var e = AuditedEngine.Json((await engine.FlushedEvents()).Last());
        Assert.Equal("1.11", e.GetProperty("eventVersion").GetString());
        Assert.Equal("kms.amazonaws.com", e.GetProperty("eventSource").GetString());
        Assert.Equal("Encrypt", e.GetProperty("eventName").GetString());
        Assert.Equal("us-east-1", e.GetProperty("awsRegion").GetString());
        Assert.Equal("192.0.2.7", e.GetProperty("sourceIPAddress").GetString());
        Assert.Equal("aws-sdk-dotnet-coreclr/4.0 test", e.GetProperty("userAgent").GetString());
        Assert.Equal("5f0c5e55-1d6f-4a05-9c4e-0a3b2b1f9e01", e.GetProperty("requestID").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("eventID").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(e.GetProperty("eventTime").GetString(), out _));
        var identity = e.GetProperty("userIdentity");
        Assert.Equal("Root", identity.GetProperty("type").GetString());
        Assert.Equal("arn:aws:iam::111122223333:root", identity.GetProperty("arn").GetString());
        Assert.Equal("AKIDAUDITTEST", identity.GetProperty("accessKeyId").GetString());
        var request = e.GetProperty("requestParameters");
        Assert.Equal(key.KeyId, request.GetProperty("keyId").GetString());
        Assert.Equal("SYMMETRIC_DEFAULT", request.GetProperty("encryptionAlgorithm").GetString());
        Assert.Equal("Engineering", request.GetProperty("encryptionContext").GetProperty("Department").GetString());
        Assert.False(request.TryGetProperty("plaintext", out _));
        Assert.Equal(JsonValueKind.Null, e.GetProperty("responseElements").ValueKind);
        Assert.Equal(key.CurrentKeyMaterialId, e.GetProperty("additionalEventData").GetProperty("keyMaterialId").GetString());
        Assert.True(e.GetProperty("readOnly").GetBoolean());
        var resource = Assert.Single(e.GetProperty("resources").EnumerateArray());
        Assert.Equal(key.Arn, resource.GetProperty("ARN").GetString());
        Assert.Equal("AWS::KMS::Key", resource.GetProperty("type").GetString());
        Assert.Equal("111122223333", resource.GetProperty("accountId").GetString());
        Assert.Equal("AwsApiCall", e.GetProperty("eventType").GetString());
        Assert.True(e.GetProperty("managementEvent").GetBoolean());
        Assert.Equal("111122223333", e.GetProperty("recipientAccountId").GetString());
        Assert.False(e.TryGetProperty("errorCode", out _));
        engine.Dispose();
        engine.Delete();
    }

    [Fact]
    public async Task Management_events_carry_what_aws_logs_of_their_response_and_failures_their_error()
    {
        using var engine = new AuditedEngine(fixture);
        var key = await Create(engine.Kms, description: "audited");
        var alias = "alias/audit-" + Guid.NewGuid().ToString("N");
        await engine.Kms.CreateAliasAsync(alias, key.KeyId);
        await engine.Kms.ScheduleKeyDeletionAsync(key.KeyId, 7);
        await Assert.ThrowsAsync<NotFoundException>(() => engine.Kms.DescribeKeyAsync("alias/audit-missing"));
        var events = (await engine.FlushedEvents()).Select(AuditedEngine.Json).ToList();

        var create = events.Single(e => e.GetProperty("eventName").GetString() == "CreateKey");
        Assert.Equal("audited", create.GetProperty("requestParameters").GetProperty("description").GetString());
        Assert.Equal(key.KeyId, create.GetProperty("responseElements").GetProperty("keyMetadata").GetProperty("keyId").GetString());
        Assert.Equal("111122223333", create.GetProperty("responseElements").GetProperty("keyMetadata").GetProperty("AWSAccountId").GetString());
        Assert.Equal(key.Arn, Assert.Single(create.GetProperty("resources").EnumerateArray()).GetProperty("ARN").GetString());
        Assert.False(create.GetProperty("readOnly").GetBoolean());

        var aliasEvent = events.Single(e => e.GetProperty("eventName").GetString() == "CreateAlias");
        Assert.Equal(alias, aliasEvent.GetProperty("requestParameters").GetProperty("aliasName").GetString());
        Assert.Equal(key.Arn, aliasEvent.GetProperty("responseElements").GetProperty("keyId").GetString());

        var schedule = events.Single(e => e.GetProperty("eventName").GetString() == "ScheduleKeyDeletion");
        Assert.Equal(7, schedule.GetProperty("requestParameters").GetProperty("pendingWindowInDays").GetInt32());
        Assert.Equal("PendingDeletion", schedule.GetProperty("responseElements").GetProperty("keyState").GetString());

        var missing = events.Single(e => e.GetProperty("eventName").GetString() == "DescribeKey");
        Assert.Equal("NotFoundException", missing.GetProperty("errorCode").GetString());
        Assert.Contains("alias/audit-missing", missing.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("responseElements").ValueKind);
        engine.Dispose();
        engine.Delete();
    }

    [Fact]
    public async Task A_denied_call_is_logged_as_access_denied_with_its_caller_and_key()
    {
        using var engine = new AuditedEngine(fixture);
        var key = await Create(engine.Kms);
        using var stranger = engine.Kms.Core.For(new KmsPrincipal("arn:aws:sts::111122223333:assumed-role/Reader/session-1"));
        await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => stranger.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes(1, 2, 3) }));

        var denied = AuditedEngine.Json((await engine.FlushedEvents()).Last());
        Assert.Equal("AccessDenied", denied.GetProperty("errorCode").GetString());
        Assert.Contains("is not authorized to perform: kms:Encrypt", denied.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var identity = denied.GetProperty("userIdentity");
        Assert.Equal("AssumedRole", identity.GetProperty("type").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/Reader/session-1", identity.GetProperty("arn").GetString());
        Assert.Equal("arn:aws:iam::111122223333:role/Reader", identity.GetProperty("sessionContext").GetProperty("sessionIssuer").GetProperty("arn").GetString());
        Assert.Equal(key.Arn, Assert.Single(denied.GetProperty("resources").EnumerateArray()).GetProperty("ARN").GetString());
        Assert.False(string.IsNullOrEmpty(denied.GetProperty("additionalEventData").GetProperty("kmskitDecidedBy").GetString()));
        engine.Dispose();
        engine.Delete();
    }

    [Fact]
    public async Task A_reencrypt_lists_its_source_key_then_its_destination_with_both_materials()
    {
        using var engine = new AuditedEngine(fixture);
        var source = await Create(engine.Kms);
        var destination = await Create(engine.Kms);
        var blob = (await engine.Kms.EncryptAsync(new EncryptRequest { KeyId = source.KeyId, Plaintext = Bytes(9) })).CiphertextBlob;
        await engine.Kms.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = blob, DestinationKeyId = destination.KeyId });

        var e = AuditedEngine.Json((await engine.FlushedEvents()).Last());
        Assert.Equal([source.Arn, destination.Arn], e.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("ARN").GetString()));
        Assert.Equal(source.CurrentKeyMaterialId, e.GetProperty("additionalEventData").GetProperty("sourceKeyMaterialId").GetString());
        Assert.Equal(destination.CurrentKeyMaterialId, e.GetProperty("additionalEventData").GetProperty("destinationKeyMaterialId").GetString());
        Assert.Equal("SYMMETRIC_DEFAULT", e.GetProperty("requestParameters").GetProperty("sourceEncryptionAlgorithm").GetString());
        engine.Dispose();
        engine.Delete();
    }

    [Fact]
    public async Task Secrets_of_custom_key_store_requests_and_grant_tokens_are_not_logged()
    {
        using var engine = new AuditedEngine(fixture);
        await Assert.ThrowsAnyAsync<AmazonServiceException>(() => engine.Kms.CreateCustomKeyStoreAsync(new CreateCustomKeyStoreRequest
        {
            CustomKeyStoreName = "store",
            KeyStorePassword = "kmsuser-password-never-logged",
            XksProxyAuthenticationCredential = new XksProxyAuthenticationCredentialType { AccessKeyId = "XKSACCESSKEYNEVERLOGGED", RawSecretAccessKey = "XksSecretNeverLogged0123456789abcdefghijklmnopqrstuvwxyz" },
        }));
        var key = await Create(engine.Kms);
        // A malformed grant token is refused, and the refused call is logged without it.
        await Assert.ThrowsAsync<InvalidGrantTokenException>(() =>
            engine.Kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(1), GrantTokens = ["grant-token-never-logged"] }));
        await engine.FlushedEvents();
        engine.Dispose();

        // Unsupported operations do not read their request yet: the builder is checked on such a request directly.
        var built = System.Text.Encoding.UTF8.GetString(AuditEventBuilder.Build(new AuditFacts(
            "CreateCustomKeyStore", new CreateCustomKeyStoreRequest
            {
                CustomKeyStoreName = "store",
                KeyStorePassword = "kmsuser-password-never-logged",
                XksProxyAuthenticationCredential = new XksProxyAuthenticationCredentialType { AccessKeyId = "XKSACCESSKEYNEVERLOGGED", RawSecretAccessKey = "XksSecretNeverLogged0123456789abcdefghijklmnopqrstuvwxyz" },
            },
            null, null, KmsKit.Pkcs11.Policies.CallerIdentity.Parse("arn:aws:iam::111122223333:root"), "111122223333", "us-east-1", null, null, DateTimeOffset.UtcNow)).Json.Span);
        Assert.Contains("\"customKeyStoreName\":\"store\"", built, StringComparison.Ordinal);
        Assert.DoesNotContain("never-logged", built, StringComparison.Ordinal);
        Assert.DoesNotContain("NeverLogged", built, StringComparison.Ordinal);
        Assert.DoesNotContain("NEVERLOGGED", built, StringComparison.Ordinal);

        var log = File.ReadAllText(engine.LogPath);
        Assert.DoesNotContain("never-logged", log, StringComparison.Ordinal);
        Assert.DoesNotContain("NEVERLOGGED", log, StringComparison.Ordinal);
        Assert.DoesNotContain("NeverLogged", log, StringComparison.Ordinal);
        Assert.DoesNotContain(engine.Events, e => e.Json.Contains("never-logged", StringComparison.Ordinal));
        engine.Delete();
    }

    [Fact]
    public async Task Events_reach_an_ilogger_category_as_their_json()
    {
        var logged = new LoggedLines();
        using var engine = new AuditedEngine(fixture, options =>
        {
            options.FilePath = null;
            options.LoggerFactory = logged;
        });
        await engine.Kms.ListKeysAsync(new ListKeysRequest { Limit = 1 });
        await engine.FlushedEvents();

        var (category, level, message) = Assert.Single(logged.Lines);
        Assert.Equal(AuditOptions.LoggerCategory, category);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal("ListKeys", JsonDocument.Parse(message).RootElement.GetProperty("eventName").GetString());
        Assert.False(File.Exists(engine.LogPath));
        engine.Dispose();
        engine.Delete();
    }

    [Fact]
    public void An_audit_file_that_cannot_be_opened_fails_the_engines_opening()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-audit-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // The file's path is a folder.
            var e = Assert.ThrowsAny<Exception>(() => Pkcs11Kms.OpenEmbedded(fixture.Folder, new Pkcs11KmsOptions { Audit = new AuditOptions { FilePath = folder } }));
            Assert.True(e is IOException or UnauthorizedAccessException, e.ToString());
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static object? Argument(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(CancellationToken) ? CancellationToken.None
        : typeof(AmazonWebServiceRequest).IsAssignableFrom(parameter.ParameterType) ? Activator.CreateInstance(parameter.ParameterType)
        : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType)
        : null;

    /// <summary>An ILoggerFactory that keeps what the audit category logs.</summary>
    private sealed class LoggedLines : ILoggerFactory, ILogger
    {
        private string _category = string.Empty;

        public List<(string Category, LogLevel Level, string Message)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName)
        {
            _category = categoryName;
            return this;
        }

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((_category, logLevel, formatter(state, exception)));
            }
        }
    }
}
