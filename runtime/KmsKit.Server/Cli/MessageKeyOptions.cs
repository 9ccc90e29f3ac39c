using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Keyrings.AwsKms;

namespace KmsKit.Server.Cli;

/// <summary>
/// The key of <c>kmskit encrypt|decrypt</c>: <c>--key-id</c> (a KMS keyring, with <c>--endpoint-url</c> and
/// <c>--region</c>) or <c>--raw-aes-key FILE --key-namespace NS --key-name NAME</c> (a raw AES keyring).
/// </summary>
internal sealed class MessageKeyOptions
{
    private readonly KmsEndpointOptions _endpoint = new();

    private readonly Option<string?> _keyId = new("--key-id") { Description = "The KMS key: key id, key ARN, alias name or alias ARN." };

    private readonly Option<string?> _rawAesKey = new("--raw-aes-key") { Description = "A file holding a 32-byte AES-256 wrapping key (raw bytes)." };

    private readonly Option<string?> _keyNamespace = new("--key-namespace") { Description = "The raw AES key's namespace (provider id), as the other Encryption SDKs name it." };

    private readonly Option<string?> _keyName = new("--key-name") { Description = "The raw AES key's name, as the other Encryption SDKs name it." };

    public void AddTo(Command command)
    {
        command.Add(_keyId);
        _endpoint.AddTo(command);
        command.Add(_rawAesKey);
        command.Add(_keyNamespace);
        command.Add(_keyName);
        _keyNamespace.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } keyNamespace && keyNamespace.StartsWith("aws-kms", StringComparison.Ordinal))
            {
                result.AddError("--key-namespace must not start with 'aws-kms' (reserved for KMS keyrings).");
            }
        });
        command.Validators.Add(result =>
        {
            var kms = result.GetResult(_keyId) is not null;
            var raw = result.GetResult(_rawAesKey) is not null;
            var named = result.GetResult(_keyNamespace) is not null && result.GetResult(_keyName) is not null;
            var endpoint = result.GetResult(_endpoint.EndpointUrl) is not null || result.GetResult(_endpoint.Region) is not null;
            var problem = (kms, raw) switch
            {
                (true, true) => "--key-id and --raw-aes-key exclude each other: give one key.",
                (false, false) => "Give a key: --key-id KEY, or --raw-aes-key FILE with --key-namespace and --key-name.",
                (false, true) when !named => "--raw-aes-key needs --key-namespace and --key-name.",
                (false, true) when endpoint => "--endpoint-url and --region go with --key-id, not --raw-aes-key.",
                (true, false) when result.GetResult(_keyNamespace) is not null || result.GetResult(_keyName) is not null => "--key-namespace and --key-name go with --raw-aes-key, not --key-id.",
                _ => null,
            };
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });
    }

    /// <summary>
    /// The keyring the options name. To decrypt, a KMS keyring needs the key ARN the message stores, so another
    /// form of key id (alias, bare id) is resolved with DescribeKey first.
    /// </summary>
    public async Task<MessageKeyring> CreateAsync(ParseResult parse, bool needsKeyArn, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_rawAesKey) is { } file)
        {
            var keyring = RawAesKeyFile.Open(file, parse.GetRequiredValue(_keyNamespace)!, parse.GetRequiredValue(_keyName)!);
            return new MessageKeyring(keyring, keyring);
        }

        var kms = _endpoint.CreateClient(parse);
        try
        {
            var keyId = parse.GetRequiredValue(_keyId)!;
            if (needsKeyArn && AwsKmsArn.TryParse(keyId) is not { IsKey: true })
            {
                keyId = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata.Arn;
            }

            return new MessageKeyring(new AwsKmsKeyring(kms, keyId), kms);
        }
        catch
        {
            kms.Dispose();
            throw;
        }
    }
}
