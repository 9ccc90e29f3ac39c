using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KmsKit.Pkcs11.Audit;

namespace KmsKit.Server.Cli;

/// <summary>
/// <c>kmskit audit verify|query</c>: offline checks and searches of the audit files <c>kmskit serve --audit-log</c>
/// writes (docs/audit.md). Exit codes: 0 intact (verify) or done (query), 1 tampered (verify), 2 bad input (the
/// command line, a file that cannot be read).
/// </summary>
internal static partial class AuditCommand
{
    public const int Intact = 0;
    public const int Tampered = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        var audit = new Command("audit", "Verify and search the audit log of kmskit serve --audit-log (docs/audit.md).");
        audit.Add(Verify());
        audit.Add(Query());
        return audit;
    }

    /// <summary>The one-line error of a bad <c>kmskit audit verify|query</c> command line (exit code 2), else null.</summary>
    public static string? ArgumentError(ParseResult parse) =>
        parse.Errors.Count > 0 && parse.CommandResult.Parent is CommandResult { Command.Name: "audit" }
            ? $"kmskit audit {parse.CommandResult.Command.Name}: {parse.Errors[0].Message}"
            : null;

    private static Argument<FileInfo[]> Files() => new("FILE")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "The audit files: the active file and any rotated ones, in any order (they are put in chain order).",
    };

    private static Command Verify()
    {
        var files = Files();
        var fingerprint = new Option<string?>("--key-fingerprint")
        {
            Description = "The signing key every digest must carry (the SHA-256 of its DER public key, hex, as kmskit serve prints it). Without it, the key of the first digest is trusted.",
            HelpName = "SHA256",
        };
        var allowUnsealed = new Option<bool>("--allow-unsealed-tail")
        {
            Description = "Accept lines after the last signed digest (a log still being written), reporting how many.",
        };
        fingerprint.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !HexSha256().IsMatch(value))
            {
                result.AddError($"--key-fingerprint takes 64 hex digits (a SHA-256), not '{value}'.");
            }
        });
        var command = new Command("verify", "Check the hash chain and the signed digests; name the first line changed, removed, inserted or reordered (exit 1).")
        {
            files, fingerprint, allowUnsealed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Read(parse.GetRequiredValue(files)) is not { } logs)
            {
                return BadInput;
            }

            var verification = AuditLogVerifier.Verify(logs, parse.GetValue(fingerprint), parse.GetValue(allowUnsealed));
            if (verification.Intact)
            {
                await Console.Out.WriteLineAsync(verification.Message).ConfigureAwait(false);
                return Intact;
            }

            await Console.Error.WriteLineAsync($"kmskit audit verify: {verification.Message}").ConfigureAwait(false);
            return Tampered;
        });
        return command;
    }

    private static Command Query()
    {
        var files = Files();
        var key = new Option<string?>("--key") { Description = "A key id, key ARN or alias name: events whose resources or request name it.", HelpName = "KEY" };
        var principal = new Option<string?>("--principal")
        {
            Description = "A principal ARN (for a session: its role's ARN too) or an account id: events of that caller.",
            HelpName = "ARN",
        };
        var eventName = new Option<string[]>("--event") { Description = "An operation (Decrypt, CreateKey ...); repeatable.", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var since = new Option<string?>("--since")
        {
            Description = "Events at or after this time: ISO 8601 (2025-05-20T20:00:00Z), or a span back from now (30m, 12h, 7d).",
            HelpName = "TIME",
        };
        since.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && Since(value, DateTimeOffset.UtcNow) is null)
            {
                result.AddError($"--since takes an ISO 8601 time or a span such as 30m, 12h or 7d, not '{value}'.");
            }
        });
        var command = new Command("query", "Print the events that match every filter given, as the JSON lines they are, in chain order.")
        {
            files, key, principal, eventName, since,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetRequiredValue(files);
            var filter = new EventFilter(
                parse.GetValue(key), parse.GetValue(principal), parse.GetValue(eventName) ?? [],
                parse.GetValue(since) is { } value ? Since(value, DateTimeOffset.UtcNow) : null);
            List<(long FirstSequence, List<byte[]> Lines)> ordered = [];
            foreach (var path in paths)
            {
                try
                {
                    var lines = SplitLines(File.ReadAllBytes(path.FullName));
                    ordered.Add((lines.Select(FirstSequence).FirstOrDefault(s => s > 0, long.MaxValue), lines));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"kmskit audit query: {path}: {e.Message}").ConfigureAwait(false);
                    return BadInput;
                }
            }

            await using var output = Console.OpenStandardOutput();
            foreach (var (_, lines) in ordered.OrderBy(f => f.FirstSequence))
            {
                foreach (var line in lines)
                {
                    if (filter.Matches(line))
                    {
                        await output.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                        output.WriteByte((byte)'\n');
                    }
                }
            }

            return Intact;
        });
        return command;
    }

    private static List<AuditLogFile>? Read(FileInfo[] paths)
    {
        var logs = new List<AuditLogFile>();
        foreach (var path in paths)
        {
            try
            {
                logs.Add(new AuditLogFile(path.ToString(), AuditLogLine.ReadFile(path.FullName)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"kmskit audit verify: {path}: {e.Message}");
                return null;
            }
        }

        return logs;
    }

    /// <summary>An ISO 8601 time (UTC unless it says otherwise), or 30m / 12h / 7d back from <paramref name="now"/>.</summary>
    internal static DateTimeOffset? Since(string value, DateTimeOffset now)
    {
        var span = SpanBack().Match(value);
        if (span.Success)
        {
            var amount = int.Parse(span.Groups[1].Value, CultureInfo.InvariantCulture);
            return span.Groups[2].Value switch
            {
                "s" => now.AddSeconds(-amount),
                "m" => now.AddMinutes(-amount),
                "h" => now.AddHours(-amount),
                _ => now.AddDays(-amount),
            };
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            lines.Add((end < 0 ? rest : rest[..end]).ToArray());
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return lines;
    }

    private static long FirstSequence(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var chain = root.TryGetProperty("kmskitDigest", out var digest) ? digest : root.TryGetProperty("kmskitChain", out var member) ? member : default;
            return chain.ValueKind == JsonValueKind.Object && chain.TryGetProperty("sequence", out var sequence) && sequence.TryGetInt64(out var number) ? number : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexSha256();

    [GeneratedRegex("^([0-9]{1,6})([smhd])$")]
    private static partial Regex SpanBack();

    /// <summary>The query's filters; an event matches all that are given. Digests and lines that are not events never match.</summary>
    private sealed class EventFilter(string? key, string? principal, string[] eventNames, DateTimeOffset? since)
    {
        private static readonly string[] KeyMembers = ["keyId", "targetKeyId", "destinationKeyId", "sourceKeyId", "aliasName"];

        public bool Matches(byte[] line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                return root.ValueKind == JsonValueKind.Object
                       && root.TryGetProperty("eventName", out var name) && name.ValueKind == JsonValueKind.String
                       && (eventNames.Length == 0 || eventNames.Any(e => string.Equals(e, name.GetString(), StringComparison.OrdinalIgnoreCase)))
                       && (since is null || (Text(root, "eventTime") is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= since))
                       && (principal is null || IsCaller(root))
                       && (key is null || NamesKey(root));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return false;
            }
        }

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private bool IsCaller(JsonElement root)
        {
            if (!root.TryGetProperty("userIdentity", out var identity))
            {
                return false;
            }

            var issuer = identity.ValueKind == JsonValueKind.Object && identity.TryGetProperty("sessionContext", out var session)
                && session.ValueKind == JsonValueKind.Object && session.TryGetProperty("sessionIssuer", out var role) ? Text(role, "arn") : null;
            return principal == Text(identity, "arn") || principal == issuer || principal == Text(identity, "accountId") || principal == Text(identity, "invokedBy");
        }

        private bool NamesKey(JsonElement root)
        {
            if (root.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
            {
                foreach (var resource in resources.EnumerateArray())
                {
                    if (Text(resource, "ARN") is { } arn && (arn == key || arn.EndsWith(":key/" + key, StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }
            }

            return root.TryGetProperty("requestParameters", out var request) && KeyMembers.Any(member => Text(request, member) == key);
        }
    }
}
