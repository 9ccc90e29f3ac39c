using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KmsKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsKit.CodeFixes;

/// <summary>
/// KMS002, KMS003, KMS004 (NumberOfBytes), KMS006: replaces an out-of-range constant with the nearest value KMS
/// accepts (the range travels in the diagnostic's properties).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseNearestValidValueCodeFix))]
[Shared]
public sealed class UseNearestValidValueCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "KmsKit.UseNearestValidValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.GenerateRandomSizeOutOfRange.Id,
        DiagnosticDescriptors.KeyDeletionWindowOutOfRange.Id,
        DiagnosticDescriptors.DataKeySizeAmbiguous.Id,
        DiagnosticDescriptors.RotationPeriodOutOfRange.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!TryGetRange(diagnostic, out var minimum, out var maximum) ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value ||
                ConstantOf(model, value, context.CancellationToken) is not { } current)
            {
                continue;
            }

            var nearest = current < minimum ? minimum : maximum;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use {nearest}, the nearest value KMS accepts",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, Literal(nearest).WithTriviaFrom(value)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static bool TryGetRange(Diagnostic diagnostic, out long minimum, out long maximum)
    {
        minimum = maximum = 0;
        return diagnostic.Properties.TryGetValue(DiagnosticProperties.Minimum, out var min) &&
            diagnostic.Properties.TryGetValue(DiagnosticProperties.Maximum, out var max) &&
            long.TryParse(min, NumberStyles.Integer, CultureInfo.InvariantCulture, out minimum) &&
            long.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out maximum);
    }

    private static long? ConstantOf(SemanticModel model, ExpressionSyntax value, CancellationToken cancellationToken) =>
        model.GetConstantValue(value, cancellationToken) is { HasValue: true, Value: { } constant }
            ? System.Convert.ToInt64(constant, CultureInfo.InvariantCulture)
            : null;

    private static LiteralExpressionSyntax Literal(long value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)value));
}
