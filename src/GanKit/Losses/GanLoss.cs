using System.Text.Json.Serialization;
using GanKit.Configuration;
using GanKit.Regularizers;
using static TorchSharp.torch;

namespace GanKit.Losses;

/// <summary>
/// A built-in adversarial loss: both the behaviour (<see cref="IGanLoss"/>) and plain data, written into checkpoints as
/// JSON (the <c>type</c> property names the loss). Get one from <see cref="GanLosses"/>. A loss of your own implements
/// <see cref="IGanLoss"/>; the trainer's options then hold a <see cref="CustomLoss"/> naming it.
/// </summary>
// A new built-in loss is a sealed record deriving from GanLoss plus one [JsonDerivedType] line here.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NonSaturatingLoss), "ns")]
[JsonDerivedType(typeof(MinimaxLoss), "minimax")]
[JsonDerivedType(typeof(HingeLoss), "hinge")]
[JsonDerivedType(typeof(LeastSquaresLoss), "lsgan")]
[JsonDerivedType(typeof(WassersteinGpLoss), "wgan-gp")]
[JsonDerivedType(typeof(RelativisticPairingLoss), "rpgan")]
[JsonDerivedType(typeof(CustomLoss), "custom")]
public abstract record GanLoss : IGanLoss
{
    private protected GanLoss()
    {
    }

    /// <inheritdoc />
    [JsonIgnore]
    public abstract string Name { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public virtual bool SupportsLabelSmoothing => false;

    /// <inheritdoc />
    [JsonIgnore]
    public virtual IReadOnlyList<IDiscriminatorRegularizer> RequiredRegularizers => [];

    /// <inheritdoc />
    [JsonIgnore]
    public virtual bool NeedsRealOutputForGenerator => false;

    /// <inheritdoc />
    public abstract Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0);

    /// <inheritdoc />
    public abstract Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null);

    internal virtual void Validate(ValidationErrors errors)
    {
    }
}

/// <summary>
/// Stands in the trainer's options for a loss of your own (any <see cref="IGanLoss"/> that is not a <see cref="GanLoss"/>):
/// only its name is data. Training and resuming need the instance itself, passed with <see cref="Training.GanTrainerBuilder.WithLoss"/>.
/// </summary>
/// <param name="LossName">The <see cref="IGanLoss.Name"/> of your loss.</param>
public sealed record CustomLoss(string LossName) : GanLoss
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Name => LossName;

    /// <inheritdoc />
    public override Tensor DiscriminatorLoss(Tensor realOutput, Tensor fakeOutput, double realTarget = 1.0) => throw NotResolved();

    /// <inheritdoc />
    public override Tensor GeneratorLoss(Tensor fakeOutput, Tensor? realOutput = null) => throw NotResolved();

    internal override void Validate(ValidationErrors errors) =>
        errors.Require(!string.IsNullOrWhiteSpace(LossName), "A loss of your own needs a name.");

    private InvalidOperationException NotResolved() =>
        new($"The loss '{LossName}' is your own and only its name is stored; pass its instance to GanTrainerBuilder.WithLoss.");
}
