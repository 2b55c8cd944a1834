namespace TwinLab.Health.Safety;

/// <summary>How a safety rule bears on a regimen.</summary>
public enum SafetySeverity
{
    /// <summary>Allowed, with something the clinician should check or weigh (it counts against the regimen in ranking).</summary>
    Caution,
    /// <summary>Not allowed for this person: the regimen is never recommended.</summary>
    Excluded,
}

/// <summary>One safety rule that applies to a regimen for a person, with why.</summary>
/// <param name="Rule">Stable rule id, such as <c>acei-with-arb</c> or <c>nonselective-beta-blocker-in-asthma</c>.</param>
/// <param name="Severity">Excluded or caution.</param>
/// <param name="Explanation">Why, in a clinician's words, naming the drugs and the person's condition or lab value.</param>
/// <param name="Source">The guideline or trial behind the rule.</param>
public sealed record SafetyFinding(string Rule, SafetySeverity Severity, string Explanation, string Source);
