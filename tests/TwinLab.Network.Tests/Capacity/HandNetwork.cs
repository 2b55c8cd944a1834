using TwinLab.Network.Capacity;

namespace TwinLab.Network.Tests.Capacity;

/// <summary>A network small enough to check by hand: a triangle a–b–c (a–c a slow, expensive detour) with a leaf d on c.</summary>
internal static class HandNetwork
{
    public const string Links = """
        name: hand
        mean_packet_bytes: 1250      # 10,000 bits: easy arithmetic
        nodes: [a, b, c, d]
        links:
          - {name: ab, between: [a, b], capacity: 100M, latency: 1ms, step_cost: 10}
          - {name: bc, between: [b, c], capacity: 100M, latency: 2ms, step_cost: 10}
          - {name: ac, between: [a, c], capacity: 10M, weight: 5, latency: 500us, step_cost: 3}
          - {name: cd, between: [c, d], capacity: 100M}
        """;

    public const string Traffic = """
        service,src,dst,rate
        bulk,a,c,60M
        sync,b,c,20M
        reply,c,a,10M
        sensor,d,a,1M
        """;

    public static CapacityNetwork Network() => LinksFile.Parse(Links, "hand.yaml", ".");

    public static TrafficMatrix Matrix(CapacityNetwork network) => TrafficFile.Parse(Traffic, "hand.csv", network);
}
