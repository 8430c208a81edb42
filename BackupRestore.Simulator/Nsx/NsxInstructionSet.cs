namespace BackupRestore.Simulator.Nsx;

/// <summary>The instruction a restore stops on, and the resources it lists (vendor-apis.md §1.3 InstructionInfo).</summary>
public sealed class NsxInstructionSet
{
    private readonly Dictionary<string, List<NsxActionableResourceWire>> resources = [];

    public NsxInstructionSet(SimRandom random)
    {
        var instruction = new NsxInstructionWire(
            random.NextGuid().ToString(),
            "Reset Fabric Nodes",
            [
                "Log in to each node listed below and run 'del nsx' from nsxcli.",
                "Restart the node agent on each node (restart service nsx-opsagent).",
            ],
            ["display_name", "id", "resource_type", "ip_address"]);
        Pending = [instruction];
        resources[instruction.Id] = Enumerable.Range(1, 3)
            .Select(i => new NsxActionableResourceWire(
                random.NextGuid().ToString(),
                $"esx-0{i}.lab.local",
                "TransportNode",
                $"10.10.20.1{i}",
                "Fabric node not found in the restored configuration"))
            .ToList();
    }

    public IReadOnlyList<NsxInstructionWire> Pending { get; }

    public IReadOnlyList<NsxActionableResourceWire> ResourcesOf(string instructionId) =>
        resources.TryGetValue(instructionId, out var list) ? list : [];

    /// <summary>Returns why an advance request is invalid, or null when it may proceed.</summary>
    public string? Validate(NsxAdvanceRequest? request, IReadOnlyList<NsxInstructionWire> pending)
    {
        var data = request?.Data ?? [];
        foreach (var input in data)
        {
            if (string.IsNullOrEmpty(input.Id) || !pending.Any(p => p.Id == input.Id))
            {
                return $"Instruction id '{input.Id}' is not pending.";
            }
            var known = ResourcesOf(input.Id);
            foreach (var resource in input.Resources ?? [])
            {
                if (resource.Selected is null)
                {
                    return "Field selected is required for every resource.";
                }
                if (!known.Any(k => k.Id == resource.TargetId))
                {
                    return $"Resource '{resource.TargetId}' is not listed for instruction '{input.Id}'.";
                }
            }
        }
        var unanswered = pending.FirstOrDefault(p => !data.Any(d => d.Id == p.Id));
        return unanswered is null ? null : $"Instruction '{unanswered.Name}' ({unanswered.Id}) must be answered.";
    }
}
