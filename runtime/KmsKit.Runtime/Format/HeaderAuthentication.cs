namespace KmsKit.Runtime.Format;

/// <summary>The AAD of the header tag: the header body + the serialized required (reproduced) context, empty when there is none.</summary>
internal static class HeaderAuthentication
{
    public static byte[] Aad(byte[] headerBody, IReadOnlyDictionary<string, string> reproducedContext)
    {
        var context = EncryptionContextSerializer.Serialize(reproducedContext);
        var aad = new byte[headerBody.Length + context.Length];
        headerBody.CopyTo(aad, 0);
        context.CopyTo(aad, headerBody.Length);
        return aad;
    }
}
