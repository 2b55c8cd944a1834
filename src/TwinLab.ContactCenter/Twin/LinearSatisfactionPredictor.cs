using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// A satisfaction regression read back from storage: the terms of a <see cref="SatisfactionModel"/> (Intercept,
/// WaitMinutes, HandleMinutes, Resolved, ResolvedUnknown, Channel=…, Queue=…), predicting exactly as the fitted model
/// did (same terms, same order, same clamp), with the fit quality it was stored with.
/// </summary>
/// <remarks>Thread-safe (immutable). A term it does not know is refused when it is created, so a stored model never
/// silently predicts with a term left out.</remarks>
public sealed class LinearSatisfactionPredictor : ISatisfactionPredictor
{
    private readonly Term[] _terms;

    /// <summary>Creates the predictor.</summary>
    /// <param name="coefficients">The terms in the order the model sums them.</param>
    /// <param name="minScore">Lowest score predictions are clamped to.</param>
    /// <param name="maxScore">Highest score predictions are clamped to.</param>
    /// <exception cref="ArgumentException">an unknown term, or minScore &gt; maxScore.</exception>
    public LinearSatisfactionPredictor(IReadOnlyList<SatisfactionCoefficient> coefficients, double minScore, double maxScore)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (!(minScore <= maxScore)) throw new ArgumentException($"minScore ({minScore}) must not exceed maxScore ({maxScore}).", nameof(minScore));
        Coefficients = coefficients;
        MinScore = minScore;
        MaxScore = maxScore;
        _terms = coefficients.Select(c => Term.Of(c.Term, c.Estimate)).ToArray();
    }

    /// <summary>The terms with their estimates and standard errors.</summary>
    public IReadOnlyList<SatisfactionCoefficient> Coefficients { get; }

    /// <summary>Lowest score predictions are clamped to.</summary>
    public double MinScore { get; }

    /// <summary>Highest score predictions are clamped to.</summary>
    public double MaxScore { get; }

    /// <summary>Surveyed rows the model was fitted to (0 when unknown).</summary>
    public int Rows { get; init; }

    /// <summary>In-sample R² (NaN when unknown).</summary>
    public double RSquared { get; init; } = double.NaN;

    /// <summary>Rows held out to score the fit.</summary>
    public int HoldOutRows { get; init; }

    /// <summary>Hold-out R² (NaN when none).</summary>
    public double HoldOutRSquared { get; init; } = double.NaN;

    /// <summary>Hold-out RMSE (NaN when none).</summary>
    public double HoldOutRmse { get; init; } = double.NaN;

    /// <inheritdoc />
    public double Predict(Channel channel, string queue, double waitSeconds, double handleSeconds, bool resolved)
    {
        // Same columns and summation order as SatisfactionDesign.Row and OlsFit.Predict, so predictions match bit for bit.
        var sum = 0.0;
        foreach (var t in _terms)
        {
            var x = t.Kind switch
            {
                TermKind.Intercept => 1,
                TermKind.WaitMinutes => waitSeconds / 60,
                TermKind.HandleMinutes => handleSeconds / 60,
                TermKind.Resolved => resolved ? 1 : 0,
                TermKind.ResolvedUnknown => 0,
                TermKind.Channel => channel == t.Channel ? 1 : 0,
                _ => string.Equals(queue, t.Queue, StringComparison.Ordinal) ? 1 : 0,
            };
            sum += t.Estimate * x;
        }
        return Math.Clamp(sum, MinScore, MaxScore);
    }

    private enum TermKind { Intercept, WaitMinutes, HandleMinutes, Resolved, ResolvedUnknown, Channel, Queue }

    private readonly record struct Term(TermKind Kind, double Estimate, Channel Channel, string? Queue)
    {
        public static Term Of(string name, double estimate)
        {
            if (Enum.TryParse<TermKind>(name, out var kind) && kind is not (TermKind.Channel or TermKind.Queue) && name == kind.ToString())
                return new Term(kind, estimate, default, null);
            if (name.StartsWith("Channel=", StringComparison.Ordinal) && Enum.TryParse<Channel>(name["Channel=".Length..], out var channel))
                return new Term(TermKind.Channel, estimate, channel, null);
            if (name.StartsWith("Queue=", StringComparison.Ordinal))
                return new Term(TermKind.Queue, estimate, default, name["Queue=".Length..]);
            throw new ArgumentException($"Unknown satisfaction term '{name}': expected Intercept, WaitMinutes, HandleMinutes, Resolved, ResolvedUnknown, Channel=… or Queue=….", nameof(name));
        }
    }
}
