using System.CommandLine;
using KmsKit.Server.Cli;

var root = new RootCommand("kmskit: a local AWS KMS over PKCS#11, and the KmsKit command-line tools.")
{
    ServeCommand.Create(),
    KeysCommand.Create(),
};

// The server's host handles SIGINT/SIGTERM itself and finishes in-flight requests first.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
