using System;
using System.Collections.Concurrent;
using System.Threading;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>Read-write sessions of one logged-in slot, one per concurrent operation, each run through the module's gate.</summary>
internal sealed class SessionPool : IDisposable
{
    private readonly ISlot _slot;
    private readonly ModuleCallGate _calls;
    private readonly ConcurrentBag<ISession> _idle = new();
    // One idle session outside the bag: the uncontended case then costs two atomic exchanges and no lock.
    private ISession? _spare;
    private int _disposed;

    public SessionPool(ISlot slot, ModuleCallGate calls)
    {
        _slot = slot;
        _calls = calls;
    }

    public T Run<T>(Func<ISession, T> operation) => Run(operation, static (session, run) => run(session));

    /// <summary>Runs an operation on an idle session; the state lets hot callers pass a static lambda (no closure).</summary>
    public T Run<TState, T>(TState state, Func<ISession, TState, T> operation) =>
        _calls.Run((Pool: this, State: state, Operation: operation), static call => call.Pool.RunNow(call.State, call.Operation));

    private T RunNow<TState, T>(TState state, Func<ISession, TState, T> operation)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var session = Interlocked.Exchange(ref _spare, null) ?? (_idle.TryTake(out var idle) ? idle : _slot.OpenSession(SessionType.ReadWrite));
        var healthy = true;
        try
        {
            return operation(session, state);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_REMOVED)
        {
            healthy = false;
            throw;
        }
        finally
        {
            if (healthy && Volatile.Read(ref _disposed) == 0)
            {
                Return(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        CloseIdle();
    }

    private void Return(ISession session)
    {
        if (Interlocked.CompareExchange(ref _spare, session, null) is not null)
        {
            _idle.Add(session);
        }

        // A Dispose between the caller's check and the return has already closed the idle sessions: close this one too.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _disposed) == 1)
        {
            CloseIdle();
        }
    }

    private void CloseIdle()
    {
        Interlocked.Exchange(ref _spare, null)?.Dispose();
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}
