using System.Text.Json.Serialization;
using GanKit.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Training;

/// <summary>Adam settings; create with <see cref="OptimizerSettings.Adam"/>.</summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Beta1">The first-moment decay.</param>
/// <param name="Beta2">The second-moment decay.</param>
/// <param name="WeightDecay">L2 weight decay, added to the gradient.</param>
public sealed record AdamSettings(double LearningRate = 2e-4, double Beta1 = 0.5, double Beta2 = 0.999, double WeightDecay = 0)
    : OptimizerSettings(LearningRate)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => "Adam";

    internal override void Validate(ValidationErrors errors, string player)
    {
        base.Validate(errors, player);
        RequireBeta(errors, Beta1, "Adam β1", player);
        RequireBeta(errors, Beta2, "Adam β2", player);
        errors.RequireNonNegative(WeightDecay, $"The {player} weight decay");
    }

    internal override OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories) =>
        optim.Adam(parameters, LearningRate, Beta1, Beta2, weight_decay: WeightDecay);
}

/// <summary>AdamW settings; create with <see cref="OptimizerSettings.AdamW"/>.</summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Beta1">The first-moment decay.</param>
/// <param name="Beta2">The second-moment decay.</param>
/// <param name="WeightDecay">The decoupled weight decay.</param>
public sealed record AdamWSettings(double LearningRate = 2e-4, double Beta1 = 0.5, double Beta2 = 0.999, double WeightDecay = 0.01)
    : OptimizerSettings(LearningRate)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => "AdamW";

    internal override void Validate(ValidationErrors errors, string player)
    {
        base.Validate(errors, player);
        RequireBeta(errors, Beta1, "AdamW β1", player);
        RequireBeta(errors, Beta2, "AdamW β2", player);
        errors.RequireNonNegative(WeightDecay, $"The {player} weight decay");
    }

    internal override OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories) =>
        optim.AdamW(parameters, LearningRate, Beta1, Beta2, weight_decay: WeightDecay);
}
