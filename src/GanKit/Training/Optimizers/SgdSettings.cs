using System.Text.Json.Serialization;
using GanKit.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanKit.Training;

/// <summary>SGD settings; create with <see cref="OptimizerSettings.Sgd"/>.</summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Momentum">The momentum factor (0 = plain SGD).</param>
/// <param name="Nesterov">Nesterov momentum.</param>
/// <param name="WeightDecay">L2 weight decay.</param>
public sealed record SgdSettings(double LearningRate, double Momentum = 0.9, bool Nesterov = false, double WeightDecay = 0)
    : OptimizerSettings(LearningRate)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => "SGD";

    internal override void Validate(ValidationErrors errors, string player)
    {
        base.Validate(errors, player);
        errors.Require(Momentum is >= 0 and < 1, $"The {player} SGD momentum must be in [0, 1); got {Momentum}.");
        if (Nesterov) errors.Require(Momentum > 0, $"The {player} SGD optimizer has Nesterov momentum on but momentum {Momentum}; Nesterov needs momentum > 0.");
        errors.RequireNonNegative(WeightDecay, $"The {player} weight decay");
    }

    internal override OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories) =>
        optim.SGD(parameters, LearningRate, momentum: Momentum, weight_decay: WeightDecay, nesterov: Nesterov);
}

/// <summary>RMSprop settings; create with <see cref="OptimizerSettings.RmsProp"/>.</summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Alpha">The smoothing constant of the squared-gradient average.</param>
/// <param name="Momentum">The momentum factor.</param>
/// <param name="WeightDecay">L2 weight decay.</param>
public sealed record RmsPropSettings(double LearningRate = 5e-5, double Alpha = 0.99, double Momentum = 0, double WeightDecay = 0)
    : OptimizerSettings(LearningRate)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => "RMSprop";

    internal override void Validate(ValidationErrors errors, string player)
    {
        base.Validate(errors, player);
        errors.Require(Alpha is >= 0 and < 1, $"The {player} RMSprop α must be in [0, 1); got {Alpha}.");
        errors.Require(Momentum is >= 0 and < 1, $"The {player} RMSprop momentum must be in [0, 1); got {Momentum}.");
        errors.RequireNonNegative(WeightDecay, $"The {player} weight decay");
    }

    internal override OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories) =>
        optim.RMSProp(parameters, LearningRate, alpha: Alpha, weight_decay: WeightDecay, momentum: Momentum);
}

/// <summary>An optimizer of your own, created by the factory registered under <see cref="Name"/>; create with <see cref="OptimizerSettings.Custom"/>.</summary>
/// <param name="Name">The name the factory is registered under with <see cref="GanTrainerBuilder.WithOptimizerFactory"/>.</param>
/// <param name="LearningRate">The base learning rate.</param>
public sealed record CustomOptimizerSettings(string Name, double LearningRate) : OptimizerSettings(LearningRate)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Kind => $"custom '{Name}'";

    internal override void Validate(ValidationErrors errors, string player)
    {
        base.Validate(errors, player);
        errors.Require(!string.IsNullOrWhiteSpace(Name), $"The {player} custom optimizer has no name.");
    }

    internal override OptimizerHelper Create(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, OptimizerFactory> factories) =>
        factories[Name](parameters, this) ?? throw new InvalidOperationException($"The optimizer factory '{Name}' returned null.");
}
