using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Pkcs11.Audit;
using KmsKit.Server.Engines;
using KmsKit.Server.Identity;
using KmsKit.Server.Protocol;
using KmsKit.Server.Quotas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmsKit.Server.Hosting;

/// <summary>
/// The KMS endpoint on Kestrel: <c>POST /</c> for the KMS API, <c>POST /_kmskit/reset</c> when ephemeral.
/// The host stops on SIGINT/SIGTERM after its in-flight requests have finished; the engines close after it.
/// </summary>
internal static class KmsServer
{
    /// <summary>
    /// Runs until the process is asked to stop; <paramref name="ready"/> gets the bound address, <paramref name="warn"/>
    /// what a user must know before trusting it.
    /// </summary>
    public static async Task RunAsync(ServerSettings settings, Action<string> ready, Action<string> warn, CancellationToken cancellationToken = default)
    {
        // Before anything is created: a bad quotas file is one line at start.
        using var quotas = new RequestQuotas(settings.Quotas is null ? QuotaTable.None : QuotaTable.Load(settings.Quotas));
        PrincipalDirectory? principals = null;
        if (settings.PrincipalsFile is not null)
        {
            PrincipalsFileMode.Check(settings.PrincipalsFile, settings.AllowReadablePrincipals, warn);
            principals = PrincipalDirectory.Load(settings.PrincipalsFile);
        }

        var dataDirectory = settings.Ephemeral ? null : settings.DataDirectory ?? DefaultDataDirectory();
        OwnerOnlyData.Apply(dataDirectory);
        var audit = settings.AuditLogFile is null
            ? null
            : new AuditLog(new AuditOptions { FilePath = settings.AuditLogFile, MaxFileBytes = settings.AuditLogMaxBytes, DigestInterval = settings.AuditDigestInterval });
        try
        {
            using var engines = dataDirectory is null
                ? EngineRegistry.Ephemeral(settings.AccountId, principals?.PrincipalArns, audit)
                : EngineRegistry.Persistent(dataDirectory, settings.AccountId, principals?.PrincipalArns, audit);
            try
            {
                if (audit is not null)
                {
                    engines.Open();
                    warn($"kmskit serve: audit log {audit.FilePath}; its digests are signed by the token's key sha256:{audit.SigningKeyFingerprint} (pin it: kmskit audit verify --key-fingerprint {audit.SigningKeyFingerprint}).");
                }

                await ServeAsync(settings, principals, engines, quotas, ready, warn, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // After the last request and before the engines close: everything queued, then the closing digest,
                // signed while the token is still there (an ephemeral folder is deleted with the engines).
                if (audit is not null)
                {
                    await audit.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (audit is not null)
            {
                await audit.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task ServeAsync(
        ServerSettings settings, PrincipalDirectory? principals, EngineRegistry engines, RequestQuotas quotas, Action<string> ready, Action<string> warn, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A start that fails (port in use) is reported by `kmskit serve` in one line, not logged with its stack.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = KmsEndpoint.MaxRequestBodySize;
            kestrel.Listen(IPAddress.Parse(settings.Host), settings.Port);
        });
        builder.Services.AddSingleton(engines);
        builder.Services.AddSingleton(quotas);
        builder.Services.AddSingleton<OperationCatalog>();
        builder.Services.AddSingleton(new PolicySimulation(principals));
        var authenticator = new RequestAuthenticator(settings.AccountId, settings.DefaultRegion, principals, TimeProvider.System);
        builder.Services.AddSingleton(authenticator);
        builder.Services.AddSingleton<KmsEndpoint>();

        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            return next(context);
        });
        app.Use(new HostHeaderFilter(settings.Host, settings.AllowedHosts).InvokeAsync);
        var endpoint = app.Services.GetRequiredService<KmsEndpoint>();
        app.MapPost("/", (RequestDelegate)endpoint.HandleAsync);
        if (settings.Ephemeral)
        {
            app.MapPost(ResetEndpoint.Path, new ResetEndpoint(engines, authenticator, settings.AccountId).HandleAsync);
        }

        app.MapFallback(context => AwsJsonResponse.WriteErrorAsync(
            context.Response, HttpStatusCode.NotFound, "UnknownOperationException", $"Nothing is served at {context.Request.Method} {context.Request.Path}: the KMS API is POST /."));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (principals is null)
        {
            warn($"kmskit serve: no --principals: any caller, signed or not, is the root of account {settings.AccountId}.");
        }

        ready(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "kmskit");
}
