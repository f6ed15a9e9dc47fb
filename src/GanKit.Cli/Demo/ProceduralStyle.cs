using static TorchSharp.torch;

namespace GanKit.Cli.Demo;

/// <summary>
/// Paints the demo's style image at run time: swirling bands around a few vortices in a night-sky palette (deep blue,
/// light blue, yellow). Made by code, so the repository ships no third-party painting.
/// </summary>
internal static class ProceduralStyle
{
    public static Tensor Paint(int size = 256)
    {
        using var scope = NewDisposeScope();
        var axis = linspace(0, 1, size);
        var y = axis.view(size, 1).expand(size, size);
        var x = axis.view(1, size).expand(size, size);

        (float cx, float cy, float strength)[] vortices = [(0.3f, 0.35f, 9f), (0.72f, 0.28f, -7f), (0.55f, 0.75f, 6f)];
        var phase = zeros(size, size);
        foreach (var (cx, cy, strength) in vortices)
        {
            var dx = x - cx;
            var dy = y - cy;
            var r = (dx * dx + dy * dy).sqrt();
            // A smooth vortex: the twist decays with distance (no angle term, whose branch cut would leave a seam).
            phase += strength * (-r / 0.18f).exp();
        }

        phase += (x * 9f).sin() * 0.6f + (y * 7f + x * 3f).cos() * 0.5f;
        var bands = (phase * 3.5f + y * 18f).sin() * 0.5f + 0.5f;          // brush-stroke bands along the flow
        var fine = (phase * 11f + x * 40f).sin() * 0.15f;                   // texture inside the strokes
        var t = (bands + fine).clamp(0, 1);

        float[][] palette = [[0.04f, 0.07f, 0.28f], [0.12f, 0.28f, 0.65f], [0.55f, 0.72f, 0.92f], [0.96f, 0.84f, 0.30f]];
        var channels = new Tensor[3];
        for (int c = 0; c < 3; c++)
        {
            // Piecewise-linear palette lookup over three segments.
            var v = t * 3f;
            var seg = v.floor().clamp(0, 2);
            var frac = v - seg;
            var lo = tensor(palette.Select(p => p[c]).ToArray());
            var start = lo.index_select(0, seg.to(ScalarType.Int64).flatten()).view(size, size);
            var end = lo.index_select(0, (seg + 1).to(ScalarType.Int64).flatten()).view(size, size);
            channels[c] = start + (end - start) * frac;
        }

        return stack(channels).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
