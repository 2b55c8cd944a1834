namespace TwinLab.Simulation.Reports;

/// <summary>The report's embedded style sheet: system fonts only (no web fonts), plain tables, print-friendly.</summary>
public static class ReportCss
{
    /// <summary>The CSS text, for a <c>&lt;style&gt;</c> element.</summary>
    public const string Text = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: #222;
               max-width: 1000px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
        h1 { margin: 0 0 .4rem; font-size: 1.7rem; }
        h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; font-size: 1.3rem; }
        h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
        .kicker { text-transform: uppercase; letter-spacing: .08em; color: #666; font-size: .8rem; margin: 0; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: .2rem 0; }
        th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #f2f2f2; }
        table.facts th { background: #f7f7f7; font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; }
        td.mono { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; word-break: break-all; }
        td.better { color: #1a7f1a; font-weight: 600; }
        td.worse { color: #b22222; font-weight: 600; }
        .warning { background: #fff4e5; border-left: 4px solid #f0a030; padding: .5rem .8rem; }
        .muted { color: #666; }
        figure { margin: 1rem 0 1.5rem; break-inside: avoid; }
        svg.chart { width: 100%; max-width: 800px; height: auto; display: block; }
        figcaption { font-size: .85rem; color: #555; }
        footer { margin-top: 3rem; font-size: .8rem; color: #777; }
        @media print {
          body { max-width: none; margin: 0; font-size: 10pt; }
          h2 { break-after: avoid; }
          table, figure { break-inside: avoid; }
        }
        """;
}
