namespace KmsKit.Generators.Model;

/// <summary>How a value is written to and read from JSON by the generated code.</summary>
internal enum ShapeKind
{
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Char,
    ByteArray,
    DateTime,
    DateTimeOffset,
    Guid,

    /// <summary>An enum, written as its underlying number (<see cref="ValueShape.Element"/>).</summary>
    Enum,

    /// <summary>A <c>Nullable&lt;T&gt;</c> of <see cref="ValueShape.Element"/>.</summary>
    Nullable,

    /// <summary>A <c>T[]</c> of <see cref="ValueShape.Element"/>.</summary>
    Array,

    /// <summary>A <c>List&lt;T&gt;</c> or an interface it implements (read back as a List).</summary>
    List,

    /// <summary>A class, record or struct read and written member by member (<see cref="EncryptorModel.Objects"/>).</summary>
    Object,
}
