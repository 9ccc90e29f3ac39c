using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using KmsKit.Runtime;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Materials;

namespace KmsKit.Server.Cli;

/// <summary>
/// <c>kmskit encrypt|decrypt</c>: AWS Encryption SDK messages from and to files or stdin/stdout, the command line
/// fixed in ARCHITECTURE.md. On failure: one line on stderr, exit code 1, and nothing in <c>--output</c>.
/// </summary>
internal static class MessageCommand
{
    private const string RequireBoth = "require-encrypt-require-decrypt";
    private const string AllowLegacy = "require-encrypt-allow-decrypt";

    public static Command Encrypt()
    {
        var suite = new Option<string>("--suite") { Description = "0578 (signed with ECDSA P-384, the default) or 0478 (unsigned); both commit to their key.", DefaultValueFactory = _ => "0578" };
        var frameLength = new Option<int>("--frame-length") { Description = "Plaintext bytes per frame.", DefaultValueFactory = _ => 4096 };
        suite.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("0478" or "0578"))
            {
                result.AddError($"--suite must be 0478 or 0578, not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        frameLength.AddRange(1, EncryptionClientOptions.MaxFrameLength, $"--frame-length must be between 1 and {EncryptionClientOptions.MaxFrameLength}.");

        return Create("encrypt", "Encrypt a file (or stdin) into an AWS Encryption SDK message.", "The encryption context stored in the message.", [suite, frameLength], (parse, keyring, context) =>
        {
            var client = new EncryptionClient(new EncryptionClientOptions
            {
                Suite = parse.GetRequiredValue(suite) == "0478" ? AlgorithmSuite.Aes256GcmHkdfSha512CommitKey : AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384,
                FrameLength = parse.GetValue(frameLength),
            });
            return (input, output, cancellationToken) => client.EncryptAsync(input, output, new DefaultCryptographicMaterialsManager(keyring), context, cancellationToken);
        });
    }

    public static Command Decrypt()
    {
        var policy = new Option<string>("--commitment-policy")
        {
            Description = $"{RequireBoth} (the default) reads only key-committing messages; {AllowLegacy} also reads the legacy suites.",
            DefaultValueFactory = _ => RequireBoth,
        };
        policy.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not (RequireBoth or AllowLegacy))
            {
                result.AddError($"--commitment-policy must be {RequireBoth} or {AllowLegacy}, not '{result.GetValueOrDefault<string>()}'.");
            }
        });

        return Create("decrypt", "Decrypt an AWS Encryption SDK message; the plaintext is released only once the whole message is verified.", "Pairs the message's context must hold; required (reproduced) keys the message left out.", [policy], (parse, keyring, context) =>
        {
            var client = new EncryptionClient(new EncryptionClientOptions
            {
                CommitmentPolicy = parse.GetRequiredValue(policy) == AllowLegacy ? CommitmentPolicy.RequireEncryptAllowDecrypt : CommitmentPolicy.RequireEncryptRequireDecrypt,
            });

            // Streaming release in one pass, constant memory: the output is staged and put in place only on success.
            return async (input, output, cancellationToken) =>
                await client.DecryptAsync(input, output, new DefaultCryptographicMaterialsManager(keyring), context, PlaintextRelease.Streaming, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// The first argument error of these commands as one line (<c>kmskit encrypt: ...</c>), else null. The parser's
    /// own report would add help text on stdout, where a script expects the message or plaintext.
    /// </summary>
    public static string? ArgumentError(ParseResult parse) =>
        parse.Errors.Count > 0 && parse.CommandResult.Command.Name is "encrypt" or "decrypt"
            ? $"kmskit {parse.CommandResult.Command.Name}: {parse.Errors[0].Message}"
            : null;

    private static Command Create(string name, string description, string contextDescription, Option[] own, Func<ParseResult, IKeyring, Dictionary<string, string>, Func<Stream, Stream, CancellationToken, Task>> operation)
    {
        var input = new Option<string>("--input") { Description = "The file to read, or - for stdin (the default).", DefaultValueFactory = _ => "-" };
        var output = new Option<string>("--output") { Description = "The file to write, or - for stdout (the default).", DefaultValueFactory = _ => "-" };
        var context = EncryptionContextOption.Create(contextDescription);
        var key = new MessageKeyOptions();
        var command = new Command(name, description) { input, output };
        key.AddTo(command);
        command.Add(context);
        foreach (var option in own)
        {
            command.Add(option);
        }

        var decrypting = name == "decrypt";
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var source = OpenInput(parse.GetRequiredValue(input));
                using var keyring = await key.CreateAsync(parse, needsKeyArn: decrypting, cancellationToken).ConfigureAwait(false);
                var run = operation(parse, keyring.Keyring, EncryptionContextOption.Pairs(parse.GetRequiredValue(context)));
                await using var target = MessageOutput.Create(parse.GetRequiredValue(output), stageDirectOutput: decrypting);

                // Interrupted (Ctrl+C, Ctrl+\, SIGTERM, the terminal gone): the staging file goes, then the process ends as it would have.
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => target.Discard());
                using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => target.Discard());
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => target.Discard());
                using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => target.Discard());
                await using (var progress = ProgressStream.Wrap(source, name))
                {
                    await run(progress, target.Stream, cancellationToken).ConfigureAwait(false);
                }

                await target.CommitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e)
            {
                // Messages of the runtime and the AWS SDK name the problem and hold no key material or plaintext. Out of
                // memory here is one large buffer (a frame length of up to 1 GiB) refused, not a broken process.
                var reason = e switch
                {
                    AmazonServiceException service => $"{service.ErrorCode}: {service.Message}",
                    OutOfMemoryException => "Not enough memory for the message's frames: " + e.Message,
                    _ => e.Message,
                };
                await Console.Error.WriteLineAsync($"kmskit {name}: {reason.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static Stream OpenInput(string path)
    {
        if (path == "-")
        {
            return Console.OpenStandardInput();
        }

        InputFile.RefuseFolder(path, "The input");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }
}
