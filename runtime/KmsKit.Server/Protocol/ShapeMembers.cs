using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Amazon.Runtime;

namespace KmsKit.Server.Protocol;

/// <summary>
/// The members of an SDK model type as the wire names them: its public read-write properties, whose names are
/// the API model's member names. The SDK's own request/response plumbing (declared in Amazon.Runtime) is not a member.
/// </summary>
internal static class ShapeMembers
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Cache = new();

    public static IReadOnlyDictionary<string, PropertyInfo> Of(Type type) => Cache.GetOrAdd(type, Discover);

    private static Dictionary<string, PropertyInfo> Discover(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .Where(p => p.DeclaringType is not null && p.DeclaringType.Assembly != typeof(AmazonWebServiceRequest).Assembly)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
}
