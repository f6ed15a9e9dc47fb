namespace GanKit.Tests.TestSupport;

/// <summary>
/// Tests that seed or draw from torch's process-wide generator (to build fixtures), or change process-wide torch
/// settings. They run one at a time, after the parallel tests; GanKit itself never touches that state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchStateCollection
{
    public const string Name = "torch's process-wide generator and settings";
}
