using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using KmsKit.Server.Protocol;

namespace KmsKit.Server.Cli;

/// <summary>
/// <c>kmskit policy simulate</c>: asks a kmskit server (KmsKitSimulatePolicy, SigV4-signed as every request)
/// whether a principal may do an action on a key, and prints the decision and the statements that made it.
/// Exit codes: 0 allowed, 1 denied, 2 bad input (the command line, or a request the server calls invalid: an unknown
/// action, a malformed principal ARN), 3 no answer (no such key, the caller may not simulate, the server unreachable).
/// </summary>
internal static class PolicyCommand
{
    public const int Allowed = 0;
    public const int Denied = 1;
    public const int BadInput = 2;
    public const int Failed = 3;

    private const string SimulateName = "simulate";

    public static Command Create()
    {
        var policy = new Command("policy", "Explain key policy decisions of a kmskit server.");
        policy.Add(Simulate());
        return policy;
    }

    /// <summary>The one-line error of a bad <c>kmskit policy simulate</c> command line (exit code 2), else null.</summary>
    public static string? ArgumentError(ParseResult parse) =>
        parse.Errors.Count > 0 && parse.CommandResult.Command.Name == SimulateName && parse.CommandResult.Parent is CommandResult { Command.Name: "policy" }
            ? $"kmskit policy simulate: {parse.Errors[0].Message}"
            : null;

    private static Command Simulate()
    {
        var endpoint = new KmsEndpointOptions();
        var principal = new Option<string>("--principal") { Description = "The principal ARN to decide for (arn:aws:iam::111122223333:role/App).", Required = true };
        var action = new Option<string>("--action") { Description = "The KMS action (kms:Decrypt, kms:Encrypt, kms:DescribeKey ...).", Required = true };
        var key = new Option<string?>("--key") { Description = "Key id, key ARN, alias name or alias ARN; omit it for an account-level action (kms:CreateKey)." };
        var context = EncryptionContextOption.Create("The request's encryption context, KEY=VALUE pairs (for kms:Encrypt, kms:Decrypt, kms:GenerateDataKey...).", "--context");
        context.Aliases.Add("--encryption-context");
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON instead of text (the exit code is the same)." };
        var command = new Command(SimulateName, "Decide whether a principal may do an action on a key, and name the statements that decide it (a kmskit server only).")
        {
            principal, action, key, context, json,
        };
        endpoint.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(endpoint.EndpointUrl) is null)
            {
                result.AddError("--endpoint-url is required: policy simulation is a kmskit server's operation, not AWS's.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new JsonObjectBuilder()
                .Add("PrincipalArn", parse.GetRequiredValue(principal))
                .Add("Action", parse.GetRequiredValue(action))
                .Add("KeyId", parse.GetValue(key))
                .AddMap("EncryptionContext", EncryptionContextOption.Pairs(parse.GetRequiredValue(context)))
                .ToBytes();
            try
            {
                var (url, region, credentials) = endpoint.Signing(parse);
                using var answer = await SendAsync(url!, region, credentials, request, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await using var output = Console.OpenStandardOutput();
                    var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                    await using (var writer = new Utf8JsonWriter(output, options))
                    {
                        answer.RootElement.WriteTo(writer);
                    }

                    await output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Console.Out.WriteAsync(Describe(answer.RootElement)).ConfigureAwait(false);
                }

                return answer.RootElement.GetProperty("Decision").GetString() == "Allow" ? Allowed : Denied;
            }
            catch (SimulationFailedException e)
            {
                await Console.Error.WriteLineAsync($"kmskit policy simulate: {e.Message}").ConfigureAwait(false);
                return e.BadInput ? BadInput : Failed;
            }
            catch (Exception e) when (e is AmazonClientException or HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"kmskit policy simulate: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return Failed;
            }
        });
        return command;
    }

    /// <summary>The decision, the principal's identity source and each deciding statement with its JSON, indented.</summary>
    internal static string Describe(JsonElement answer)
    {
        var text = new StringBuilder();
        var allowed = answer.GetProperty("Decision").GetString() == "Allow";
        text.Append(allowed ? "ALLOW" : $"DENY ({answer.GetProperty("Summary").GetString()})").Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"  {answer.GetProperty("Action").GetString()} by {answer.GetProperty("PrincipalArn").GetString()} on {answer.GetProperty("Resource").GetString()}\n");
        if (!allowed)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {answer.GetProperty("Explanation").GetString()}\n");
        }

        var policies = answer.TryGetProperty("IdentityPolicyCount", out var count) ? count.GetInt32() : 0;
        text.Append(answer.GetProperty("IdentitySource").GetString() switch
        {
            SimulatePolicyResponse.FromPrincipalsFile => $"  identity: the server's principals file ({policies} identity {(policies == 1 ? "policy" : "policies")})\n",
            SimulatePolicyResponse.NotInPrincipalsFile => "  identity: not in the server's principals file, so no identity policies and no tags\n",
            _ => "  identity: the server has no principals file (local mode), so no identity policies and no tags\n",
        });
        if (answer.TryGetProperty("DecidingGrant", out var grant) && grant.ValueKind == JsonValueKind.Object)
        {
            text.Append(CultureInfo.InvariantCulture, $"{grant.GetProperty("Location").GetString()}: Allow (no policy allows it; the grant does)\n");
            return text.ToString();
        }

        if (!answer.TryGetProperty("DecidingStatements", out var statements) || statements.GetArrayLength() == 0)
        {
            text.Append(allowed ? "  (allowed as the account's root, without a statement)\n" : "  no statement allows it\n");
            return text.ToString();
        }

        foreach (var statement in statements.EnumerateArray())
        {
            text.Append(CultureInfo.InvariantCulture, $"{statement.GetProperty("Location").GetString()}: {statement.GetProperty("Effect").GetString()}\n");
            foreach (var line in statement.GetProperty("Statement").GetString()!.Split('\n'))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>POSTs the request to the endpoint signed with SigV4 (service kms), as the SDK signs KMS requests.</summary>
    private static async Task<JsonDocument> SendAsync(Uri endpoint, string region, AWSCredentials credentials, byte[] body, CancellationToken cancellationToken)
    {
        var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        var signedAt = DateTime.UtcNow;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        var path = string.IsNullOrEmpty(endpoint.AbsolutePath) ? "/" : endpoint.AbsolutePath;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = PolicySimulation.Target,
        };
        if (identity.UseToken)
        {
            headers["x-amz-security-token"] = identity.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append("POST\n").Append(path).Append("\n\n");
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexString(AWS4Signer.ComputeHash(body)).ToLowerInvariant());
        var signature = AWS4Signer.ComputeSignature(identity.AccessKey, identity.SecretKey, region, signedAt, "kms", signedHeaders, canonical.ToString()).Signature;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", headers["content-type"]);
        message.Headers.Host = host;
        message.Headers.Add("X-Amz-Date", amzDate);
        message.Headers.Add("X-Amz-Target", PolicySimulation.Target);
        if (identity.UseToken)
        {
            message.Headers.Add("X-Amz-Security-Token", identity.Token);
        }

        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={identity.AccessKey}/{amzDate[..8]}/{region}/kms/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}");
        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException)
        {
            throw new SimulationFailedException($"{endpoint} answered HTTP {(int)response.StatusCode} without a KMS answer: is it a kmskit server?", badInput: false);
        }

        if (response.IsSuccessStatusCode && document.RootElement.TryGetProperty("Decision", out _))
        {
            return document;
        }

        using (document)
        {
            var root = document.RootElement;
            var code = root.TryGetProperty("__type", out var type) ? type.GetString() : $"HTTP {(int)response.StatusCode}";
            var text = root.TryGetProperty("message", out var said) || root.TryGetProperty("Message", out said) ? said.GetString() : null;
            throw new SimulationFailedException(code == "UnknownOperationException"
                ? $"{endpoint} does not know KmsKitSimulatePolicy: it is not a kmskit server (or an older one)."
                : $"{code}: {text}",
                badInput: code == "ValidationException");
        }
    }

    /// <summary>A small JSON object writer for the request: members whose value is null are left out.</summary>
    private sealed class JsonObjectBuilder
    {
        private readonly MemoryStream _buffer = new();
        private readonly Utf8JsonWriter _writer;

        public JsonObjectBuilder()
        {
            _writer = new Utf8JsonWriter(_buffer);
            _writer.WriteStartObject();
        }

        public JsonObjectBuilder Add(string name, string? value)
        {
            if (value is not null)
            {
                _writer.WriteString(name, value);
            }

            return this;
        }

        public JsonObjectBuilder AddMap(string name, IReadOnlyDictionary<string, string> pairs)
        {
            if (pairs.Count > 0)
            {
                _writer.WriteStartObject(name);
                foreach (var (key, value) in pairs)
                {
                    _writer.WriteString(key, value);
                }

                _writer.WriteEndObject();
            }

            return this;
        }

        public byte[] ToBytes()
        {
            _writer.WriteEndObject();
            _writer.Dispose();
            var bytes = _buffer.ToArray();
            _buffer.Dispose();
            return bytes;
        }
    }

    private sealed class SimulationFailedException(string message, bool badInput) : Exception(message)
    {
        /// <summary>The server refused the request as invalid (ValidationException): the user's input, exit code 2.</summary>
        public bool BadInput { get; } = badInput;
    }
}
