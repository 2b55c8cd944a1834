namespace TwinLab.ContactCenter.Simulation;

/// <summary>Counts and sums for the contacts of one queue that arrived inside the measured window.</summary>
/// <remarks>A mutable struct kept in an array, one per queue, so tallying allocates nothing.</remarks>
internal struct QueueTally
{
    /// <summary>Contacts that reached the queue: fresh, repeat and retrial (deflected ones excluded).</summary>
    public long Offered;
    public long Repeats;
    public long Retrials;
    /// <summary>Fresh contacts a chatbot resolved before they reached the queue.</summary>
    public long Deflected;
    /// <summary>Fresh contacts moved to another channel by the channel-shift what-if.</summary>
    public long ShiftedOut;
    /// <summary>Contacts that found no agent free and had to wait.</summary>
    public long Queued;
    /// <summary>Contacts answered live (callbacks excluded).</summary>
    public long Answered;
    public long AnsweredWithinTarget;
    public double AnswerWaitSum;
    public long Abandoned;
    public long AbandonedWithinTarget;
    /// <summary>Time in queue of every contact until answered, abandoned or switched to a callback.</summary>
    public double WaitSum;
    public long CallbacksAccepted;
    public long CallbacksServed;
    public double CallbackDelaySum;
    /// <summary>Contacts whose service finished (live and callbacks).</summary>
    public long Handled;
    public double HandleSum;
    public long Unresolved;
    public double SatisfactionSum;
    public long SatisfactionCount;

    public void Add(in QueueTally o)
    {
        Offered += o.Offered;
        Repeats += o.Repeats;
        Retrials += o.Retrials;
        Deflected += o.Deflected;
        ShiftedOut += o.ShiftedOut;
        Queued += o.Queued;
        Answered += o.Answered;
        AnsweredWithinTarget += o.AnsweredWithinTarget;
        AnswerWaitSum += o.AnswerWaitSum;
        Abandoned += o.Abandoned;
        AbandonedWithinTarget += o.AbandonedWithinTarget;
        WaitSum += o.WaitSum;
        CallbacksAccepted += o.CallbacksAccepted;
        CallbacksServed += o.CallbacksServed;
        CallbackDelaySum += o.CallbackDelaySum;
        Handled += o.Handled;
        HandleSum += o.HandleSum;
        Unresolved += o.Unresolved;
        SatisfactionSum += o.SatisfactionSum;
        SatisfactionCount += o.SatisfactionCount;
    }
}
