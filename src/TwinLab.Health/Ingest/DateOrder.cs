namespace TwinLab.Health.Ingest;

/// <summary>How to read numeric dates such as <c>05/01/2026</c>.</summary>
public enum DateOrder
{
    /// <summary>Day first: 05/01/2026 is 5 January (most of the world).</summary>
    DayFirst,
    /// <summary>Month first: 05/01/2026 is 1 May (United States).</summary>
    MonthFirst,
}
