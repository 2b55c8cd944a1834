namespace TwinLab.ContactCenter.Simulation;

/// <summary>Routing: which agent gets an arriving contact, and which waiting contact a freed agent takes.</summary>
internal sealed partial class ContactCenterRun
{
    private readonly bool[] _isChat;
    private readonly int[] _priority;
    /// <summary>Per queue, how many agents could take one more of its contacts right now: a zero skips the search.</summary>
    private readonly int[] _freeFor;

    /// <summary>Whether agent <paramref name="a"/> can take one more contact of queue <paramref name="q"/> now
    /// (skill aside): one phone call or email at a time, or chats up to the agent's concurrency, never mixed.</summary>
    private bool CanTake(int a, int q)
    {
        if (!_available[a]) return false;
        var n = _inService[a];
        if (n == 0) return !_isChat[q] || _center.Agents[a].ChatCapacity > 0;
        return _isChat[q] && _chatMode[a] && n < _center.Agents[a].ChatCapacity;
    }

    /// <summary>
    /// The agent to serve a contact of queue <paramref name="q"/> that has waited <paramref name="waited"/> seconds,
    /// or −1. Agents with spare capacity are compared on fewest contacts in hand first (spreading chats), then, unless
    /// routing is skill-blind, on the skill's rank, then proficiency, then longest idle.
    /// </summary>
    private int FindAgent(int q, double waited)
    {
        if (_freeFor[q] == 0) return -1;
        var center = _center;
        var list = center.QueueAgents[q];
        var byRank = center.Routing != RoutingRule.LongestIdle;
        var primaryOnly = center.Routing == RoutingRule.Overflow && waited < center.OverflowDelaySeconds;
        int best = -1, bestRank = 0, bestLoad = 0;
        double bestProficiency = 0, bestIdle = 0;
        for (var i = 0; i < list.Length; i++)
        {
            var a = list[i];
            var slot = a * _queueCount + q;
            var rank = center.Rank[slot];
            // The list is sorted by rank, so once past the best rank (or past primaries) nothing better follows.
            if (byRank && best >= 0 && rank > bestRank) break;
            if (primaryOnly && rank > 0) break;
            if (!CanTake(a, q)) continue;
            var load = _inService[a];
            var proficiency = center.Proficiency[slot];
            var idle = _lastFree[a];
            if (best >= 0)
            {
                if (load > bestLoad) continue;
                if (load == bestLoad)
                {
                    if (byRank && proficiency < bestProficiency) continue;
                    if ((!byRank || proficiency == bestProficiency) && idle >= bestIdle) continue;
                }
            }
            (best, bestRank, bestLoad, bestProficiency, bestIdle) = (a, rank, load, proficiency, idle);
        }
        return best;
    }

    /// <summary>
    /// The waiting contact agent <paramref name="a"/> takes next, removed from its queue, or −1. Live contacts come
    /// before callbacks; among them the highest queue priority first, then (unless skill-blind) the agent's
    /// highest-ranked skill, then the longest wait.
    /// </summary>
    private int FindWork(int a)
    {
        var agent = _center.Agents[a];
        var queues = agent.Queues;
        var ranks = agent.Ranks;
        var byRank = _center.Routing != RoutingRule.LongestIdle;
        var overflow = _center.Routing == RoutingRule.Overflow;
        var now = _engine.Now;
        int best = -1, bestPriority = 0, bestRank = 0;
        double bestSince = 0;
        for (var i = 0; i < queues.Length; i++)
        {
            var q = queues[i];
            if (_waiting[q] == 0 || !CanTake(a, q)) continue;
            var since = _pool.Arrival[LiveHead(q)];
            if (overflow && ranks[i] > 0 && now - since < _center.OverflowDelaySeconds) continue;
            if (best >= 0 && !Better(_priority[q], ranks[i], since, bestPriority, bestRank, bestSince, byRank)) continue;
            (best, bestPriority, bestRank, bestSince) = (q, _priority[q], ranks[i], since);
        }
        if (best >= 0) return TakeLive(best);
        for (var i = 0; i < queues.Length; i++)
        {
            var q = queues[i];
            if (_callbacksWaiting[q] == 0 || !CanTake(a, q)) continue;
            var since = _pool.Accepted[CallbackHead(q)];
            if (best >= 0 && !Better(_priority[q], ranks[i], since, bestPriority, bestRank, bestSince, byRank)) continue;
            (best, bestPriority, bestRank, bestSince) = (q, _priority[q], ranks[i], since);
        }
        return best >= 0 ? TakeCallback(best) : -1;
    }

    private static bool Better(int priority, int rank, double since, int bestPriority, int bestRank, double bestSince, bool byRank)
    {
        if (priority != bestPriority) return priority > bestPriority;
        if (byRank && rank != bestRank) return rank < bestRank;
        return since < bestSince;
    }
}
