namespace KmsKit.Generators.Model;

/// <summary>A type declaration the generated members are nested in: the marked type and the types around it.</summary>
/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="Name">Its name as C# source (a keyword escaped with @).</param>
internal sealed record ContainingType(string Keyword, string Name);
