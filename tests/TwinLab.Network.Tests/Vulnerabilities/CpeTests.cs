using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Vulnerabilities;

public sealed class CpeTests
{
    [Theory]
    [InlineData("cpe:/a:openbsd:openssh:8.2p1", "cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*")]
    [InlineData("cpe:/o:linux:linux_kernel", "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*")]
    [InlineData("cpe:/o:microsoft:windows_server_2003::sp2", "cpe:2.3:o:microsoft:windows_server_2003:*:sp2:*:*:*:*:*:*")]
    [InlineData("cpe:/A:Apache:HTTP_Server:2.4.49", "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*")]
    [InlineData("cpe:/a:mysql:mysql:8.0.28-0ubuntu0.20.04.3", "cpe:2.3:a:mysql:mysql:8.0.28-0ubuntu0.20.04.3:*:*:*:*:*:*:*")]
    // NISTIR 7695 §6.1.3.3 examples: percent-encoding, packed edition, wildcards %01/%02 and quoted '*'/'?'.
    [InlineData("cpe:/a:microsoft:internet_explorer:8.0.6001:beta", "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*")]
    [InlineData("cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f", "cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp\\?:*:*:*:*:*:*")]
    [InlineData("cpe:/a:microsoft:internet_explorer:8.%02:sp%01", "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*")]
    [InlineData("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~", "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*")]
    [InlineData("cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~", "cpe:2.3:a:hp:openview_network_manager:7.51:-:*:*:*:linux:*:*")]
    [InlineData("cpe:/a:foo%5cbar:big%24money_manager_2010", "cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:*:*:*:*")]
    [InlineData("cpe:/a:foo~bar:big%7emoney_2010", "cpe:2.3:a:foo\\~bar:big\\~money_2010:*:*:*:*:*:*:*:*")]
    public void ParseUri_ConvertsToCpe23(string uri, string formatted)
    {
        var cpe = Cpe.Parse(uri);
        Assert.Equal(formatted, cpe.ToString());
        Assert.Equal(cpe, Cpe.Parse(formatted));
    }

    [Fact]
    public void ParseFormatted_ReadsEscapesAndAllAttributes()
    {
        var cpe = Cpe.Parse(@"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:en-us:online:win2003:x64:*");
        Assert.Equal(["a", "hp", "insight_diagnostics", "7.4.0.1570", "-", "*", "en-us", "online", "win2003", "x64", "*"], cpe.Attributes);
        var escaped = Cpe.Parse(@"cpe:2.3:a:disney:where\'s_my_perry\?_free:1.5.1:*:*:*:*:android:*:*");
        Assert.Equal(@"where\'s_my_perry\?_free", escaped.Product);
        Assert.Equal("where's_my_perry?_free", Cpe.Unescape(escaped.Product));
        Assert.True(Cpe.IsLiteral(escaped.Product));
        var colon = Cpe.Parse(@"cpe:2.3:a:acme:tool\:kit:1.0:*:*:*:*:*:*:*");
        Assert.Equal("tool:kit", Cpe.Unescape(colon.Product));
        Assert.Equal(@"cpe:2.3:a:acme:tool\:kit:1.0:*:*:*:*:*:*:*", colon.ToString());
    }

    [Fact]
    public void With_NormalisesAndChecksValues()
    {
        var cpe = Cpe.Parse("cpe:/a:acme:agent") with { Version = "1.0!", Update = "SP1" };
        Assert.Equal(@"cpe:2.3:a:acme:agent:1.0\!:sp1:*:*:*:*:*:*", cpe.ToString());
        Assert.Equal(cpe, Cpe.Parse(@"cpe:2.3:a:acme:agent:1.0\!:sp1:*:*:*:*:*:*"));
        Assert.Throws<CpeFormatException>(() => cpe with { Version = "2.4.49 (Unix)" });
        Assert.Throws<CpeFormatException>(() => cpe with { Part = "x" });
        Assert.Equal("cpe:2.3:o:linux:linux_kernel:5:*:*:*:*:*:*:*", new Cpe("o", "Linux", "linux_kernel", "5").ToString());
    }

    [Fact]
    public void ToUri_BindsBackToCpe22()
    {
        Assert.Equal("cpe:/a:openbsd:openssh:8.2p1", Cpe.Parse("cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*").ToUri());
        Assert.Equal("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
            Cpe.Parse("cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*").ToUri());
        Assert.Equal("cpe:/a:foo%5cbar:big%24money", Cpe.Parse(@"cpe:2.3:a:foo\\bar:big\$money:*:*:*:*:*:*:*:*").ToUri());
    }

    [Theory]
    [InlineData("openssh:8.2p1", "expected 'cpe:/'")]
    [InlineData("cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*", "11 attributes")]
    [InlineData("cpe:2.3:x:openbsd:openssh:8.2p1:*:*:*:*:*:*:*", "part")]
    [InlineData("cpe:2.3:a:openbsd:open*ssh:8.2p1:*:*:*:*:*:*:*", "may only begin or end")]
    [InlineData("cpe:2.3:a:openbsd:openssh:**8:*:*:*:*:*:*:*", "single '*'")]
    [InlineData("cpe:/a:openbsd:openssh:8.2%p1", "percent escape")]
    [InlineData("cpe:/a:openbsd:openssh:8.2%41", "percent-encoded punctuation")]
    [InlineData("cpe:/a:hp:insight:1.0::~~online~win2003", "packed edition")]
    [InlineData("cpe:/a:b:c:d:e:f:g:h", "at most 7")]
    [InlineData("cpe:/a:open bsd:openssh", "not printable")]
    public void Parse_BadText_FailsWithTheProblem(string text, string problem)
    {
        var e = Assert.Throws<CpeFormatException>(() => Cpe.Parse(text));
        Assert.Contains(problem, e.Message);
        Assert.Equal(text, e.Text);
        Assert.False(Cpe.TryParse(text, out _, out var p));
        Assert.Equal(e.Problem, p);
    }

    [Theory]
    [InlineData("cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "cpe:/a:apache:http_server:2.4.49", true)]
    [InlineData("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", "cpe:/a:apache:http_server:2.4.49", true)]
    [InlineData("cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "cpe:/a:apache:http_server:2.4.50", false)]
    [InlineData("cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "cpe:/a:apache:http_server", false)] // target ANY: only possibly
    [InlineData("cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*", "cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*", true)]
    [InlineData("cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*", "cpe:2.3:a:apache:log4j:2.0:rc1:*:*:*:*:*:*", false)]
    [InlineData("cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*", "cpe:2.3:a:apache:log4j:2.0:rc1:*:*:*:*:*:*", true)]
    [InlineData("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*", "cpe:/a:microsoft:internet_explorer:8.0.6001:sp2", true)]
    [InlineData("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*", "cpe:/a:microsoft:internet_explorer:8.0.6001:sp10", false)]
    [InlineData("cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*", "cpe:/a:microsoft:internet_explorer:9.0", false)]
    [InlineData("cpe:2.3:o:microsoft:*:*:*:*:*:*:*:*:*", "cpe:/o:microsoft:windows_server_2019", true)]
    [InlineData("cpe:2.3:o:microsoft:*:*:*:*:*:*:*:*:*", "cpe:/a:microsoft:internet_information_services:10.0", false)]
    public void Matches_FollowsCpeNameMatching(string criteria, string target, bool expected) =>
        Assert.Equal(expected, Cpe.Parse(criteria).Matches(Cpe.Parse(target)));
}
