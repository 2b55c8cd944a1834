namespace TwinLab.ContactCenter.Ingest;

/// <summary>How to read dates such as 03/04/2024, whose day and month could be either way round.</summary>
public enum DateOrder
{
    /// <summary>Decide from the whole file: a first part above 12 means day first, a second part above 12 month first;
    /// when nothing decides, AM/PM times suggest the US order and otherwise day first is assumed (and said so).</summary>
    Auto,
    /// <summary>dd/MM/yyyy.</summary>
    DayFirst,
    /// <summary>M/d/yyyy (US).</summary>
    MonthFirst,
}
