using TwinLab.Core.Errors;

namespace TwinLab.Sync.Mapping;

/// <summary>
/// A message the mapping cannot turn into twin changes (a poison message): not JSON, no rule matches, a field is missing
/// or cannot be converted. The message names the rule and the field: <c>rule 'bp': $.systolic is missing in the payload</c>.
/// </summary>
public sealed class MappingException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="rule">The rule that was applied, or <c>null</c> when none was (bad JSON, no rule matched).</param>
    /// <param name="problem">What is wrong, naming the field.</param>
    public MappingException(string? rule, string problem)
        : base(ErrorCodes.InvalidArgument, rule is null ? problem : $"rule '{rule}': {problem}")
    {
        Rule = rule;
        Problem = problem;
    }

    /// <summary>The rule that was applied, or <c>null</c>.</summary>
    public string? Rule { get; }

    /// <summary>What is wrong, without the rule.</summary>
    public string Problem { get; }
}
