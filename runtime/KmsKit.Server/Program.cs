using System;
using System.CommandLine;
using KmsKit.Server.Cli;

var root = new RootCommand("kmskit: a local AWS KMS over PKCS#11, and the KmsKit command-line tools.")
{
    ServeCommand.Create(),
    KeysCommand.Create(),
    PolicyCommand.Create(),
    MessageCommand.Encrypt(),
    MessageCommand.Decrypt(),
    AuditCommand.Create(),
};

// The server's host handles SIGINT/SIGTERM itself and finishes in-flight requests first.
var parse = root.Parse(args);
if (MessageCommand.ArgumentError(parse) is { } error)
{
    await Console.Error.WriteLineAsync(error);
    return 1;
}

if (PolicyCommand.ArgumentError(parse) is { } policyError)
{
    await Console.Error.WriteLineAsync(policyError);
    return PolicyCommand.BadInput;
}

if (AuditCommand.ArgumentError(parse) is { } auditError)
{
    await Console.Error.WriteLineAsync(auditError);
    return AuditCommand.BadInput;
}

return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
