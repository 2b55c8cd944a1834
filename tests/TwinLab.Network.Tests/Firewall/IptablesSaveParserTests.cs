using TwinLab.Network.Firewall;

namespace TwinLab.Network.Tests.Firewall;

public sealed class IptablesSaveParserTests
{
    private static FirewallRuleset Parse(string text) => IptablesSaveParser.Parse(text, "fw.rules");

    private static FirewallRule OnlyRule(string rule, string extraChains = "") => Parse($"""
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        {extraChains}
        {rule}
        COMMIT
        """).Filter!.Chains.SelectMany(c => c.Rules).Single();

    [Fact]
    public void Parse_ExampleBorder_ReadsTablesChainsAndPolicies()
    {
        var rules = IptablesSaveParser.ParseFile(ExampleFiles.Path("firewall/border.rules"), "border.rules");
        Assert.Equal(["nat", "filter"], rules.Tables.Select(t => t.Name));
        var filter = rules.Filter!;
        Assert.Equal(ChainPolicy.Drop, filter.Chain("FORWARD")!.Policy);
        Assert.Equal(ChainPolicy.Accept, filter.Chain("OUTPUT")!.Policy);
        Assert.Null(filter.Chain("DMZ_IN")!.Policy);
        Assert.False(filter.Chain("DMZ_IN")!.IsBuiltIn);
        Assert.Equal(RuleTargetKind.Nat, rules.Table("nat")!.Chain("POSTROUTING")!.Rules.Single().TargetKind);
        var web = filter.Chain("DMZ_IN")!.Rules[0];
        Assert.Equal("public web site", web.Comment);
        Assert.Equal(IpPrefix.Parse("203.0.113.10/32"), web.Destination!.Value.Value);
        Assert.Equal([new PortRange(80, 80), new PortRange(443, 443)], web.DestinationPorts!.Value.Value);
        Assert.Equal(35, web.Line);
    }

    [Fact]
    public void Parse_MultiportWithRangesAndOpenEnds_ReadsEveryRange()
    {
        var rule = OnlyRule("-A FORWARD -p tcp -m multiport --dports 53,88,3268:3269,49152: -j ACCEPT");
        Assert.Equal([new(53, 53), new(88, 88), new(3268, 3269), new(49152, 65535)], rule.DestinationPorts!.Value.Value);
        Assert.False(rule.DestinationPorts.Value.Negated);
    }

    [Fact]
    public void Parse_TooManyMultiportPorts_IsAnErrorWithTheLine()
    {
        var e = Assert.Throws<FirewallFileException>(() =>
            OnlyRule("-A FORWARD -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15,16 -j ACCEPT"));
        Assert.Equal(6, e.Line);
        Assert.Contains("at most 15", e.Message);
    }

    [Fact]
    public void Parse_NegationInBothPlacements_IsRead()
    {
        var modern = OnlyRule("-A FORWARD ! -s 10.0.0.0/8 -p tcp -m tcp ! --dport 22 ! -i eth1 -j DROP");
        Assert.True(modern.Source!.Value.Negated);
        Assert.True(modern.DestinationPorts!.Value.Negated);
        Assert.True(modern.InInterface!.Value.Negated);
        var old = OnlyRule("-A FORWARD -s ! 192.168.0.0/16 -j DROP");
        Assert.True(old.Source!.Value.Negated);
        Assert.Equal("192.168.0.0/16", old.Source.Value.Value.ToString());
    }

    [Fact]
    public void Parse_DottedMaskAndBareAddress_BecomePrefixes()
    {
        var rule = OnlyRule("-A FORWARD -s 10.1.0.0/255.255.0.0 -d 10.2.3.4 -j ACCEPT");
        Assert.Equal(16, rule.Source!.Value.Value.Length);
        Assert.Equal(32, rule.Destination!.Value.Value.Length);
    }

    [Fact]
    public void Parse_CommentWithSpacesAndEscapedQuotes_IsUnquoted()
    {
        var rule = OnlyRule("""-A FORWARD -p tcp -m tcp --dport 443 -m comment --comment "web \"prod\" pool; owner: ops" -j ACCEPT""");
        Assert.Equal("web \"prod\" pool; owner: ops", rule.Comment);
        Assert.Equal(RuleTargetKind.Accept, rule.TargetKind);
    }

    [Fact]
    public void Parse_UnclosedQuote_IsAnErrorWithTheLine()
    {
        var e = Assert.Throws<FirewallFileException>(() => OnlyRule("""-A FORWARD -m comment --comment "oops -j ACCEPT"""));
        Assert.Equal(6, e.Line);
        Assert.StartsWith("fw.rules:6:", e.Message);
    }

    [Fact]
    public void Parse_StatesAndTargets_AreRead()
    {
        var rule = OnlyRule("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        Assert.Equal(ConnectionStates.Related | ConnectionStates.Established, rule.States!.Value.Value);
        var reject = OnlyRule("-A FORWARD -m state ! --state NEW,INVALID -j REJECT --reject-with icmp-port-unreachable");
        Assert.True(reject.States!.Value.Negated);
        Assert.Equal(RuleTargetKind.Reject, reject.TargetKind);
        Assert.Equal("--reject-with icmp-port-unreachable", reject.TargetOptions);
    }

    [Fact]
    public void Parse_UserChainJumpGotoAndReturn_AreResolved()
    {
        var rules = Parse("""
            *filter
            :FORWARD DROP [0:0]
            :WEB - [0:0]
            -A FORWARD -p tcp -j WEB
            -A FORWARD -p udp -g WEB
            -A WEB -s 10.0.0.0/8 -j RETURN
            COMMIT
            """).Filter!;
        Assert.Equal(RuleTargetKind.Jump, rules.Chain("FORWARD")!.Rules[0].TargetKind);
        Assert.Equal(RuleTargetKind.Goto, rules.Chain("FORWARD")!.Rules[1].TargetKind);
        Assert.Equal(RuleTargetKind.Return, rules.Chain("WEB")!.Rules[0].TargetKind);
    }

    [Fact]
    public void Parse_JumpToUndeclaredChain_IsAnErrorAtTheRule()
    {
        var e = Assert.Throws<FirewallFileException>(() => Parse("*filter\n:FORWARD DROP [0:0]\n\n-A FORWARD -j MISSING\nCOMMIT\n"));
        Assert.Equal(4, e.Line);
        Assert.Contains("MISSING", e.Message);
    }

    [Fact]
    public void Parse_ChainLoop_IsAnErrorAtTheClosingRule()
    {
        var e = Assert.Throws<FirewallFileException>(() => Parse(
            "*filter\n:FORWARD DROP [0:0]\n:A - [0:0]\n:B - [0:0]\n-A FORWARD -j A\n-A A -p tcp -g B\n-A B -j A\nCOMMIT\n"));
        Assert.Equal(7, e.Line);
        Assert.Contains("loop", e.Message);
    }

    [Fact]
    public void Parse_MissingCommit_IsAnErrorNamingTheTableLine()
    {
        var e = Assert.Throws<FirewallFileException>(() => Parse("# header\n*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n"));
        Assert.Equal(2, e.Line);
        Assert.Contains("not closed by COMMIT", e.Message);
        var nested = Assert.Throws<FirewallFileException>(() => Parse("*nat\n:PREROUTING ACCEPT [0:0]\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n"));
        Assert.Equal(1, nested.Line);
        Assert.Contains("line 3", nested.Message);
    }

    [Fact]
    public void Parse_UnknownMatch_IsKeptAndReportedWithFileAndLine()
    {
        var rules = Parse("""
            *filter
            :INPUT DROP [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -m recent --name ssh --rcheck --seconds 60 ! --hitcount 4 -j ACCEPT
            -A INPUT -m limit --limit 5/min -j LOG --log-prefix "dropped: "
            COMMIT
            """);
        var unsupported = rules.Unsupported;
        Assert.Equal(2, unsupported.Count);
        Assert.Equal(3, unsupported[0].Line);
        Assert.Equal("-m recent --name ssh --rcheck --seconds 60 ! --hitcount 4", unsupported[0].Text);
        Assert.StartsWith("fw.rules:3: INPUT:", unsupported[0].ToString());
        Assert.Equal("-m limit --limit 5/min", unsupported[1].Text);
        var first = rules.Filter!.Chain("INPUT")!.Rules[0];
        Assert.Equal(RuleTargetKind.Accept, first.TargetKind);
        Assert.Equal(22, first.DestinationPorts!.Value.Value[0].From);
    }

    [Theory]
    [InlineData("-A INPUT --dport 22 -j ACCEPT", "needs '-p tcp' or '-p udp'")]
    [InlineData("-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT", "not a port")]
    [InlineData("-A INPUT -s 10.0.0.300/8 -j ACCEPT", "not an IPv4 or IPv6")]
    [InlineData("-A INPUT -s 10.0.0.0/33 -j ACCEPT", "bad prefix length")]
    [InlineData("-A INPUT -p tcp --dports 1,2 -j ACCEPT", "needs '-m multiport'")]
    [InlineData("-A INPUT -m state --state NEWISH -j ACCEPT", "unknown state")]
    [InlineData("-A INPUT --frobnicate -j ACCEPT", "unknown option '--frobnicate'")]
    [InlineData("-A NOPE -j ACCEPT", "not declared")]
    [InlineData("-I INPUT -j ACCEPT", "expected a rule")]
    public void Parse_BadRule_IsAnErrorNamingFileAndLine(string rule, string expected)
    {
        var e = Assert.Throws<FirewallFileException>(() => Parse($"*filter\n:INPUT DROP [0:0]\n{rule}\nCOMMIT\n"));
        Assert.Equal("fw.rules", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_BadDeclarationsAndStrayLines_AreErrors()
    {
        Assert.Equal(1, Assert.Throws<FirewallFileException>(() => Parse("-A INPUT -j ACCEPT\n")).Line);
        Assert.Contains("policy 'REJECT'", Assert.Throws<FirewallFileException>(() => Parse("*filter\n:INPUT REJECT [0:0]\nCOMMIT\n")).Message);
        Assert.Equal(3, Assert.Throws<FirewallFileException>(() => Parse("*filter\n:INPUT DROP [0:0]\n:INPUT DROP [0:0]\nCOMMIT\n")).Line);
    }

    [Fact]
    public void Parse_CountersPrefixAndCrLf_AreAccepted()
    {
        var rules = Parse("*filter\r\n:INPUT DROP [10:600]\r\n[3:180] -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\r\nCOMMIT\r\n");
        var rule = rules.Filter!.Chain("INPUT")!.Rules.Single();
        Assert.Equal("-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT", rule.Text);
        Assert.Equal("8", rule.IcmpType!.Value.Value);
    }

    [Fact]
    public void Parse_Ip6tablesSave_ReadsIPv6Prefixes()
    {
        var rules = IptablesSaveParser.ParseFile(ExampleFiles.Path("firewall/border6.rules"), "border6.rules");
        var web = rules.Filter!.Chain("FORWARD")!.Rules.Single(r => r.Destination is not null);
        Assert.True(web.Destination!.Value.Value.IsIPv6);
        Assert.Equal(128, web.Destination.Value.Value.Length);
        Assert.Empty(rules.Unsupported);
    }
}
