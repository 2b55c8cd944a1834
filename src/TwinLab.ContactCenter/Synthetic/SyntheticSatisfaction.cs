using MathNet.Numerics.Distributions;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// How synthetic customers score a contact: a latent score <see cref="Intercept"/> + <see cref="ResolvedEffect"/>·resolved
/// + <see cref="WaitEffectPerMinute"/>·wait minutes + <see cref="ChatEffect"/>·chat + N(0, <see cref="NoiseSd"/>²),
/// rounded to the nearest whole score and clamped to 1–5.
/// </summary>
public sealed class SyntheticSatisfaction : ISatisfactionPredictor
{
    /// <summary>Latent score of an unresolved phone contact answered at once.</summary>
    public double Intercept { get; init; } = 3.2;

    /// <summary>Added when the contact was resolved.</summary>
    public double ResolvedEffect { get; init; } = 1.2;

    /// <summary>Added per minute of waiting (negative).</summary>
    public double WaitEffectPerMinute { get; init; } = -0.45;

    /// <summary>Added for chats.</summary>
    public double ChatEffect { get; init; } = 0.1;

    /// <summary>Standard deviation of the latent noise.</summary>
    public double NoiseSd { get; init; } = 0.7;

    /// <summary>The latent score before noise, rounding and clamping.</summary>
    public double Latent(Channel channel, double waitSeconds, bool resolved) =>
        Intercept + (resolved ? ResolvedEffect : 0) + WaitEffectPerMinute * waitSeconds / 60 + (channel == Channel.Chat ? ChatEffect : 0);

    /// <summary>One customer's score, given a standard-normal <paramref name="noise"/> draw.</summary>
    public int Score(Channel channel, double waitSeconds, bool resolved, double noise) =>
        (int)Math.Clamp(Math.Round(Latent(channel, waitSeconds, resolved) + NoiseSd * noise, MidpointRounding.AwayFromZero), 1, 5);

    /// <summary>The expected score (exactly, over the noise, after rounding and clamping). Queue and handle time do not matter.</summary>
    public double Predict(Channel channel, string queue, double waitSeconds, double handleSeconds, bool resolved)
    {
        var latent = Latent(channel, waitSeconds, resolved);
        // E[score] = 1 + Σ_{k=2..5} P(score ≥ k) = 1 + Σ P(latent + noise ≥ k − 0.5).
        var expected = 1.0;
        for (var k = 2; k <= 5; k++) expected += 1 - Normal.CDF(latent, NoiseSd, k - 0.5);
        return expected;
    }
}
