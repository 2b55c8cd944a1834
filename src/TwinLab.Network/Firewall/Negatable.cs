namespace TwinLab.Network.Firewall;

/// <summary>A rule condition that may be negated with <c>!</c>.</summary>
/// <typeparam name="T">The value matched.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Negated">True when the rule matches everything except <paramref name="Value"/>.</param>
public readonly record struct Negatable<T>(T Value, bool Negated)
{
    /// <summary>The condition as iptables writes it, with a leading <c>! </c> when negated.</summary>
    public override string ToString() => Negated ? $"! {Value}" : $"{Value}";
}
