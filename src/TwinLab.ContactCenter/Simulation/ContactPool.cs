namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// The contacts in the system during one replication, as parallel arrays indexed by slot (structure of arrays, so
/// no object per contact). A finished contact's slot is reused; its generation then changes, so an event or a queue
/// entry still holding the old reference (<see cref="Ref"/>) is recognised as stale.
/// </summary>
internal sealed class ContactPool
{
    public const byte Free = 0, Waiting = 1, CallbackWaiting = 2, InService = 3;

    public const byte Repeat = 1, Retrial = 2, Counted = 4, Resolved = 8, AcceptsCallback = 16, WouldRetry = 32, TookCallback = 64;

    public int[] Queue = new int[64];
    /// <summary>When the contact entered its queue.</summary>
    public double[] Arrival = new double[64];
    /// <summary>Handle time at average proficiency, after the scenario's handle-time factor.</summary>
    public double[] Work = new double[64];
    public double[] Patience = new double[64];
    /// <summary>When a callback was accepted (callback contacts only).</summary>
    public double[] Accepted = new double[64];
    /// <summary>The actual handle time, set when service starts.</summary>
    public double[] Handle = new double[64];
    public byte[] Flags = new byte[64];
    public byte[] State = new byte[64];
    public uint[] Generation = new uint[64];

    private int[] _free = new int[64];
    private int _freeCount;
    private int _capacity;

    /// <summary>Contacts in the system (waiting, waiting for a callback, or in service).</summary>
    public int InSystem { get; private set; }

    /// <summary>A free slot, its state set to <see cref="Waiting"/> and its flags cleared.</summary>
    public int Allocate()
    {
        int slot;
        if (_freeCount > 0) slot = _free[--_freeCount];
        else
        {
            if (_capacity == Queue.Length) Grow();
            slot = _capacity++;
        }
        State[slot] = Waiting;
        Flags[slot] = 0;
        InSystem++;
        return slot;
    }

    public void Release(int slot)
    {
        State[slot] = Free;
        Generation[slot]++;
        _free[_freeCount++] = slot;
        InSystem--;
    }

    /// <summary>Invalidates every reference to the slot without freeing it (a contact moving to the callback queue).</summary>
    public void Renew(int slot) => Generation[slot]++;

    /// <summary>A reference to the contact in <paramref name="slot"/> as it is now: generation in the high half, slot in the low.</summary>
    public long Ref(int slot) => ((long)Generation[slot] << 32) | (uint)slot;

    /// <summary>The slot of <paramref name="reference"/> if it still denotes a contact in <paramref name="state"/>, else −1.</summary>
    public int Resolve(long reference, byte state)
    {
        var slot = (int)(uint)reference;
        return Generation[slot] == (uint)(reference >> 32) && State[slot] == state ? slot : -1;
    }

    public bool Has(int slot, byte flag) => (Flags[slot] & flag) != 0;

    private void Grow()
    {
        var n = Queue.Length * 2;
        Array.Resize(ref Queue, n);
        Array.Resize(ref Arrival, n);
        Array.Resize(ref Work, n);
        Array.Resize(ref Patience, n);
        Array.Resize(ref Accepted, n);
        Array.Resize(ref Handle, n);
        Array.Resize(ref Flags, n);
        Array.Resize(ref State, n);
        Array.Resize(ref Generation, n);
        Array.Resize(ref _free, n);
    }
}
