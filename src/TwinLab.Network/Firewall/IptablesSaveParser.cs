using System.Text;

namespace TwinLab.Network.Firewall;

/// <summary>Reads the output of <c>iptables-save</c> / <c>ip6tables-save</c>: <c>*table</c> blocks ending in <c>COMMIT</c>,
/// chain declarations with policies, and <c>-A</c> rules.</summary>
/// <remarks>Every problem throws <see cref="FirewallFileException"/> naming the file and line. Matches the engine does not
/// understand are kept on the rule as <see cref="UnsupportedMatch"/> and listed by <see cref="FirewallRuleset.Unsupported"/>.</remarks>
public static class IptablesSaveParser
{
    /// <summary>Reads a rules file from disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayName">The name used in messages; the path when null.</param>
    /// <returns>The parsed rules.</returns>
    public static FirewallRuleset ParseFile(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        if (!System.IO.File.Exists(path)) throw new FirewallFileException(name, 0, "the rules file does not exist");
        return Parse(System.IO.File.ReadAllText(path), name);
    }

    /// <summary>Reads rules from text.</summary>
    /// <param name="text">The iptables-save output.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <returns>The parsed rules.</returns>
    public static FirewallRuleset Parse(string text, string file)
    {
        var tables = new List<FirewallTable>();
        TableBuilder? open = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '*')
            {
                if (open is not null)
                    throw new FirewallFileException(file, open.Line, $"table '{open.Name}' is not closed by COMMIT before '{line}' on line {lineNo}");
                var name = line[1..].Trim();
                if (name.Length == 0) throw new FirewallFileException(file, lineNo, "'*' must be followed by a table name, such as *filter");
                if (tables.Any(t => t.Name == name)) throw new FirewallFileException(file, lineNo, $"table '{name}' appears twice");
                open = new TableBuilder(name, lineNo);
                continue;
            }
            if (open is null)
                throw new FirewallFileException(file, lineNo, $"'{Shorten(line)}' is outside a table; the file must start with a table such as *filter");
            if (line == "COMMIT")
            {
                tables.Add(open.Build(file));
                open = null;
            }
            else if (line[0] == ':') open.Declare(file, lineNo, line);
            else open.AddRule(RuleReader.Read(file, lineNo, open.Name, line));
        }
        if (open is not null)
            throw new FirewallFileException(file, open.Line, $"table '{open.Name}' is not closed by COMMIT (the file ends on line {lines.Length})");
        return new FirewallRuleset(file, tables);
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <summary>Splits a line like a shell: whitespace separates, double or single quotes group, backslash escapes inside double quotes.</summary>
    internal static List<string> Tokenize(string file, int lineNo, string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inToken) tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
                continue;
            }
            inToken = true;
            if (c is '"' or '\'')
            {
                var quote = c;
                var closed = false;
                for (i++; i < line.Length; i++)
                {
                    if (quote == '"' && line[i] == '\\' && i + 1 < line.Length) { current.Append(line[++i]); continue; }
                    if (line[i] == quote) { closed = true; break; }
                    current.Append(line[i]);
                }
                if (!closed) throw new FirewallFileException(file, lineNo, $"a {(quote == '"' ? "double" : "single")} quote is not closed");
            }
            else current.Append(c);
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }

    private sealed class TableBuilder(string name, int line)
    {
        private readonly List<(string Name, ChainPolicy? Policy, int Line, List<FirewallRule> Rules)> _chains = [];

        public string Name { get; } = name;

        public int Line { get; } = line;

        public void Declare(string file, int lineNo, string text)
        {
            var parts = text[1..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
                throw new FirewallFileException(file, lineNo, $"chain declaration '{text}' needs a name and a policy, such as ':INPUT DROP [0:0]' or ':WEB - [0:0]'");
            var chain = parts[0];
            if (_chains.Any(c => c.Name == chain)) throw new FirewallFileException(file, lineNo, $"chain '{chain}' is declared twice in table '{Name}'");
            ChainPolicy? policy = parts[1] switch
            {
                "ACCEPT" => ChainPolicy.Accept,
                "DROP" => ChainPolicy.Drop,
                "-" => null,
                _ => throw new FirewallFileException(file, lineNo, $"chain '{chain}' has policy '{parts[1]}'; a policy is ACCEPT, DROP, or '-' for a user chain"),
            };
            _chains.Add((chain, policy, lineNo, []));
        }

        public void AddRule(FirewallRule rule)
        {
            var index = _chains.FindIndex(c => c.Name == rule.Chain);
            if (index < 0)
                throw new FirewallFileException(rule.File, rule.Line, $"rule appends to chain '{rule.Chain}' which is not declared in table '{Name}' (declare it as ':{rule.Chain} - [0:0]')");
            _chains[index].Rules.Add(rule);
        }

        public FirewallTable Build(string file)
        {
            foreach (var rule in _chains.SelectMany(c => c.Rules))
            {
                if (rule.TargetKind is not (RuleTargetKind.Jump or RuleTargetKind.Goto)) continue;
                var target = _chains.FirstOrDefault(c => c.Name == rule.Target);
                if (target.Name is null)
                    throw new FirewallFileException(file, rule.Line, $"rule jumps to chain '{rule.Target}' which is not declared in table '{Name}'");
                if (target.Policy is not null)
                    throw new FirewallFileException(file, rule.Line, $"rule jumps to built-in chain '{rule.Target}'; only user chains can be jump targets");
            }
            CheckLoops(file);
            return new FirewallTable(Name, Line, [.. _chains.Select(c => new FirewallChain(c.Name, c.Policy, c.Line, c.Rules))]);
        }

        /// <summary>iptables-restore refuses chains that jump back into themselves; so do we, naming the rule closing the loop.</summary>
        private void CheckLoops(string file)
        {
            var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
            void Visit(string chain)
            {
                state[chain] = 1;
                foreach (var rule in _chains.First(c => c.Name == chain).Rules)
                {
                    if (rule.TargetKind is not (RuleTargetKind.Jump or RuleTargetKind.Goto)) continue;
                    var seen = state.GetValueOrDefault(rule.Target);
                    if (seen == 1) throw new FirewallFileException(file, rule.Line, $"rule jumps to chain '{rule.Target}', which leads back to chain '{chain}' (a loop)");
                    if (seen == 0) Visit(rule.Target);
                }
                state[chain] = 2;
            }
            foreach (var chain in _chains)
                if (!state.ContainsKey(chain.Name)) Visit(chain.Name);
        }
    }
}
