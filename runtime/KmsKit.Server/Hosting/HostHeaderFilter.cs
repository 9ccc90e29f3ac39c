using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using KmsKit.Server.Protocol;
using Microsoft.AspNetCore.Http;

namespace KmsKit.Server.Hosting;

/// <summary>
/// Refuses a request whose Host header names neither the bound address, <c>localhost</c>, nor a name given with
/// <c>--allowed-host</c>: a web page that rebinds its own name to this address (DNS rebinding) sends that name.
/// </summary>
internal sealed class HostHeaderFilter
{
    private readonly HashSet<string> _names;
    private readonly bool _anyAddress;

    public HostHeaderFilter(string boundAddress, IEnumerable<string> allowedHosts)
    {
        var bound = IPAddress.Parse(boundAddress);
        _names = new HashSet<string>(allowedHosts.Select(name => name.Trim('[', ']')).Append("localhost").Append(bound.ToString()), StringComparer.OrdinalIgnoreCase);
        // Bound to every interface, the server is reached at any of the machine's addresses; an address is never
        // a rebound name, so any address is accepted.
        _anyAddress = bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any);
    }

    /// <summary>Whether <paramref name="name"/> can be what a Host header names: a DNS name or an IP address, no port.</summary>
    public static bool IsHostName(string name) =>
        Uri.CheckHostName(name.Trim('[', ']')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;

    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var host = context.Request.Host.Host;
        var name = host.Trim('[', ']');
        if (_names.Contains(name) || (_anyAddress && IPAddress.TryParse(name, out _)))
        {
            return next();
        }

        return AwsJsonResponse.WriteErrorAsync(context.Response, HttpStatusCode.BadRequest, "InvalidHostException",
            $"The Host header names '{host}', which this server does not answer to: it answers to {string.Join(", ", _names.Order(StringComparer.Ordinal))}; name others with kmskit serve --allowed-host.");
    }
}
