using KmsKit.Runtime.Format;

namespace KmsKit.Runtime.Suites.Cryptography;

/// <summary>The AAD of the header tag: the header body + the serialized required (reproduced) context, empty when there is none.</summary>
internal static class HeaderAuthentication
{
    /// <summary>The body itself when nothing is reproduced (the common case, no copy); else a new array.</summary>
    public static ReadOnlySpan<byte> Aad(ReadOnlySpan<byte> headerBody, IReadOnlyDictionary<string, string> reproducedContext)
    {
        if (reproducedContext.Count == 0)
        {
            return headerBody;
        }

        var context = EncryptionContextSerializer.Serialize(reproducedContext);
        var aad = new byte[headerBody.Length + context.Length];
        headerBody.CopyTo(aad);
        context.CopyTo(aad, headerBody.Length);
        return aad;
    }
}
