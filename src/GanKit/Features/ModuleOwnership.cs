using static TorchSharp.torch;

namespace GanKit.Features;

/// <summary>Keeps a module's weights alive when it is built inside a caller's dispose scope.</summary>
internal static class ModuleOwnership
{
    /// <summary>
    /// Detaches every parameter and buffer of <paramref name="module"/> from the current dispose scope, so that a network created
    /// inside a caller's <c>using var scope = torch.NewDisposeScope()</c> keeps working after that scope ends.
    /// </summary>
    public static T DetachFromDisposeScopes<T>(T module) where T : nn.Module
    {
        foreach (var p in module.parameters()) p.DetachFromDisposeScope();
        foreach (var b in module.buffers()) b.DetachFromDisposeScope();
        return module;
    }

    /// <summary>Freezes <paramref name="module"/>: no parameter requires gradients and it runs in inference (eval) mode.</summary>
    public static T Freeze<T>(T module) where T : nn.Module
    {
        foreach (var p in module.parameters()) p.requires_grad = false;
        module.eval();
        return module;
    }
}
