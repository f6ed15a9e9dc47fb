using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GanKit.Checkpoints;
using GanKit.Models;

namespace GanKit.Fuzzing;

/// <summary>
/// <see cref="Checkpoint.ReadInfo"/> then <see cref="Checkpoint.LoadGenerator"/> on real checkpoints of small MLP generators
/// (one plain, one conditional with an EMA section). A quarter of the cases damage the file as is (the SHA-256 catches them);
/// the rest either damage the body and recompute the checksum, or damage one section — the JSON metadata half the time —
/// and re-serialise the file with correct lengths and checksum, so the damage reaches the section table, the metadata
/// and the weights. Contract: only <see cref="CheckpointCorruptedException"/>; managed allocation within four times the file plus 16 MB.
/// </summary>
public sealed class CheckpointFuzzTarget : FuzzTarget
{
    private static readonly byte[] Magic = "GANKITCK"u8.ToArray();
    private readonly Dictionary<string, List<(string Name, byte[] Data)>> _sections = new(StringComparer.Ordinal);

    public CheckpointFuzzTarget()
    {
        GanKit.Runtime.TorchRuntime.EnsureLoaded();
        Seeds =
        [
            Build("mlp", new GeneratorSpec(GanArchitecture.Mlp, 4, [2], null, 8, 2), ema: false),
            Build("mlp-conditional-ema", new GeneratorSpec(GanArchitecture.Mlp, 3, [1, 2, 2], 3, 6, 1), ema: true),
        ];
    }

    public override string Name => "checkpoint";

    public override IReadOnlyList<Type> DocumentedExceptions { get; } = [typeof(CheckpointCorruptedException)];

    public override IReadOnlyList<FuzzSeed> Seeds { get; }

    public override byte[] Mutate(FuzzSeed seed, PCG rng, List<string> log)
    {
        switch (rng.Next(4))
        {
            case 0:
                log.Add("file as is:");
                return Mutator.Mutate(seed.Bytes, rng, log);
            case 1:
            {
                log.Add("body, checksum recomputed:");
                var body = Mutator.Mutate(seed.Bytes[..^32], rng, log);
                return [.. body, .. SHA256.HashData(body)];
            }
            default:
            {
                var sections = _sections[seed.Name].ToList();
                int index = rng.Next(2) == 0 ? 0 : (int)rng.Next((uint)sections.Count);
                var (name, data) = sections[index];
                log.Add($"section '{name}', file re-serialised:");
                sections[index] = (name, Mutator.Mutate(data, rng, log));
                return Serialize(sections);
            }
        }
    }

    public override void Run(string path, byte[] bytes, FuzzSeed seed)
    {
        Checkpoint.ReadInfo(path);
        using var generator = Checkpoint.LoadGenerator(path, preferEma: bytes.Length % 2 == 0);
    }

    /// <summary>The sections of the seed named <paramref name="seedName"/> (for hand-made damage in regression tests).</summary>
    public IReadOnlyList<(string Name, byte[] Data)> SectionsOf(string seedName) => _sections[seedName];

    public override long AllocationBound(byte[] bytes, FuzzSeed seed) => 4L * bytes.Length + (16 << 20);

    private FuzzSeed Build(string name, GeneratorSpec spec, bool ema)
    {
        using var generator = Generator.Create(spec);
        // Fixed weights: the seed file must be the same bytes in every process, or a case (whose mutations depend on
        // the bytes, e.g. "current value × 2^k") cannot be replayed. Generator.Create initialises from the global RNG.
        using (TorchSharp.torch.no_grad())
        {
            int k = 0;
            foreach (var p in generator.Module.parameters())
            {
                using var values = TorchSharp.torch.sin(TorchSharp.torch.arange(p.numel(), dtype: p.dtype) * 0.37 + k++).reshape(p.shape);
                p.copy_(values);
            }
        }

        var meta = new CheckpointMetadata
        {
            Step = 1234,
            Seed = 42,
            Loss = "hinge",
            Generator = spec,
            Discriminator = new DiscriminatorSpec(GanArchitecture.Mlp, spec.OutputShape, spec.ClassCount, 8, 2, false, false, false, 1),
            EmaDecay = ema ? 0.999 : null,
            SamplerEpoch = 3,
            SamplerPosition = 17,
            DiscriminatorSteps = 1234,
            BatchSize = 16,
            Options = System.Text.Json.JsonSerializer.SerializeToElement("fuzz seed"),
            CreatedUtc = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero),
        };
        var weights = Checkpoint.SaveModule(generator.Module);
        var sections = new List<(string, byte[])> { ("meta", meta.ToJson()), ("generator", weights), ("rng", new byte[16]) };
        if (ema) sections.Add(("ema", weights));
        _sections[name] = sections;
        return new FuzzSeed(name, Serialize(sections), Checkpoint.Extension);
    }

    /// <summary>The container format of <c>CheckpointFile.Write</c>: magic, version, counted length-prefixed sections, SHA-256.</summary>
    public static byte[] Serialize(IReadOnlyList<(string Name, byte[] Data)> sections)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(CheckpointFile.FormatVersion);
            writer.Write(sections.Count);
            foreach (var (name, data) in sections)
            {
                writer.Write(name);
                writer.Write((long)data.Length);
                writer.Write(data);
            }
        }

        var bytes = body.ToArray();
        return [.. bytes, .. SHA256.HashData(bytes)];
    }
}
