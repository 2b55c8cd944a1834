namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// One contact of the synthetic month. Everything random about the customer is drawn when the contact is created, so
/// a staffing change elsewhere does not shift which customer gets which draw.
/// </summary>
internal sealed class SimContact
{
    public required int Id { get; init; }
    public required int Queue { get; init; }
    public required double Arrival { get; init; }
    public required bool Repeat { get; init; }
    public required int Depth { get; init; }
    public required double Patience { get; init; }
    public required double HandleNormal { get; init; }
    public required double ResolveUniform { get; init; }
    public required double SurveyUniform { get; init; }
    public required double SatisfactionNoise { get; init; }

    public bool Waiting { get; set; } = true;
    public bool Abandoned { get; set; }
    public double Wait { get; set; }
    public double Handle { get; set; }
    public SimAgent? Agent { get; set; }
}
