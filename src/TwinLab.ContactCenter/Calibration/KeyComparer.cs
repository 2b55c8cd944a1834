using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Orders queue × channel keys by queue name (ordinal), then channel, so reports list them stably.</summary>
internal sealed class KeyComparer : IComparer<(string Queue, Channel Channel)>
{
    public static readonly KeyComparer Instance = new();

    public int Compare((string Queue, Channel Channel) x, (string Queue, Channel Channel) y)
    {
        var byQueue = string.CompareOrdinal(x.Queue, y.Queue);
        return byQueue != 0 ? byQueue : x.Channel.CompareTo(y.Channel);
    }
}
