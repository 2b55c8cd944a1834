using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Patch a vulnerability: removes <c>vulExists(host, vulnId, _)</c> on <paramref name="OnHost"/>, or on
/// every host when it is null.</summary>
/// <param name="VulnId">The vulnerability (CVE id).</param>
/// <param name="OnHost">The host, or null for every host.</param>
public sealed record PatchVulnerability(string VulnId, string? OnHost = null) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.Patch;

    /// <inheritdoc />
    public override string Id => OnHost is null ? $"patch:{VulnId}" : $"patch:{VulnId}@{OnHost}";

    /// <inheritdoc />
    public override string? Host => OnHost;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.VulnsWithId(VulnId))
            if (OnHost is null || at.Facts.Vulnerabilities[i].Host == OnHost) c.Vulnerabilities.Add(i);
        return c;
    }
}

/// <summary>Close a port: removes the services listening on it and the hacls naming exactly that host and port
/// (group-level hacls stay: they still reach the group's other members).</summary>
/// <param name="OnHost">The host.</param>
/// <param name="Port">The port.</param>
/// <param name="Protocol">tcp or udp.</param>
public sealed record ClosePort(string OnHost, int Port, string Protocol = "tcp") : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.ClosePort;

    /// <inheritdoc />
    public override string Id => $"close:{OnHost}:{Protocol.ToLowerInvariant()}/{Port}";

    /// <inheritdoc />
    public override string? Host => OnHost;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.ServicesOn(OnHost))
        {
            var s = at.Facts.Services[i];
            if (s.Port == Port && Same(s.Protocol, Protocol)) c.Services.Add(i);
        }
        foreach (var i in at.HaclsTo(OnHost))
        {
            var h = at.Facts.Hacls[i];
            if (h.Port == Port && Same(h.Protocol, Protocol)) c.Hacls.Add(i);
        }
        return c;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Remove a trust relation (an SSH key, a Kerberos delegation) from <paramref name="FromHost"/> to
/// <paramref name="ToHost"/>, for <paramref name="User"/> or for every user when it is null.</summary>
/// <param name="FromHost">The trusting side (where the key lies).</param>
/// <param name="ToHost">The trusted host.</param>
/// <param name="User">The account, or null for all.</param>
public sealed record RemoveTrust(string FromHost, string ToHost, string? User = null) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.RemoveTrust;

    /// <inheritdoc />
    public override string Id => User is null ? $"untrust:{FromHost}->{ToHost}" : $"untrust:{FromHost}->{ToHost}:{User}";

    /// <inheritdoc />
    public override string? Host => FromHost;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.TrustsFrom(FromHost))
        {
            var t = at.Facts.Trusts[i];
            if (t.ToHost == ToHost && (User is null || t.User == User)) c.Trusts.Add(i);
        }
        return c;
    }
}

/// <summary>Rotate or remove a stored credential: removes <c>credentialStoredOn(credential, host)</c> on
/// <paramref name="OnHost"/>, or every stored copy when it is null.</summary>
/// <param name="Credential">The credential.</param>
/// <param name="OnHost">The host, or null for every copy.</param>
public sealed record RemoveStoredCredential(string Credential, string? OnHost = null) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.RemoveCredential;

    /// <inheritdoc />
    public override string Id => OnHost is null ? $"uncredential:{Credential}" : $"uncredential:{Credential}@{OnHost}";

    /// <inheritdoc />
    public override string? Host => OnHost;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.StoredCopies(Credential))
            if (OnHost is null || at.Facts.StoredCredentials[i].Host == OnHost) c.StoredCredentials.Add(i);
        return c;
    }
}

/// <summary>Isolate a host: removes every hacl from or to it and its host-group memberships (so zone-level
/// reachability no longer applies to it). An attacker already standing on it keeps it.</summary>
/// <param name="OnHost">The host.</param>
public sealed record IsolateHost(string OnHost) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.IsolateHost;

    /// <inheritdoc />
    public override string Id => $"isolate:{OnHost}";

    /// <inheritdoc />
    public override string? Host => OnHost;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.HaclsFrom(OnHost)) c.Hacls.Add(i);
        foreach (var i in at.HaclsTo(OnHost)) c.Hacls.Add(i);
        foreach (var i in at.GroupsOf(OnHost)) c.HostGroups.Add(i);
        return c;
    }
}

/// <summary>Move a host to another zone: its host-group memberships are replaced by <paramref name="Zone"/>. Not a
/// pure removal (the new zone's reachability applies to it), so it is for what-if only, never for cuts.</summary>
/// <param name="OnHost">The host.</param>
/// <param name="Zone">The host group it joins.</param>
public sealed record MoveHost(string OnHost, string Zone) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.MoveHost;

    /// <inheritdoc />
    public override string Id => $"move:{OnHost}->{Zone}";

    /// <inheritdoc />
    public override string? Host => OnHost;

    /// <inheritdoc />
    public override bool RemovesOnly => false;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        var already = false;
        foreach (var i in at.GroupsOf(OnHost))
        {
            var g = at.Facts.HostGroups[i];
            if (g.Group == Zone) already = true;
            else c.HostGroups.Add(i);
        }
        if (!already) c.AddedHostGroups.Add(new HostGroup(Zone, OnHost));
        return c;
    }
}

/// <summary>Remove an allowed flow: deletes the hacl facts stated exactly as <paramref name="Source"/> →
/// <paramref name="Destination"/> on <paramref name="Protocol"/>/<paramref name="Port"/> (the firewall "allow" behind
/// them), touching no other hacl — unlike <see cref="BlockFlow"/>, which also narrows overlapping ones. Priced as a
/// <see cref="MeasureKind.BlockFlow"/>; these are the firewall candidates <see cref="DefenceCandidates"/> proposes.</summary>
/// <param name="Source">The hacl's source, as stated.</param>
/// <param name="Destination">The hacl's destination, as stated.</param>
/// <param name="Protocol">The hacl's protocol, as stated.</param>
/// <param name="Port">The hacl's port, as stated (0 for any).</param>
public sealed record RemoveAllowedFlow(string Source, string Destination, string Protocol, int Port) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.BlockFlow;

    /// <inheritdoc />
    public override string Id => $"unallow:{Source}->{Destination}:{Protocol.ToLowerInvariant()}/{(Port == Hacl.AnyPort ? "*" : Port)}";

    /// <inheritdoc />
    public override string? Host => Destination;

    internal override FactChange Plan(FactLookup at)
    {
        var c = new FactChange();
        foreach (var i in at.HaclsTo(Destination))
        {
            var h = at.Facts.Hacls[i];
            if (h.Source == Source && h.Port == Port && string.Equals(h.Protocol, Protocol, StringComparison.OrdinalIgnoreCase)) c.Hacls.Add(i);
        }
        return c;
    }
}
