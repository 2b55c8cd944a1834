using System.Collections;
using System.Net.Sockets;
using TwinLab.Core.Errors;
using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Reachability;

public sealed partial class ReachabilityEngine
{
    /// <summary>Which source (every host and every zone) can open which service, computed once per equivalence class.</summary>
    /// <param name="services">The services to reach; every host's declared <see cref="NetworkHost.Services"/> when null.</param>
    /// <returns>The matrix.</returns>
    /// <remarks>Sources whose addresses fall in the same address classes (no rule, zone or flow tells them apart) share one
    /// row; services whose host address class, own rules file, protocol and port class coincide share one column. Each
    /// (source atom, service key) pair is evaluated once, so the cost grows with the number of classes, not hosts × services.</remarks>
    public ReachabilityMatrix ComputeMatrix(IEnumerable<ServiceEndpoint>? services = null)
    {
        var list = services?.ToArray() ?? [.. Topology.Hosts.SelectMany(h => h.Services.Select(s => new ServiceEndpoint(h.Name, s.Protocol, s.Port, s.Name)))];

        // Columns: one key per (destination address atom, host rules, protocol, port atom).
        var keyIds = new Dictionary<(int Atom, int HostRules, IpProtocol Protocol, int PortAtom), int>();
        var keyReps = new List<(NetworkHost Host, UInt128 Address, bool V6, IpProtocol Protocol, int Port)>();
        var hostRules = new Dictionary<(FirewallRuleset, string), int>();
        var classIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var classKeys = new List<int[]>();
        var serviceClass = new int[list.Length];
        var hostKeyCache = new Dictionary<(string, IpProtocol, int), int>();
        for (var i = 0; i < list.Length; i++)
        {
            var s = list[i];
            if (s.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp))
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"service {s.Host}:{s.Port} has protocol {s.Protocol.Name()}; use tcp, udp or icmp");
            var portAtom = s.Protocol == IpProtocol.Icmp ? 0 : DestinationPorts.AtomOf(s.Port);
            if (hostKeyCache.TryGetValue((s.Host, s.Protocol, portAtom), out var cls)) { serviceClass[i] = cls; continue; }
            var host = Topology.FindHost(s.Host) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"service {s.Name} is on unknown host '{s.Host}'");
            var rulesId = -1;
            if (host.HostFirewall is { } fw && !hostRules.TryGetValue((fw, host.Interface), out rulesId))
                hostRules[(fw, host.Interface)] = rulesId = hostRules.Count;
            var keys = new List<int>();
            foreach (var address in host.Addresses)
            {
                var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
                var number = IpPrefix.ToNumber(address);
                var atom = GlobalAtom(v6, number);
                var key = (atom, rulesId, s.Protocol, portAtom);
                if (!keyIds.TryGetValue(key, out var id))
                {
                    keyIds[key] = id = keyReps.Count;
                    keyReps.Add((host, number, v6, s.Protocol, s.Protocol == IpProtocol.Icmp ? 0 : s.Port));
                }
                keys.Add(id);
            }
            var classKey = string.Join(',', keys.Distinct().Order());
            if (!classIds.TryGetValue(classKey, out cls))
            {
                classIds[classKey] = cls = classKeys.Count;
                classKeys.Add([.. keys.Distinct().Order()]);
            }
            serviceClass[i] = hostKeyCache[(s.Host, s.Protocol, portAtom)] = cls;
        }

        // Rows: the set of source address atoms of each host, and of each zone.
        var rowIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowAtoms = new List<int[]>();
        var sourceRow = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddSource(string name, IEnumerable<int> atoms)
        {
            int[] set = [.. atoms.Distinct().Order()];
            var key = string.Join(',', set);
            if (!rowIds.TryGetValue(key, out var row))
            {
                rowIds[key] = row = rowAtoms.Count;
                rowAtoms.Add(set);
            }
            sourceRow[name] = row;
        }
        foreach (var h in Topology.Hosts)
            AddSource(h.Name, h.Addresses.Select(a => GlobalAtom(a.AddressFamily == AddressFamily.InterNetworkV6, IpPrefix.ToNumber(a))));
        foreach (var z in Topology.Zones)
        {
            var atoms = new List<int>();
            for (var i = 0; i < V4.Count; i++) if (_v4Zones[i] == z) atoms.Add(i);
            for (var i = 0; i < V6.Count; i++) if (_v6Zones[i] == z) atoms.Add(V4.Count + i);
            AddSource(z.Name, atoms);
        }

        // Cells: evaluate each (source atom, destination key) once.
        var cache = new Dictionary<long, bool>();
        var evaluations = 0;
        bool Cell(int srcAtom, int key)
        {
            var id = (long)srcAtom * keyReps.Count + key;
            if (cache.TryGetValue(id, out var known)) return known;
            var (host, dst, v6, proto, port) = keyReps[key];
            var srcV6 = srcAtom >= V4.Count;
            var allowed = false;
            if (srcV6 == v6)
            {
                var local = srcV6 ? srcAtom - V4.Count : srcAtom;
                var srcZone = ZoneOfAtom(v6, local);
                var dstZone = ZoneOfAtom(v6, v6 ? V6.AtomOf(dst) : V4.AtomOf(dst))!;
                var src = (v6 ? V6 : V4).Representative(local);
                if (srcZone is not null)
                    foreach (var sport in _sourcePorts)
                    {
                        evaluations++;
                        if (allowed = EvaluatePath(new Packet(v6, src, dst, proto, sport, port), srcZone, host, dstZone, null)) break;
                    }
            }
            return cache[id] = allowed;
        }
        var bits = new BitArray[rowAtoms.Count];
        for (var r = 0; r < rowAtoms.Count; r++)
        {
            bits[r] = new BitArray(classKeys.Count);
            for (var c = 0; c < classKeys.Count; c++)
            {
                var any = false;
                foreach (var a in rowAtoms[r])
                {
                    foreach (var k in classKeys[c])
                        if (any = Cell(a, k)) break;
                    if (any) break;
                }
                bits[r][c] = any;
            }
        }
        return new ReachabilityMatrix(list, serviceClass, sourceRow, bits, Topology.Hosts.Select(h => h.Name).ToArray(),
            Topology.Zones.Select(z => z.Name).ToArray(), evaluations);
    }

    private int GlobalAtom(bool v6, UInt128 address) => v6 ? V4.Count + V6.AtomOf(address) : V4.AtomOf(address);
}
