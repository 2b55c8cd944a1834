namespace TwinLab.Health.Patients;

/// <summary>Where a blood-pressure reading was taken.</summary>
public enum ReadingSetting
{
    /// <summary>A home monitor.</summary>
    Home,
    /// <summary>A clinic or office measurement.</summary>
    Clinic,
}

/// <summary>One accepted blood-pressure reading.</summary>
/// <param name="Time">When, with the offset of the person's local clock (morning and evening are read from it).</param>
/// <param name="Systolic">Systolic, mmHg.</param>
/// <param name="Diastolic">Diastolic, mmHg.</param>
/// <param name="Pulse">Pulse, beats/min, when recorded.</param>
/// <param name="Setting">Home or clinic.</param>
/// <param name="Source">Where it came from: <c>file:row</c> or <c>file#Observation/id</c>.</param>
public sealed record BpReading(DateTimeOffset Time, double Systolic, double Diastolic, double? Pulse, ReadingSetting Setting, string Source)
{
    /// <summary>The local calendar day of the reading.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Time.DateTime);

    /// <summary>Whether it was taken before noon local time (home monitoring protocols ask for morning and evening readings).</summary>
    public bool IsMorning => Time.Hour < 12;
}
