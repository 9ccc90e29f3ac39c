namespace System.Runtime.CompilerServices;

// Records and init accessors on netstandard2.0, which lacks this marker type.
internal static class IsExternalInit
{
}
