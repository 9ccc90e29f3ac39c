using BenchmarkDotNet.Running;

// Every benchmark of the repository, one class per measured target; `--filter` picks them (see README.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
