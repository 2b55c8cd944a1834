namespace TwinLab.Health.Prediction;

/// <summary>The statement every health output carries: the twin supports a clinician's decision, it does not make it.</summary>
public static class HealthDisclaimer
{
    /// <summary>The disclaimer, word for word as every prediction, recommendation and report states it.</summary>
    public const string Text = "Decision support for clinicians, not medical advice.";
}
