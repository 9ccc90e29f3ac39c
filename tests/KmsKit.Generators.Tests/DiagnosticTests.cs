using KmsKit.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.Generators.Tests;

/// <summary>Each KMSGEN rule, reported exactly once at the place marked [|...|] in the source, and nothing else.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("KMSGEN001", """
        [KmsEncrypted("alias/k")]
        public record [|Order|]([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN001", """
        public class [|Outer|]
        {
            [KmsEncrypted("alias/k")]
            public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
        }
        """)]
    [InlineData("KMSGEN002", """
        [[|KmsEncrypted|]]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN002", """
        [[|KmsEncrypted("alias/k", KeyName = "orders")|]]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN003", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: EncryptionContext("rate")] decimal [|Rate|], [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN003", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [EncryptionContext("tenant")] public int? [|Tenant|] { get; init; }
            [Encrypt] public string Card { get; init; } = "";
        }
        """)]
    [InlineData("KMSGEN004", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [SignOnly] public string Id { get; init; } = "";
            [Encrypt] public System.IO.Stream [|Scan|] { get; init; } = null!;
        }
        """)]
    [InlineData("KMSGEN004", """
        public sealed class Opaque(int seed) { public int Value => seed; }

        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] System.Collections.Generic.List<Opaque> [|Items|]);
        """)]
    [InlineData("KMSGEN004", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card, System.Collections.Generic.Dictionary<string, int> [|Tags|]);
        """)]
    [InlineData("KMSGEN005", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [EncryptionContext("tenant")] public string Tenant { get; init; } = "";
            [EncryptionContext([|"tenant"|])] public string Owner { get; init; } = "";
            [Encrypt] public string Card { get; init; } = "";
        }
        """)]
    [InlineData("KMSGEN006", """
        public partial class Outer
        {
            [KmsEncrypted("alias/k")]
            private partial record [|Order|]([property: SignOnly] string Id, [property: Encrypt] string Card);
        }
        """)]
    [InlineData("KMSGEN007", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [SignOnly] public string Id { get; init; } = "";
            [Encrypt, [|SignOnly|]] public string Card { get; init; } = "";
        }
        """)]
    [InlineData("KMSGEN008", """
        [KmsEncrypted("alias/k")]
        public partial record [|Order|]([property: SignOnly] string Id, string Card);
        """)]
    [InlineData("KMSGEN009", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: EncryptionContext([|"aws-crypto-public-key"|])] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN009", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: EncryptionContext([|"kmskit:type"|])] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN010", """
        [KmsEncrypted("alias/k", [|SchemaVersion = 0|])]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN011", """
        [KmsEncrypted("alias/k")]
        public partial record [|Order|](string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN012", """
        [KmsEncrypted("alias/k")]
        public partial record [|Box|]<T>([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN013", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card, string [|Ciphertext|]);
        """)]
    [InlineData("KMSGEN013", """
        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card)
        {
            public sealed class [|Encryptor|];
        }
        """)]
    [InlineData("KMSGEN014", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [SignOnly] public string Id { get; init; } = "";
            [Encrypt] public string [|Card|] { get; } = "";
        }
        """)]
    [InlineData("KMSGEN014", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            [SignOnly] public string Id { get; init; } = "";
            [Encrypt] private readonly string [|_card|] = "";
        }
        """)]
    [InlineData("KMSGEN014", """
        [KmsEncrypted("alias/k")]
        public partial class Order
        {
            public Order(string id) => Id = id;
            [SignOnly] public string Id { get; init; }
            [Encrypt] public string Card { get; init; } = "";
            public string [|Created|] { get; } = System.DateTime.UtcNow.ToString("O");
            public string Summary => Id + Card; // computed: not data, not reported
        }
        """)]
    [InlineData("KMSGEN014", """
        [KmsEncrypted("alias/k")]
        public abstract partial record [|Order|]([property: SignOnly] string Id, [property: Encrypt] string Card);
        """)]
    [InlineData("KMSGEN014", """
        [KmsEncrypted("alias/k")]
        public partial class [|Order|]
        {
            private readonly string salt;
            public Order(string salt) => this.salt = salt;
            [SignOnly] public string Id { get; init; } = "";
            [Encrypt] public string Card { get; init; } = "";
        }
        """)]
    [InlineData("KMSGEN004", """
        public sealed class Money(decimal amount) { internal decimal Amount { get; } = amount; }

        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] Money [|Total|]);
        """)]
    [InlineData("KMSGEN004", """
        public sealed class Holder { public string Name { get; private set; } = ""; }

        [KmsEncrypted("alias/k")]
        public partial record Order([property: SignOnly] string Id, [property: Encrypt] Holder [|Holder|]);
        """)]
    public void Reports_the_rule_at_the_marked_place_only(string id, string markedSource)
    {
        var (source, span) = Unmark("using KmsKit.Runtime.Encryptors;\n\n" + markedSource);

        var (result, _) = GeneratorRun.Run(GeneratorRun.Compile(source));

        Assert.True(result.Diagnostics.Length == 1, "Diagnostics:\n" + string.Join("\n", result.Diagnostics));
        var diagnostic = result.Diagnostics[0];
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Record0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("https://github.com/kmskit/kmskit/blob/main/docs/rules/" + id, diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            Assert.Empty(result.GeneratedSources);
        }
    }

    [Theory]
    [InlineData("[[|KmsEncrypted(\"alias/k\")|]]")]
    [InlineData("[[|KmsKit.Runtime.Encryptors.KmsEncryptedAttribute(\"alias/k\")|]]")]
    public void Without_the_runtime_a_marked_type_gets_KMSGEN015_naming_the_package_to_add(string attribute)
    {
        var (source, span) = Unmark(attribute + "\npublic partial record Order(string Id);");

        var (result, _) = GeneratorRun.Run(GeneratorRun.CompileWithoutRuntime(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("KMSGEN015", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("'dotnet add package KmsKit.Runtime'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void With_the_runtime_KMSGEN015_is_not_reported()
    {
        var (result, _) = GeneratorRun.Run(GeneratorRun.Compile("""
            using KmsKit.Runtime.Encryptors;

            [KmsEncrypted("alias/k")]
            public partial record Order([property: SignOnly] string Id, [property: Encrypt] string Card);
            """));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "KMSGEN015");
    }

    [Fact]
    public void Every_rule_has_a_docs_page()
    {
        foreach (var id in GeneratorDiagnostics.ById.Keys)
        {
            var page = KmsKit.Tests.Shared.Repository.PathOf("docs", "rules", id + ".md");
            Assert.True(File.Exists(page), $"{id} has no page at {page}");
            Assert.StartsWith($"# {id}: {GeneratorDiagnostics.ById[id].Title}", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    private static (string Source, TextSpan Span) Unmark(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        return (marked.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal), TextSpan.FromBounds(start, end));
    }
}
