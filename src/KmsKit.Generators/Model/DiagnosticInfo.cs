using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KmsKit.Generators.Model;

/// <summary>A place in a source file, kept as plain values (a Location holds its syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic to report, kept as plain values.</summary>
/// <param name="Id">The KMSGEN rule id (a key of <see cref="GeneratorDiagnostics"/>).</param>
/// <param name="Location">Where, or null for no place.</param>
/// <param name="Arguments">The message arguments.</param>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(GeneratorDiagnostics.ById[Id], Location?.ToLocation(), Arguments.ToArray<object>());
}

/// <summary>What the parser makes of one marked type: the model when it can be generated, and its diagnostics.</summary>
internal sealed record ParseResult(EncryptorModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
