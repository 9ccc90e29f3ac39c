namespace KmsKit.Runtime.Tests;

/// <summary>Tests that read process-wide figures (allocations, the KmsKit meter) run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
