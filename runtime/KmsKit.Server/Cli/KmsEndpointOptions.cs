using System;
using System.CommandLine;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace KmsKit.Server.Cli;

/// <summary>
/// <c>--endpoint-url</c> and <c>--region</c>: which KMS a client command talks to (AWS by default, or a kmskit server).
/// </summary>
internal sealed class KmsEndpointOptions
{
    public KmsEndpointOptions()
    {
        EndpointUrl.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                result.AddError($"--endpoint-url must be an http(s) URL, not '{value}'.");
            }
        });
    }

    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "A KMS endpoint such as http://127.0.0.1:4599 (default: AWS)." };

    public Option<string?> Region { get; } = new("--region") { Description = "The region (default: the AWS SDK's, else us-east-1)." };

    public void AddTo(Command command)
    {
        command.Add(EndpointUrl);
        command.Add(Region);
    }

    /// <summary>
    /// The SDK's client. Credentials come from the SDK's default chain; against a custom endpoint without any
    /// configured, placeholder ones are used (a kmskit server without --principals accepts any).
    /// </summary>
    public AmazonKeyManagementServiceClient CreateClient(ParseResult parse)
    {
        var endpoint = parse.GetValue(EndpointUrl);
        var region = parse.GetValue(Region);
        var config = new AmazonKeyManagementServiceConfig();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region ?? FallbackRegion();
        }
        else if ((region ?? EnvironmentRegion()) is { } named)
        {
            // Set here, as the aws cli does: a config made in code does not take AWS_DEFAULT_REGION from the SDK.
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(named);
        }

        return new AmazonKeyManagementServiceClient(Credentials(endpoint is not null), config);
    }

    /// <summary>
    /// The --endpoint-url given (null without one), the region to sign for and the credentials to sign with, as
    /// <see cref="CreateClient"/> would use them: for a request the SDK has no operation for (KmsKit's own).
    /// </summary>
    public (Uri? Endpoint, string Region, AWSCredentials Credentials) Signing(ParseResult parse)
    {
        var endpoint = parse.GetValue(EndpointUrl);
        return (endpoint is null ? null : new Uri(endpoint), parse.GetValue(Region) ?? FallbackRegion(), Credentials(endpoint is not null));
    }

    private static AWSCredentials Credentials(bool customEndpoint)
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException) when (customEndpoint)
        {
            return new BasicAWSCredentials("kmskit", "kmskit");
        }
    }

    private static string FallbackRegion() => EnvironmentRegion() ?? "us-east-1";

    private static string? EnvironmentRegion() =>
        NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION")) ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
