namespace TwinLab.Server.Routing.Delivery;

/// <summary>A wake-up call for a loop that otherwise sleeps: <see cref="Set"/> from any thread (cheap, never blocks, so
/// safe under a lock such as the write lock), <see cref="WaitAsync"/> from the loop.</summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the waiter, or the next wait if nobody waits now; several calls before a wait count as one.</summary>
    public void Set()
    {
        if (_signal.CurrentCount > 0) return;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Set twice at once: one wake-up is enough.
        }
    }

    /// <summary>Waits for <see cref="Set"/> or <paramref name="timeout"/> on <paramref name="time"/>'s clock, whichever is first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancel)
    {
        if (timeout <= TimeSpan.Zero)
        {
            cancel.ThrowIfCancellationRequested();
            return;
        }
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var woken = _signal.WaitAsync(either.Token);
        var elapsed = Task.Delay(timeout, time, either.Token);
        await Task.WhenAny(woken, elapsed);
        either.Cancel();
        // Observe both, so neither faults unobserved; a wake-up taken by the cancelled wait is harmless: the loop re-checks.
        try { await woken; } catch (OperationCanceledException) { }
        try { await elapsed; } catch (OperationCanceledException) { }
        cancel.ThrowIfCancellationRequested();
    }
}
