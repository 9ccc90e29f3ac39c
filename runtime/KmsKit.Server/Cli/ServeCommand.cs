using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Server.Hosting;
using KmsKit.Server.Identity;

namespace KmsKit.Server.Cli;

/// <summary><c>kmskit serve</c>: the command line fixed in ARCHITECTURE.md ("The server's command line").</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port).", DefaultValueFactory = _ => 4599 };
        var host = new Option<string>("--host")
        {
            Description = "IP address to bind; without --principals a loopback address only (see --allow-anonymous-remote).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Folder of the SoftHSM2 token and the key store (created if missing)." };
        var ephemeral = new Option<bool>("--ephemeral") { Description = "A fresh token and store in a temp folder, removed on exit; enables POST /_kmskit/reset (with the header X-KmsKit-Reset: 1)." };
        var accountId = new Option<string>("--account-id") { Description = "The AWS account of the keys.", DefaultValueFactory = _ => "111122223333" };
        var principals = new Option<FileInfo?>("--principals") { Description = "JSON file mapping access key ids to {secretAccessKey, principalArn}; enables SigV4 verification." };
        var regionDefault = new Option<string>("--region-default") { Description = "Region of unsigned requests (local development mode).", DefaultValueFactory = _ => "us-east-1" };
        var allowedHosts = new Option<string[]>("--allowed-host")
        {
            Description = "A name clients may give in the Host header besides the bound address and localhost (repeatable).",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowAnonymousRemote = new Option<bool>("--allow-anonymous-remote")
        {
            Description = "Without --principals, bind a non-loopback --host although any caller there is the account root.",
        };
        var allowReadablePrincipals = new Option<bool>("--allow-readable-principals")
        {
            Description = "Accept a principals file readable (never one writable) by group or others, with a warning.",
        };

        var auditLog = new Option<FileInfo?>("--audit-log")
        {
            Description = "Record every call in this JSON-lines file: CloudTrail-shaped events, hash-chained, with digests signed by a key in the token (docs/audit.md).",
            HelpName = "FILE",
        };
        var auditLogMaxSize = new Option<string>("--audit-log-max-size")
        {
            Description = "Rotate the audit log when it would grow past this size: bytes, or with K, M or G (binary units). At least 64K.",
            HelpName = "SIZE",
            DefaultValueFactory = _ => "100M",
        };
        var auditDigestMinutes = new Option<int>("--audit-digest-minutes")
        {
            Description = "Sign a digest of the events written since the last one every N minutes (and at rotation and shutdown).",
            HelpName = "N",
            DefaultValueFactory = _ => 15,
        };

        var quotas = new Option<string?>("--quotas")
        {
            Description = "Throttle requests as AWS KMS does: 'aws' for its default quotas, or a JSON file {\"quotas\": {\"Symmetric\": 5, ...}} (docs/server.md).",
            HelpName = "aws|FILE",
        };

        var command = new Command("serve", "Serve the AWS KMS API (awsJson1_1) on an HSM-backed engine.")
        {
            port, host, dataDir, ephemeral, accountId, principals, regionDefault, allowedHosts, allowAnonymousRemote, allowReadablePrincipals,
            auditLog, auditLogMaxSize, auditDigestMinutes, quotas,
        };
        auditLogMaxSize.Validators.Add(result =>
        {
            if (Size(result.GetValueOrDefault<string>()) is not >= 64 * 1024)
            {
                result.AddError($"--audit-log-max-size takes a size of at least 64K (bytes, or with K, M or G), not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        auditDigestMinutes.AddRange(1, 24 * 60, "--audit-digest-minutes must be between 1 and 1440.");
        host.Validators.Add(result =>
        {
            if (!IPAddress.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--host must be an IP address, not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        allowedHosts.Validators.Add(result =>
        {
            // A Host header is compared without its port: a name given with a port, a scheme or a path never matches.
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!HostHeaderFilter.IsHostName(name))
                {
                    result.AddError($"--allowed-host takes a host name or an IP address (no port, scheme or path), not '{name}'.");
                }
            }
        });
        port.AddRange(0, 65535, "--port must be between 0 and 65535.");
        accountId.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not { Length: 12 } account || !account.All(char.IsAsciiDigit))
            {
                result.AddError("--account-id must be 12 digits.");
            }
        });
        regionDefault.Validators.Add(result =>
        {
            if (!AwsRegions.IsKnown(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--region-default must be an AWS region, not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(dataDir) is not null && result.GetResult(ephemeral) is not null)
            {
                result.AddError("--data-dir and --ephemeral exclude each other.");
            }

            // Without signatures any caller is the root: only this machine's users may be callers unless asked.
            // The flag's value decides, not its presence: `--allow-anonymous-remote false` refuses too.
            if (result.GetResult(principals) is null && !result.GetValue(allowAnonymousRemote)
                && IPAddress.TryParse(result.GetValue(host), out var address) && !IPAddress.IsLoopback(address))
            {
                result.AddError($"--host {address} is not a loopback address, and without --principals any caller is the account root: give --principals, or --allow-anonymous-remote to accept that.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            new ServerSettings(
                parse.GetRequiredValue(host),
                parse.GetValue(port),
                parse.GetValue(dataDir)?.FullName,
                parse.GetValue(ephemeral),
                parse.GetRequiredValue(accountId),
                parse.GetValue(principals)?.FullName,
                parse.GetRequiredValue(regionDefault),
                parse.GetValue(allowedHosts) ?? [],
                parse.GetValue(allowReadablePrincipals))
            {
                AuditLogFile = parse.GetValue(auditLog)?.FullName,
                AuditLogMaxBytes = Size(parse.GetRequiredValue(auditLogMaxSize))!.Value,
                AuditDigestInterval = TimeSpan.FromMinutes(parse.GetValue(auditDigestMinutes)),
                Quotas = parse.GetValue(quotas),
            },
            cancellationToken));
        return command;
    }

    /// <summary>A size in bytes: digits, optionally followed by K, M or G (KiB, MiB, GiB); null if it is not one.</summary>
    internal static long? Size(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1024L,
            'M' => 1024L * 1024,
            'G' => 1024L * 1024 * 1024,
            _ => 1L,
        };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue / unit ? value * unit : null;
    }

    private static async Task<int> RunAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            // The engine opens at the first request: find its module now, so that a missing SoftHSM2 is one line
            // at start rather than 'listening on' followed by a failure per request.
            SoftHsmConfiguration.FindModule(SoftHsmConfiguration.DefaultModulePath);
            await KmsServer.RunAsync(
                settings, address => Console.Out.WriteLine($"listening on {address}"), Console.Error.WriteLine, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or InvalidOperationException or SocketException)
        {
            await Console.Error.WriteLineAsync($"kmskit serve: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
