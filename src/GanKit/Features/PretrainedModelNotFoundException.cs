namespace GanKit.Features;

/// <summary>
/// Thrown when a pretrained model file (e.g. the ResNet18 ONNX file) is not found in any of the places GanKit looks.
/// The message lists every place searched and how to make the file available; nothing is ever downloaded.
/// </summary>
public sealed class PretrainedModelNotFoundException : FeatureNetworkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="model">The model that was looked for, e.g. "ResNet18".</param>
    /// <param name="searched">Each place searched, with what was found there.</param>
    /// <param name="howToFix">What the user can do about it.</param>
    public PretrainedModelNotFoundException(string model, IReadOnlyList<string> searched, string howToFix)
        : base($"The {model} model file was not found. Searched:"
               + string.Concat(searched.Select(s => Environment.NewLine + " - " + s))
               + Environment.NewLine + howToFix)
    {
        Model = model;
        SearchedLocations = searched;
    }

    /// <summary>The model that was looked for.</summary>
    public string Model { get; }

    /// <summary>Every place that was searched, in order.</summary>
    public IReadOnlyList<string> SearchedLocations { get; }
}
