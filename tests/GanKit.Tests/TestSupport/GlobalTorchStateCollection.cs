namespace GanKit.Tests.TestSupport;

/// <summary>
/// Tests that seed or draw from torch's process-wide generator (to build fixtures), change process-wide torch
/// settings, or measure the whole process (resident memory). They run one at a time, after the parallel tests;
/// GanKit itself never touches that state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchStateCollection
{
    public const string Name = "torch's process-wide generator and settings";
}
