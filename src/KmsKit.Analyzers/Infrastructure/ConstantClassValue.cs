using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>
/// Reads the value of an SDK <c>ConstantClass</c> enum (<c>EncryptionAlgorithmSpec</c>, <c>DataKeySpec</c>,
/// <c>MessageType</c> ...) known at compile time: a static field (<c>DataKeySpec.AES_256</c>), a string
/// through the implicit conversion, <c>new T("x")</c> or <c>T.FindValue("x")</c>.
/// </summary>
internal static class ConstantClassValue
{
    public static string? Of(IOperation? operation, INamedTypeSymbol? constantClass)
    {
        if (operation is null || constantClass is null)
        {
            return null;
        }

        // An implicit string conversion goes through op_Implicit: look at the operand before unwrapping.
        var value = operation.Resolve();
        switch (value)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true } field } when field.ContainingType.Is(constantClass):
                return field.Name;
            case IObjectCreationOperation creation when creation.Type.Is(constantClass) && creation.Arguments.Length == 1:
                return creation.Arguments[0].Value.ConstantValue.Value as string;
            case IInvocationOperation { TargetMethod.Name: "FindValue" } invocation
                when invocation.TargetMethod.ContainingType.Is(constantClass) && invocation.Arguments.Length == 1:
                return invocation.Arguments[0].Value.ConstantValue.Value as string;
            default:
                return value.ConstantValue.Value as string;
        }
    }
}
