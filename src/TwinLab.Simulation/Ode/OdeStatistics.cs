namespace TwinLab.Simulation.Ode;

/// <summary>The work an integration did.</summary>
/// <param name="AcceptedSteps">Steps kept.</param>
/// <param name="RejectedSteps">Steps tried and thrown away because the error estimate was too large.</param>
/// <param name="FunctionEvaluations">Calls to the right-hand side.</param>
public readonly record struct OdeStatistics(int AcceptedSteps, int RejectedSteps, int FunctionEvaluations);
