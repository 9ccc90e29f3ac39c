namespace KmsKit.Generators.Model;

/// <summary>A class, record or struct that is serialized member by member.</summary>
/// <param name="Shape">Its shape (kind <see cref="ShapeKind.Object"/>).</param>
/// <param name="Members">The members, in declaration order.</param>
internal sealed record ObjectModel(ValueShape Shape, EquatableArray<DataMember> Members);
