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

    [Fact]
    public void An_encrypt_attribute_on_an_override_seals_the_member_instead_of_leaving_it_readable()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop;
            public abstract class Account
            {
                public abstract string Card { get; set; }
                public virtual string Owner { get; set; } = "";
            }

            [KmsEncrypted("alias/k")]
            public partial class Order : Account
            {
                [SignOnly] public string Id { get; init; } = "";
                [Encrypt] public override string Card { get; set; } = "";
                [Encrypt] public override string Owner { get => base.Owner; set => base.Owner = value; }
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Shop.Order.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("public sealed record Encrypted(byte[] Ciphertext, string Id);", source, StringComparison.Ordinal);
        Assert.Contains("return new global::Shop.Order() { Id = value.Id, Card = member_Card, Owner = member_Owner };", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_hiding_an_inherited_one_with_new_is_read_once_through_the_derived_member()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop;
            public class Person
            {
                public string Name { get; set; } = "";
                public int Age { get; set; }
            }

            [KmsEncrypted("alias/k")]
            public partial class Patient : Person
            {
                [SignOnly] public string Id { get; init; } = "";
                [Encrypt] public new string Name { get; set; } = "";
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Shop.Patient.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("public sealed record Encrypted(byte[] Ciphertext, int Age, string Id);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_member_the_constructor_sets_is_also_in_the_object_initializer()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop;
            public sealed class Line(string sku)
            {
                public required string Sku { get; init; } = sku;
                public int Quantity { get; set; }
            }

            [KmsEncrypted("alias/k")]
            public partial class Order(string id)
            {
                [SignOnly] public required string Id { get; init; } = id;
                [Encrypt] public required string Card { get; init; }
                [Encrypt] public Line? Line { get; init; }
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Shop.Order.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("return new global::Shop.Order(value.Id) { Id = value.Id, Card = member_Card, Line = member_Line };", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constructor_parameter_named_like_a_private_field_and_a_public_property_restores_the_property()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop;
            [KmsEncrypted("alias/k")]
            public partial class Order
            {
                private readonly string id;

                public Order(string id) => this.id = id;

                [SignOnly] public string Id => id;
                [Encrypt] public string Card { get; init; } = "";
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Shop.Order.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("return new global::Shop.Order(value.Id) { Card = member_Card };", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_readable_member_of_an_internal_type_makes_the_generated_types_internal()
    {
        var result = GeneratorRun.RunClean("""
            using KmsKit.Runtime.Encryptors;
            namespace Shop;
            internal enum Status { Open, Closed }

            [KmsEncrypted("alias/k")]
            public partial class Order
            {
                [SignOnly] public string Id { get; init; } = "";
                [EncryptionContext("status")] internal Status Status { get; init; }
                [Encrypt] public string Card { get; init; } = "";
            }
            """);

        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Shop.Order.Encryptor.g.cs").SourceText.ToString();
        Assert.Contains("internal sealed record Encrypted(byte[] Ciphertext, string Id, global::Shop.Status Status);", source, StringComparison.Ordinal);
        Assert.Contains("internal sealed class Encryptor", source, StringComparison.Ordinal);
    }
}
