using GanKit.Models;
using GanKit.Models.Architectures;

namespace GanKit.Checkpoints;

/// <summary>
/// Checks a generator specification read from a checkpoint before anything is built from it: a damaged or forged metadata
/// section could otherwise ask libtorch for impossible layers (negative or zero sizes fail natively) or for 2^60 weights.
/// The weights section must hold every weight, so a spec needing more than it holds is refused without allocating.
/// </summary>
internal static class CheckpointGeneratorCheck
{
    /// <summary>Throws when <paramref name="spec"/> cannot describe the weights in a section of <paramref name="weightBytes"/> bytes.</summary>
    /// <exception cref="CheckpointCorruptedException">The specification is impossible or larger than its weights.</exception>
    public static void Validate(GeneratorSpec spec, long weightBytes, string section, string path)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(spec.Architecture)) problems.Add($"architecture {(int)spec.Architecture} is unknown");
        if (spec.LatentSize < 1) problems.Add($"latent size {spec.LatentSize} is not positive");
        if (spec.Width < 1) problems.Add($"width {spec.Width} is not positive");
        if (spec.Depth < 0) problems.Add($"depth {spec.Depth} is negative");
        if (spec.ClassCount is < 1) problems.Add($"class count {spec.ClassCount} is not positive");
        var shape = spec.OutputShape;
        if (shape.Length is not (1 or 3) || shape.Any(d => d < 1)) problems.Add($"output shape [{string.Join(",", shape)}] is not [D] or [C,H,W] with positive sizes");
        else if (spec.Architecture is GanArchitecture.Msg or GanArchitecture.Progressive)
        {
            if (!HighResolutionGeometry.IsSupported(shape))
                problems.Add($"output shape [{string.Join(",", shape)}] is not one of the {HighResolutionGeometry.Describe()} that {spec.Architecture} generates");
        }
        else if (spec.Architecture != GanArchitecture.Mlp && !ImageGeometry.IsSupported(shape))
            problems.Add($"output shape [{string.Join(",", shape)}] is not one of the {ImageGeometry.Describe()} that {spec.Architecture} generates");
        if (problems.Count > 0) throw new CheckpointCorruptedException(path, $"the generator's specification is impossible: {string.Join("; ", problems)}.");

        double weights = MinimumWeights(spec);
        if (weights * sizeof(float) > weightBytes)
        {
            throw new CheckpointCorruptedException(path,
                $"the generator's specification needs at least {weights:N0} weights but its '{section}' section holds only {weightBytes:N0} bytes.");
        }
    }

    /// <summary>The weights of the generator's linear and convolution layers alone (biases and norms left out): a lower bound.</summary>
    private static double MinimumWeights(GeneratorSpec spec)
    {
        double latent = spec.LatentSize, width = spec.Width, classes = spec.ClassCount ?? 0;
        var shape = spec.OutputShape;
        if (spec.Architecture == GanArchitecture.Mlp)
        {
            double inputs = latent * (classes > 0 ? 2 : 1), outputs = shape.Aggregate(1.0, (a, d) => a * d);
            return classes * latent + (spec.Depth == 0 ? inputs * outputs : inputs * width + (spec.Depth - 1) * width * width + width * outputs);
        }

        if (spec.Architecture is GanArchitecture.Msg or GanArchitecture.Progressive)
        {
            // The dense input layer alone: latent (and class embedding) → C0 · 4 · 4.
            double c0 = HighResolutionGeometry.Channels(0, shape[1], spec.Width);
            return latent * (classes > 0 ? 2 : 1) * c0 * 16;
        }

        long size = shape[1];
        double start = ImageGeometry.StartSize(size);
        int stages = ImageGeometry.Stages(size);
        double Channels(int i) => width * Math.Pow(2, Math.Max(0, stages - 1 - i));
        double total = latent * Channels(0) * start * start;
        if (spec.Architecture == GanArchitecture.Dcgan)
        {
            for (int i = 1; i < stages; i++) total += Channels(i - 1) * Channels(i) * 16;
            return total + Channels(stages - 1) * shape[0] * 16;
        }

        for (int i = 0; i < stages; i++)
        {
            double input = i == 0 ? Channels(0) : Channels(i - 1), output = Channels(i);
            total += input * output * 9 + output * output * 9 + input * output;
        }

        return total + Channels(stages - 1) * shape[0] * 9;
    }
}
