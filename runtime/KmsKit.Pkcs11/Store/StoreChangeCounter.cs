using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// A counter in a small file beside the store, mapped into memory by every engine that opens the store, in any
/// process: each committed metadata write increments it, so a cache can tell in a few nanoseconds whether any
/// engine changed the store since it read a record (a query or a PRAGMA costs microseconds).
/// </summary>
internal sealed unsafe class StoreChangeCounter : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _value;
    private int _disposed;

    public StoreChangeCounter(string path)
    {
        var stream = OwnerOnly.OpenOrCreate(path, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        _file = MemoryMappedFile.CreateFromFile(stream, mapName: null, sizeof(long), MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        _view = _file.CreateViewAccessor(0, sizeof(long));
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        // The mapping starts on a page boundary, so the counter is aligned for atomic access.
        _value = (long*)(pointer + _view.PointerOffset);
    }

    public long Value
    {
        get
        {
            Pin();
            try
            {
                return Volatile.Read(ref *_value);
            }
            finally
            {
                Unpin();
            }
        }
    }

    /// <summary>After a commit: an atomic add on the shared page, seen at once by every process that maps it.</summary>
    public void Increment()
    {
        Pin();
        try
        {
            Interlocked.Increment(ref *_value);
        }
        finally
        {
            Unpin();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    // A reference held during each access keeps a concurrent Dispose from unmapping the page under it; after
    // Dispose, DangerousAddRef throws ObjectDisposedException instead of letting anyone touch unmapped memory.
    private void Pin()
    {
        var added = false;
        _view.SafeMemoryMappedViewHandle.DangerousAddRef(ref added);
    }

    private void Unpin() => _view.SafeMemoryMappedViewHandle.DangerousRelease();
}
