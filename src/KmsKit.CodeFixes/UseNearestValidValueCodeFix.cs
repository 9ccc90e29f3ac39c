using System.Composition;
using System.Globalization;
using System.Threading;
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
public sealed class UseNearestValidValueCodeFix : KmsCodeFixProvider
{
    public UseNearestValidValueCodeFix()
        : base(
            DiagnosticDescriptors.GenerateRandomSizeOutOfRange,
            DiagnosticDescriptors.KeyDeletionWindowOutOfRange,
            DiagnosticDescriptors.DataKeySizeAmbiguous,
            DiagnosticDescriptors.RotationPeriodOutOfRange)
    {
    }

    private protected override CodeAction? CreateFix(FixContext fix)
    {
        if (!TryGetRange(fix.Diagnostic, out var minimum, out var maximum) ||
            fix.Node is not ExpressionSyntax value ||
            ConstantOf(fix.Model, value, fix.CancellationToken) is not { } current)
        {
            return null;
        }

        var nearest = current < minimum ? minimum : maximum;
        return fix.Action(
            $"Use {nearest}, the nearest value KMS accepts",
            nameof(UseNearestValidValueCodeFix),
            () => fix.Root.ReplaceNode(value, Literal(nearest).WithTriviaFrom(value)));
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
