using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>The one way optimisation reports a bad problem: an <see cref="ErrorCodes.InvalidArgument"/> naming the cause.</summary>
internal static class OptimisationErrors
{
    public static TwinLabException Invalid(string why) => new(ErrorCodes.InvalidArgument, $"Optimisation: {why}.");
}
