namespace TwinLab.Health.Pharmacology;

/// <summary>One antihypertensive drug: its class, its standard dose and the time course of its effect.</summary>
/// <param name="Name">Generic name, lower case (<c>amlodipine</c>).</param>
/// <param name="Class">Its class.</param>
/// <param name="StandardDoseMg">Standard daily dose in mg: the usual maintenance dose, which Law 2003 calls "standard".</param>
/// <param name="HalfLifeHours">Elimination half-life (of the active moiety) in hours, from the product label.</param>
/// <param name="DaysToFullEffect">Days until the blood-pressure effect is (about 90%) complete after starting or changing the dose.</param>
/// <param name="DaysToWashOut">Days until the effect has (about 90%) gone after stopping.</param>
/// <param name="RxNormIngredient">RxNorm concept id (RxCUI) of the ingredient.</param>
/// <param name="BetaSelective">For beta-blockers: whether it is beta-1 (cardio)selective; false for propranolol. Ignored for other classes.</param>
/// <param name="Aliases">Other names the drug goes by (brand names, salts), lower case.</param>
/// <param name="Source">Where the pharmacokinetic figures come from.</param>
public sealed record Drug(
    string Name,
    DrugClass Class,
    double StandardDoseMg,
    double HalfLifeHours,
    double DaysToFullEffect,
    double DaysToWashOut,
    string RxNormIngredient,
    bool BetaSelective,
    IReadOnlyList<string> Aliases,
    string Source)
{
    /// <summary>The dose in mg at a Law 2003 dose level.</summary>
    public double DoseMg(DoseLevel level) => StandardDoseMg * level.Multiplier();

    /// <summary>A dose as a multiple of the standard dose.</summary>
    public double RelativeDose(double doseMg) => doseMg / StandardDoseMg;

    /// <inheritdoc />
    public override string ToString() => Name;
}
