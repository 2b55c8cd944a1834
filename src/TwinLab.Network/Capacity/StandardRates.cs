namespace TwinLab.Network.Capacity;

/// <summary>The ladder of standard Ethernet line rates a link is upgraded along, one step at a time.</summary>
/// <remarks>10 Mbit/s to 400 Gbit/s as standardised in IEEE 802.3 (10BASE-T, 100BASE-TX, 1000BASE-T, 2.5GBASE-T
/// (802.3bz), 10GBASE-*, 25GBASE-* (802.3by), 40/100GBASE-* (802.3ba), 400GBASE-* (802.3bs)). A links file may give its
/// own ladder (<c>upgrade_rates</c>), e.g. WAN circuit sizes.</remarks>
public static class StandardRates
{
    /// <summary>10M, 100M, 1G, 2.5G, 10G, 25G, 40G, 100G, 400G in bit/s.</summary>
    public static IReadOnlyList<double> Ethernet { get; } = [10e6, 100e6, 1e9, 2.5e9, 10e9, 25e9, 40e9, 100e9, 400e9];
}
