using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Server.Engines;
using KmsKit.Server.Identity;
using KmsKit.Server.Protocol;
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
    public const string ResetPath = "/_kmskit/reset";

    /// <summary>Runs until the process is asked to stop; <paramref name="ready"/> gets the bound address.</summary>
    public static async Task RunAsync(ServerSettings settings, Action<string> ready, CancellationToken cancellationToken = default)
    {
        var principals = settings.PrincipalsFile is null ? null : PrincipalDirectory.Load(settings.PrincipalsFile);
        using var engines = settings.Ephemeral
            ? EngineRegistry.Ephemeral(settings.AccountId)
            : EngineRegistry.Persistent(settings.DataDirectory ?? DefaultDataDirectory(), settings.AccountId);

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
        builder.Services.AddSingleton<OperationCatalog>();
        builder.Services.AddSingleton(new RequestAuthenticator(settings.AccountId, settings.DefaultRegion, principals, TimeProvider.System));
        builder.Services.AddSingleton<KmsEndpoint>();

        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            return next(context);
        });
        var endpoint = app.Services.GetRequiredService<KmsEndpoint>();
        app.MapPost("/", (RequestDelegate)endpoint.HandleAsync);
        if (settings.Ephemeral)
        {
            app.MapPost(ResetPath, context =>
            {
                engines.Reset();
                return AwsJsonResponse.WriteResultAsync(context.Response, new object(), context.RequestAborted);
            });
        }

        app.MapFallback(context => AwsJsonResponse.WriteErrorAsync(
            context.Response, HttpStatusCode.NotFound, "UnknownOperationException", $"Nothing is served at {context.Request.Method} {context.Request.Path}: the KMS API is POST /."));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        ready(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "kmskit");
}
