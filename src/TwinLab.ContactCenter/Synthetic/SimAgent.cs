using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>An agent during the synthetic month: on shift or not, on a break or not, and what they are handling.</summary>
internal sealed class SimAgent
{
    private readonly int[] _rank;
    private readonly double[] _proficiency;

    public SimAgent(Agent agent, int index, IReadOnlyList<SyntheticQueue> queues)
    {
        Agent = agent;
        Index = index;
        _rank = new int[queues.Count];
        _proficiency = new double[queues.Count];
        for (var q = 0; q < queues.Count; q++)
        {
            var k = agent.Skills.ToList().FindIndex(s => s.Queue == queues[q].Queue);
            _rank[q] = k;
            _proficiency[q] = k < 0 ? 0 : agent.Skills[k].Proficiency;
        }
    }

    public Agent Agent { get; }
    public int Index { get; }
    public bool OnShift { get; set; }
    public bool OnBreak { get; set; }

    /// <summary>A break that fell due while the agent was busy: taken as soon as they are free.</summary>
    public int PendingBreakMinutes { get; set; }

    public bool OnPhone { get; set; }
    public int Chats { get; set; }
    public double IdleSince { get; set; }

    public bool Idle => !OnPhone && Chats == 0;

    public bool Available => OnShift && !OnBreak && PendingBreakMinutes == 0;

    /// <summary>Position of the queue's skill in the agent's list (0 = preferred), or −1 without it.</summary>
    public int Rank(int queue) => _rank[queue];

    public double Proficiency(int queue) => _proficiency[queue];

    /// <summary>A phone call needs an agent with nothing else; chats share an agent up to its concurrency.</summary>
    public bool CanTake(int queue, Channel channel) =>
        Available && _rank[queue] >= 0 && !OnPhone && (channel == Channel.Phone ? Chats == 0 : Chats < Agent.ChatConcurrency);
}
