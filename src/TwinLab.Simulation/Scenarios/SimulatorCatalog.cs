using System.Reflection;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Simulation.Scenarios;

/// <summary>
/// The simulators scenario files can name: the built-in ones, the domains' and the example twins' (added by the
/// application that hosts them) and any loaded from a user's plug-in assembly.
/// </summary>
/// <remarks>Thread-safe for reads after set-up; add simulators before running experiments.</remarks>
public sealed class SimulatorCatalog
{
    private readonly Dictionary<string, ISimulator> _simulators = new(StringComparer.Ordinal);

    /// <summary>A catalog holding the built-in reference simulators (<c>mmc</c>: the M/M/c queue).</summary>
    public static SimulatorCatalog CreateDefault() => new SimulatorCatalog().Add(new MmcSimulator());

    /// <summary>Adds (or replaces) a simulator under its <see cref="SimulatorInfo.Name"/>.</summary>
    public SimulatorCatalog Add(ISimulator simulator)
    {
        _simulators[simulator.Info.Name] = simulator;
        return this;
    }

    /// <summary>Every simulator, by name.</summary>
    public IReadOnlyList<SimulatorInfo> List => _simulators.Values.Select(s => s.Info).OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Whether a simulator has that name.</summary>
    public bool Contains(string name) => _simulators.ContainsKey(name);

    /// <summary>The simulator with that name.</summary>
    /// <exception cref="TwinLabException">None has it; the message lists the known ones and suggests the nearest.</exception>
    public ISimulator Get(string name)
    {
        if (_simulators.TryGetValue(name, out var simulator)) return simulator;
        var suggestion = Spelling.Suggest(name, _simulators.Keys);
        throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"No simulator '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known: {string.Join(", ", _simulators.Keys.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>
    /// Loads a plug-in assembly (a user's own twin) and adds every public, non-abstract <see cref="ISimulator"/> with a
    /// public parameterless constructor that it defines.
    /// </summary>
    /// <returns>The names added.</returns>
    /// <exception cref="TwinLabException">The file is missing, is not a .NET assembly, or defines no simulator.</exception>
    public IReadOnlyList<string> LoadPlugin(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Plug-in '{path}' not found (looked for {full}).");
        Assembly assembly;
        try
        {
            assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Plug-in '{path}' is not a .NET assembly.");
        }
        var added = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type.IsAbstract || !typeof(ISimulator).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null) continue;
            var simulator = (ISimulator)Activator.CreateInstance(type)!;
            Add(simulator);
            added.Add(simulator.Info.Name);
        }
        if (added.Count == 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Plug-in '{path}' defines no public ISimulator class with a parameterless constructor.");
        return added;
    }
}
