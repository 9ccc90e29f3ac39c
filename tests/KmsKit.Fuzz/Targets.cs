using System.Text;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Crypto;
using KmsKit.Pkcs11.Policies;
using KmsKit.Runtime;
using KmsKit.Runtime.Pipelines;
using KmsKit.Runtime.Serialization;
using KmsKit.Server.Protocol;

namespace KmsKit.Fuzz;

/// <summary>
/// One method per fuzz target: each feeds its input to one parser and swallows only the exception that parser
/// documents for bad input. Anything else escaping is a finding.
/// </summary>
public static class Targets
{
    public const string EsdkMessage = "esdk-message";
    public const string CiphertextBlob = "ciphertext-blob";
    public const string KmsRequest = "kms-request";
    public const string KeyPolicy = "key-policy";

    public static IReadOnlyList<string> Names { get; } = [EsdkMessage, CiphertextBlob, KmsRequest, KeyPolicy];

    /// <summary>Runs <paramref name="input"/> through the target named <paramref name="target"/>.</summary>
    public static void Run(string target, byte[] input)
    {
        switch (target)
        {
            case EsdkMessage:
                ReadEsdkMessage(input);
                break;
            case CiphertextBlob:
                ReadCiphertextBlob(input);
                break;
            case KmsRequest:
                ReadKmsRequest(input);
                break;
            case KeyPolicy:
                ReadKeyPolicy(input);
                break;
            default:
                throw new ArgumentException($"Unknown fuzz target '{target}'; the targets are {string.Join(", ", Names)}.", nameof(target));
        }
    }

    /// <summary>The header, every frame (or the single block) and the footer, as a decryptor walks them before it has a key.</summary>
    public static void ReadEsdkMessage(byte[] input)
    {
        try
        {
            Parsers.EsdkMessage(input);
        }
        catch (EncryptionSdkException)
        {
        }
    }

    /// <summary>A KMS ciphertext blob; TryParse reports bad input by returning false, so nothing is swallowed.</summary>
    public static void ReadCiphertextBlob(byte[] input) => Parsers.CiphertextBlob(input);

    /// <summary>"Operation\n{json}": the X-Amz-Target's operation name, then the JSON body read into its request type.</summary>
    public static void ReadKmsRequest(byte[] input)
    {
        try
        {
            Parsers.KmsRequest(input);
        }
        catch (ProtocolException)
        {
        }
    }

    /// <summary>A key policy document, as PutKeyPolicy and CreateKey read it.</summary>
    public static void ReadKeyPolicy(byte[] input)
    {
        try
        {
            Parsers.KeyPolicy(input);
        }
        catch (MalformedPolicyDocumentException)
        {
        }
    }

    /// <summary>
    /// The code that reaches the instrumented assemblies. SharpFuzz forbids running any of it before
    /// Fuzzer.OutOfProcess.Run, so it lives here, first touched from inside the fuzzing callback.
    /// </summary>
    private static class Parsers
    {
        private static readonly EncryptionClientOptions Options = new();
        private static readonly OperationCatalog Operations = new();

        public static void EsdkMessage(byte[] input)
        {
            var stream = new ReadOnlyMemoryStream(input);
            var header = HeaderReader.ReadAsync(new MessageReader(stream), Options, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            var blocks = new BodyReader(input, (int)stream.Position, header, Options.MaxBodySize ?? long.MaxValue);
            while (blocks.MoveNext())
            {
            }

            InMemoryMessageDecryptor.Footer(input.AsSpan(blocks.Offset), header.Suite.IsSigning);
        }

        public static void CiphertextBlob(byte[] input)
        {
            if (Pkcs11.Crypto.CiphertextBlob.TryParse(input, out var blob))
            {
                _ = (blob.KeyId, blob.MaterialVersion, blob.Iv, blob.Header, blob.CiphertextAndTag);
            }
        }

        public static void KmsRequest(byte[] input)
        {
            var newline = Array.IndexOf(input, (byte)'\n');
            var name = Encoding.UTF8.GetString(input, 0, newline < 0 ? input.Length : newline);
            var body = newline < 0 ? ReadOnlyMemory<byte>.Empty : input.AsMemory(newline + 1);
            var operation = Operations.Find(OperationCatalog.TargetPrefix + name);
            new ShapeReader().ReadRequest(body, operation.RequestType);
        }

        public static void KeyPolicy(byte[] input) => PolicyParser.Parse(Encoding.UTF8.GetString(input), PolicyKind.KeyPolicy);
    }
}
