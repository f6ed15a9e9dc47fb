using System.Text.Json.Serialization;
using GanKit.Configuration;
using static TorchSharp.torch;

namespace GanKit.Regularizers;

/// <summary>
/// A built-in discriminator regularizer: both the behaviour (<see cref="IDiscriminatorRegularizer"/>) and plain data,
/// written into checkpoints as JSON (the <c>type</c> property names it). A regularizer of your own implements
/// <see cref="IDiscriminatorRegularizer"/>; the trainer's options then hold a <see cref="CustomRegularizer"/> naming it.
/// </summary>
// A new built-in regularizer is a sealed record deriving from DiscriminatorRegularizer plus one [JsonDerivedType] line here.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(R1Penalty), "r1")]
[JsonDerivedType(typeof(R2Penalty), "r2")]
[JsonDerivedType(typeof(GradientPenalty), "gp")]
[JsonDerivedType(typeof(CustomRegularizer), "custom")]
public abstract record DiscriminatorRegularizer : IDiscriminatorRegularizer
{
    private protected DiscriminatorRegularizer()
    {
    }

    /// <inheritdoc />
    [JsonIgnore]
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract int Interval { get; init; }

    /// <inheritdoc />
    public abstract Tensor Compute(RegularizerContext context);

    internal virtual void Validate(ValidationErrors errors)
    {
    }
}

/// <summary>
/// Stands in the trainer's options for a regularizer of your own (any <see cref="IDiscriminatorRegularizer"/> that is not
/// a <see cref="DiscriminatorRegularizer"/>): only its name and interval are data. Training and resuming need the instance
/// itself, passed with <see cref="Training.GanTrainerBuilder.WithRegularizer"/>.
/// </summary>
/// <param name="RegularizerName">The <see cref="IDiscriminatorRegularizer.Name"/> of your regularizer.</param>
/// <param name="Interval">Its interval.</param>
public sealed record CustomRegularizer(string RegularizerName, int Interval = 1) : DiscriminatorRegularizer
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => RegularizerName;

    /// <inheritdoc />
    public override int Interval { get; init; } = Interval;

    /// <inheritdoc />
    public override Tensor Compute(RegularizerContext context) =>
        throw new InvalidOperationException($"The regularizer '{RegularizerName}' is your own and only its name is stored; pass its instance to GanTrainerBuilder.WithRegularizer.");

    internal override void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(RegularizerName), "A regularizer of your own needs a name.");
        errors.Require(Interval >= 1, $"The interval of the regularizer '{RegularizerName}' must be at least 1; got {Interval}.");
    }
}
