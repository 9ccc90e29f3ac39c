using System;
using System.Collections.Generic;
using System.CommandLine;

namespace KmsKit.Server.Cli;

/// <summary><c>--encryption-context k=v ...</c>: the pairs of a message's (or a request's) encryption context.</summary>
internal static class EncryptionContextOption
{
    public static Option<string[]> Create(string description, string name = "--encryption-context")
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
            DefaultValueFactory = _ => [],
        };
        option.Validators.Add(result =>
        {
            if (Problem(name, result.GetValueOrDefault<string[]>() ?? []) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>The pairs, once the option's validator has accepted them.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string> arguments)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var split = argument.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(argument[..split], argument[(split + 1)..]);
        }

        return pairs;
    }

    // Values may be sensitive, so a problem names the argument's position or its key, never the value.
    private static string? Problem(string name, string[] arguments)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Length; i++)
        {
            var split = arguments[i].IndexOf('=', StringComparison.Ordinal);
            if (split < 0)
            {
                return $"{name} takes KEY=VALUE pairs; pair {i + 1} has no '='.";
            }

            if (split == 0)
            {
                return $"{name} pair {i + 1} has an empty key.";
            }

            if (!keys.Add(arguments[i][..split]))
            {
                return $"{name} gives the key '{arguments[i][..split]}' more than once.";
            }
        }

        return null;
    }
}
