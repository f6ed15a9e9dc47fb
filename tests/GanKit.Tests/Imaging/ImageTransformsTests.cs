using GanKit.Imaging;
using static TorchSharp.torch;

namespace GanKit.Tests.Imaging;

public sealed class ImageTransformsTests
{
    [Fact]
    public void Resize_and_crop_give_the_requested_shapes()
    {
        using var img = rand(3, 40, 60);
        using var resized = ImageTransforms.Resize(img, 20, 25);
        using var shorter = ImageTransforms.ResizeShorterSide(img, 20);
        using var longer = ImageTransforms.ResizeLongerSide(img, 30);
        using var crop = ImageTransforms.CenterCrop(img, 10, 12);
        using var both = ImageTransforms.ResizeAndCenterCrop(img, 32, 32);
        using var batch = ImageTransforms.Resize(rand(2, 1, 8, 8), 16, 16);

        resized.shape.Should().Equal(3, 20, 25);
        shorter.shape.Should().Equal(3, 20, 30);
        longer.shape.Should().Equal(3, 20, 30);
        crop.shape.Should().Equal(3, 10, 12);
        both.shape.Should().Equal(3, 32, 32);
        batch.shape.Should().Equal(2, 1, 16, 16);
    }

    [Fact]
    public void Center_crop_takes_the_middle()
    {
        using var img = arange(25).to(ScalarType.Float32).view(1, 5, 5);
        using var crop = ImageTransforms.CenterCrop(img, 3, 3);
        crop.data<float>().ToArray().Should().Equal(6, 7, 8, 11, 12, 13, 16, 17, 18);
    }

    [Fact]
    public void Resizing_a_constant_image_keeps_its_value()
    {
        using var img = full(new long[] { 3, 17, 23 }, 0.25f);
        using var small = ImageTransforms.Resize(img, 5, 7);
        small.sub(0.25f).abs().max().item<float>().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Range_helpers_are_inverse()
    {
        using var img = rand(3, 4, 4);
        using var back = ImageTransforms.ToZeroToOne(ImageTransforms.ToMinusOneToOne(img));
        back.allclose(img, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Crop_larger_than_the_image_is_refused()
    {
        using var img = rand(3, 4, 4);
        FluentActions.Invoking(() => ImageTransforms.CenterCrop(img, 5, 4)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
