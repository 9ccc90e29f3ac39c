namespace KmsKit.Generators.Model;

/// <summary>A serializable type as the emitter needs it.</summary>
/// <param name="Kind">How it is written and read.</param>
/// <param name="TypeName">Its fully qualified name (no nullable annotation).</param>
/// <param name="Id">An identifier naming its read/write helpers.</param>
/// <param name="Element">The element, inner or underlying shape of enums, nullables and collections.</param>
/// <param name="IsReferenceType">Whether null is a value of it.</param>
internal sealed record ValueShape(ShapeKind Kind, string TypeName, string Id, ValueShape? Element, bool IsReferenceType)
{
    /// <summary>Whether the emitter writes read/write helper methods for it (otherwise it is written inline).</summary>
    public bool HasHelpers => Kind is ShapeKind.Nullable or ShapeKind.Array or ShapeKind.List or ShapeKind.Object;
}
