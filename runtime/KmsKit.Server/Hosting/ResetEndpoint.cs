using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using KmsKit.Server.Engines;
using KmsKit.Server.Identity;
using KmsKit.Server.Protocol;
using Microsoft.AspNetCore.Http;

namespace KmsKit.Server.Hosting;

/// <summary>
/// <c>POST /_kmskit/reset</c> on an ephemeral server: empties every region. It needs the
/// <see cref="HeaderName"/> header, which a browser sends cross-site only after a CORS preflight this server never
/// approves, and the account's root principal as its caller (signed by it when signatures are verified).
/// </summary>
internal sealed class ResetEndpoint(EngineRegistry engines, RequestAuthenticator authenticator, string accountId)
{
    public const string Path = "/_kmskit/reset";
    public const string HeaderName = "X-KmsKit-Reset";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (context.Request.Headers[HeaderName] != "1")
            {
                throw new ProtocolException("AccessDeniedException", $"A reset needs the header '{HeaderName}: 1'.", HttpStatusCode.Forbidden);
            }

            // Without a principals file every caller is the root, so this refuses only with one.
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            if (authenticator.Authenticate(context.Request, body.ToArray()).Principal.Arn != $"arn:aws:iam::{accountId}:root")
            {
                throw new ProtocolException("AccessDeniedException", $"Only the root principal of account {accountId} may reset the server.", HttpStatusCode.Forbidden);
            }

            engines.Reset();
            await AwsJsonResponse.WriteResultAsync(context.Response, new object(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            await AwsJsonResponse.WriteErrorAsync(context.Response, e.Status, e.ErrorCode, e.Message).ConfigureAwait(false);
        }
    }
}
