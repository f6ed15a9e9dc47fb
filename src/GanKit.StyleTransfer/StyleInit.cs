namespace GanKit.StyleTransfer;

/// <summary>Where the optimization starts (at the coarsest scale; finer scales start from the previous result).</summary>
public enum StyleInit
{
    /// <summary>The content image: keeps the content best for a given number of iterations (the default).</summary>
    Content,

    /// <summary>Uniform noise in [0, 1] from the configured seed, as in Gatys et al.: more varied, slower to converge.</summary>
    Noise,

    /// <summary>The (first) style image stretched to the content's size: strong style, the content emerges gradually.</summary>
    Style,
}
