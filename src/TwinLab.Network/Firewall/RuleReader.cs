namespace TwinLab.Network.Firewall;

/// <summary>Reads one <c>-A CHAIN …</c> line into a <see cref="FirewallRule"/>.</summary>
internal static class RuleReader
{
    private static readonly HashSet<string> StopOptions =
        ["-m", "--match", "-j", "--jump", "-g", "--goto", "-s", "--source", "--src", "-d", "--destination", "--dst",
         "-p", "--protocol", "-i", "--in-interface", "-o", "--out-interface", "-f", "--fragment"];

    private static readonly HashSet<string> KnownModules = ["tcp", "udp", "icmp", "icmp6", "icmpv6", "multiport", "state", "conntrack", "comment"];

    private static readonly HashSet<string> ContinueTargets =
        ["LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "TRACE", "TCPMSS", "CLASSIFY", "DSCP", "TOS", "SET",
         "AUDIT", "CHECKSUM", "TTL", "HL", "SECMARK", "CONNSECMARK", "IDLETIMER", "LED", "HMARK", "TEE", "CLUSTERIP"];

    private static readonly HashSet<string> NatTargets = ["DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP"];

    private static readonly HashSet<string> ForeignVerdictTargets = ["QUEUE", "NFQUEUE", "SYNPROXY", "TPROXY"];

    public static FirewallRule Read(string file, int lineNo, string table, string line)
    {
        var tokens = IptablesSaveParser.Tokenize(file, lineNo, line);
        var start = 0;
        // iptables-save -c writes packet and byte counters first: [12:3456] -A INPUT …
        if (tokens.Count > 0 && tokens[0].StartsWith('[') && tokens[0].EndsWith(']')) start = 1;
        if (tokens.Count < start + 2 || tokens[start] is not ("-A" or "--append"))
            throw Fail(file, lineNo, $"expected a rule '-A CHAIN …', a chain declaration ':CHAIN POLICY' or COMMIT, not '{IptablesSaveParser.Shorten(line)}'");
        var chain = tokens[start + 1];
        var reader = new State(file, lineNo, table, chain, tokens, start + 2);
        var text = string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(start));
        return reader.Run() with { Text = text };
    }

    private static FirewallFileException Fail(string file, int line, string problem) => new(file, line, problem);

    private sealed class State(string file, int lineNo, string table, string chain, List<string> tokens, int position)
    {
        private int _i = position;
        private string _module = "";
        private readonly List<UnsupportedMatch> _unsupported = [];
        private FirewallRule _rule = new() { File = file, Line = lineNo, Table = table, Chain = chain, Text = "" };

        public FirewallRule Run()
        {
            while (_i < tokens.Count)
            {
                var negated = false;
                var token = tokens[_i++];
                if (token == "!")
                {
                    negated = true;
                    if (_i >= tokens.Count) throw Error("'!' at the end of the rule negates nothing");
                    token = tokens[_i++];
                }
                switch (token)
                {
                    case "-s" or "--source" or "--src":
                        _rule = _rule with { Source = Prefix(token, ref negated) };
                        break;
                    case "-d" or "--destination" or "--dst":
                        _rule = _rule with { Destination = Prefix(token, ref negated) };
                        break;
                    case "-p" or "--protocol":
                        var proto = Value(token, ref negated);
                        _rule = _rule with { Protocol = new(IpProtocols.Parse(proto), negated), ProtocolName = proto.ToLowerInvariant() };
                        break;
                    case "-i" or "--in-interface":
                        _rule = _rule with { InInterface = new(Value(token, ref negated), negated) };
                        break;
                    case "-o" or "--out-interface":
                        _rule = _rule with { OutInterface = new(Value(token, ref negated), negated) };
                        break;
                    case "-f" or "--fragment":
                        Unsupported((negated ? "! " : "") + token);
                        break;
                    case "-m" or "--match":
                        _module = Value(token, ref negated);
                        if (!KnownModules.Contains(_module)) CaptureUnsupportedModule(token, _module);
                        break;
                    case "-j" or "--jump":
                        Target(Value(token, ref negated), goTo: false);
                        return Finish();
                    case "-g" or "--goto":
                        Target(Value(token, ref negated), goTo: true);
                        return Finish();
                    default:
                        ModuleOption(token, negated);
                        break;
                }
            }
            return Finish();
        }

        private FirewallRule Finish()
        {
            if (_i < tokens.Count) _rule = _rule with { TargetOptions = string.Join(' ', tokens.Skip(_i)) };
            return _rule with { Unsupported = _unsupported };
        }

        private void ModuleOption(string option, bool negated)
        {
            switch (option)
            {
                case "--dport" or "--destination-port":
                    RequireTcpOrUdp(option);
                    _rule = _rule with { DestinationPorts = new([Port(option)], negated) };
                    break;
                case "--sport" or "--source-port":
                    RequireTcpOrUdp(option);
                    _rule = _rule with { SourcePorts = new([Port(option)], negated) };
                    break;
                case "--dports" or "--destination-ports":
                    RequireModule(option, "multiport");
                    _rule = _rule with { DestinationPorts = new(PortList(option), negated) };
                    break;
                case "--sports" or "--source-ports":
                    RequireModule(option, "multiport");
                    _rule = _rule with { SourcePorts = new(PortList(option), negated) };
                    break;
                case "--ports":
                    RequireModule(option, "multiport");
                    _rule = _rule with { EitherPorts = new(PortList(option), negated) };
                    break;
                case "--state":
                    RequireModule(option, "state");
                    _rule = _rule with { States = new(States(option), negated) };
                    break;
                case "--ctstate":
                    RequireModule(option, "conntrack");
                    _rule = _rule with { States = new(States(option), negated) };
                    break;
                case "--comment":
                    RequireModule(option, "comment");
                    _rule = _rule with { Comment = Next(option) };
                    break;
                case "--icmp-type" or "--icmpv6-type":
                    if (_rule.Protocol.Value != IpProtocol.Icmp) throw Error($"'{option}' needs '-p icmp' (or '-p ipv6-icmp') before it");
                    _rule = _rule with { IcmpType = new(Next(option), negated) };
                    break;
                case "--syn":
                    if (_rule.Protocol.Value != IpProtocol.Tcp) throw Error("'--syn' needs '-p tcp' before it");
                    _rule = _rule with { Syn = !negated };
                    break;
                case "--tcp-flags":
                    Unsupported($"{(negated ? "! " : "")}{option} {Next(option)} {Next(option)}");
                    break;
                case "--tcp-option":
                    Unsupported($"{(negated ? "! " : "")}{option} {Next(option)}");
                    break;
                default:
                    if (_module == "conntrack" && option.StartsWith("--ct", StringComparison.Ordinal))
                    {
                        // Other conntrack tests (--ctstatus, --ctorigdst, …) are kept but not evaluated.
                        Unsupported($"-m conntrack {(negated ? "! " : "")}{option} {Next(option)}");
                        break;
                    }
                    throw Error($"unknown option '{option}'{(_module.Length > 0 ? $" for match '{_module}'" : "")}");
            }
        }

        private void CaptureUnsupportedModule(string flag, string module)
        {
            var parts = new List<string> { flag, module };
            while (_i < tokens.Count)
            {
                var t = tokens[_i];
                if (StopOptions.Contains(t) || (t == "!" && _i + 1 < tokens.Count && StopOptions.Contains(tokens[_i + 1]))) break;
                parts.Add(t.Any(char.IsWhiteSpace) ? $"\"{t}\"" : t);
                _i++;
            }
            Unsupported(string.Join(' ', parts));
        }

        private void Target(string target, bool goTo)
        {
            RuleTargetKind kind;
            if (goTo) kind = RuleTargetKind.Goto;
            else if (target == "ACCEPT") kind = RuleTargetKind.Accept;
            else if (target == "DROP") kind = RuleTargetKind.Drop;
            else if (target == "REJECT") kind = RuleTargetKind.Reject;
            else if (target == "RETURN") kind = RuleTargetKind.Return;
            else if (ContinueTargets.Contains(target)) kind = RuleTargetKind.Continue;
            else if (NatTargets.Contains(target)) kind = RuleTargetKind.Nat;
            else if (ForeignVerdictTargets.Contains(target))
            {
                kind = RuleTargetKind.Unsupported;
                Unsupported($"-j {target}");
            }
            else kind = RuleTargetKind.Jump;
            _rule = _rule with { Target = target, TargetKind = kind };
        }

        private Negatable<IpPrefix> Prefix(string option, ref bool negated)
        {
            var text = Value(option, ref negated);
            return IpPrefix.TryParse(text, out var prefix, out var problem) ? new(prefix, negated) : throw Error($"{option}: {problem}");
        }

        /// <summary>The option's value; also accepts the old form <c>-s ! 10.0.0.0/8</c>.</summary>
        private string Value(string option, ref bool negated)
        {
            if (_i < tokens.Count && tokens[_i] == "!" && !negated)
            {
                negated = true;
                _i++;
            }
            return Next(option);
        }

        private string Next(string option) =>
            _i < tokens.Count ? tokens[_i++] : throw Error($"'{option}' needs a value");

        private PortRange Port(string option)
        {
            var text = Next(option);
            return PortRange.TryParse(text, out var range) ? range : throw Error($"{option}: '{text}' is not a port or port range (N or N:M, 0 to 65535)");
        }

        private PortRange[] PortList(string option)
        {
            var text = Next(option);
            var items = text.Split(',');
            var ranges = new PortRange[items.Length];
            for (var k = 0; k < items.Length; k++)
                if (!PortRange.TryParse(items[k], out ranges[k]))
                    throw Error($"{option}: '{items[k]}' in '{text}' is not a port or port range");
            // multiport(8): "Up to 15 ports can be specified. A port range (port:port) counts as two ports."
            var weight = ranges.Sum(r => r.From == r.To ? 1 : 2);
            if (weight > 15) throw Error($"{option}: '{text}' lists {weight} ports; multiport allows at most 15 (a range counts as two)");
            return ranges;
        }

        private ConnectionStates States(string option)
        {
            var text = Next(option);
            var states = ConnectionStates.None;
            foreach (var item in text.Split(','))
            {
                states |= item.ToUpperInvariant() switch
                {
                    "NEW" => ConnectionStates.New,
                    "ESTABLISHED" => ConnectionStates.Established,
                    "RELATED" => ConnectionStates.Related,
                    "INVALID" => ConnectionStates.Invalid,
                    "UNTRACKED" => ConnectionStates.Untracked,
                    "DNAT" when option == "--ctstate" => ConnectionStates.Dnat,
                    "SNAT" when option == "--ctstate" => ConnectionStates.Snat,
                    _ => throw Error($"{option}: unknown state '{item}' (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)"),
                };
            }
            return states;
        }

        private void RequireTcpOrUdp(string option)
        {
            if (_rule.Protocol.Value is not (IpProtocol.Tcp or IpProtocol.Udp) || _rule.Protocol.Negated)
                throw Error($"'{option}' needs '-p tcp' or '-p udp' before it");
        }

        private void RequireModule(string option, string module)
        {
            if (_module != module) throw Error($"'{option}' needs '-m {module}' before it");
            if (module == "multiport") RequireTcpOrUdp(option);
        }

        private void Unsupported(string text) => _unsupported.Add(new UnsupportedMatch(file, lineNo, chain, text));

        private FirewallFileException Error(string problem) => Fail(file, lineNo, problem);
    }
}
