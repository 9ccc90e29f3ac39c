using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Server.Protocol;

namespace KmsKit.Server.Cli;

/// <summary><c>kmskit keys create|list|describe</c>: key administration shortcuts that print the API's JSON.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, list and describe KMS keys (of AWS, or of a kmskit server with --endpoint-url).");
        keys.Add(CreateKey());
        keys.Add(ListKeys());
        keys.Add(DescribeKey());
        return keys;
    }

    private static Command CreateKey()
    {
        var endpoint = new KmsEndpointOptions();
        var description = new Option<string?>("--description") { Description = "The key's description." };
        var keySpec = new Option<string>("--key-spec") { Description = "SYMMETRIC_DEFAULT, RSA_2048, ECC_NIST_P256, HMAC_256, ...", DefaultValueFactory = _ => "SYMMETRIC_DEFAULT" };
        var keyUsage = new Option<string?>("--key-usage") { Description = "ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC or KEY_AGREEMENT (default: KMS's for the spec)." };
        var alias = new Option<string?>("--alias") { Description = "An alias to create for the key (alias/NAME)." };
        var command = new Command("create", "Create a KMS key and print its metadata.") { description, keySpec, keyUsage, alias };
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) => Run(endpoint, parse, async kms =>
        {
            var request = new CreateKeyRequest { Description = parse.GetValue(description), KeySpec = KeySpec.FindValue(parse.GetRequiredValue(keySpec)) };
            if (parse.GetValue(keyUsage) is { } usage)
            {
                request.KeyUsage = KeyUsageType.FindValue(usage);
            }

            var created = await kms.CreateKeyAsync(request, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(alias) is { } aliasName)
            {
                try
                {
                    await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = aliasName, TargetKeyId = created.KeyMetadata.KeyId }, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonServiceException e)
                {
                    // The key exists now: name it, so that it can be given an alias later or scheduled for deletion.
                    var message = $"The key {created.KeyMetadata.Arn} was created, but not its alias: {e.Message}";
                    throw new AmazonKeyManagementServiceException(message, e) { ErrorCode = e.ErrorCode };
                }
            }

            return created;
        }));
        return command;
    }

    private static Command ListKeys()
    {
        var endpoint = new KmsEndpointOptions();
        var command = new Command("list", "List every KMS key of the region (all pages).");
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) => Run(endpoint, parse, async kms =>
        {
            var all = new ListKeysResponse { Keys = new List<KeyListEntry>(), Truncated = false };
            string? marker = null;
            do
            {
                var page = await kms.ListKeysAsync(new ListKeysRequest { Marker = marker, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
                all.Keys.AddRange(page.Keys ?? []);
                marker = page.Truncated == true ? page.NextMarker : null;
            }
            while (marker is not null);

            return all;
        }));
        return command;
    }

    private static Command DescribeKey()
    {
        var endpoint = new KmsEndpointOptions();
        var keyId = new Option<string>("--key-id") { Description = "Key id, key ARN, alias name or alias ARN.", Required = true };
        var command = new Command("describe", "Print a KMS key's metadata.") { keyId };
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) => Run(endpoint, parse, kms =>
            kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = parse.GetRequiredValue(keyId) }, cancellationToken)));
        return command;
    }

    /// <summary>Runs one call and prints its response as the API's JSON; an error is one line on stderr and exit 1.</summary>
    private static async Task<int> Run<T>(KmsEndpointOptions endpoint, ParseResult parse, Func<IAmazonKeyManagementService, Task<T>> call)
        where T : AmazonWebServiceResponse
    {
        try
        {
            using var kms = endpoint.CreateClient(parse);
            var response = await call(kms).ConfigureAwait(false);
            await using var output = Console.OpenStandardOutput();
            await using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
            {
                ShapeWriter.WriteStructure(writer, response);
            }

            await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            return 0;
        }
        catch (AmazonServiceException e)
        {
            await Console.Error.WriteLineAsync($"kmskit: {e.ErrorCode}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            // Connection refused, DNS, timeouts: the SDK's retries are spent, and its message names the endpoint.
            await Console.Error.WriteLineAsync($"kmskit: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }
    }
}
