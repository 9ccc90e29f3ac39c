using KmsKit.Generators.Emitting;
using KmsKit.Generators.Tests.Infrastructure;

namespace KmsKit.Generators.Tests;

/// <summary>Legal user code whose generated encryptor must compile cleanly (and say what it should).</summary>
public sealed class CompilationTests
{
    [Fact]
    public void A_type_and_namespace_named_with_escaped_keywords_compile()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop.@event
            {
                public partial class @static
                {
                    [KmsEncrypted("alias/k")]
                    public partial record @class([property: SignOnly] string @int, [property: Encrypt] string @string);
                }
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName != RegistrationEmitter.HintName);
        Assert.Equal("Shop.event.static.class.Encryptor.g.cs", source.HintName);
        Assert.Contains("\"Shop.event.static.class\", 1)", source.SourceText.ToString(), StringComparison.Ordinal);
    }
}
