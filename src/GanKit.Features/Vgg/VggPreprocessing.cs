namespace GanKit.Features;

/// <summary>How a VGG network turns RGB images in [0, 1] into its input; it must match how its weights were trained.</summary>
public enum VggPreprocessing
{
    /// <summary>torchvision's: RGB in [0, 1], minus the ImageNet mean (0.485, 0.456, 0.406), divided by the std (0.229, 0.224, 0.225). For torchvision's own weights.</summary>
    Torchvision,

    /// <summary>Caffe's: BGR in [0, 255] minus the mean (103.939, 116.779, 123.68), no std. For weights converted from the original Caffe VGG models.</summary>
    Caffe,
}
