using GanKit.IO;

namespace GanKit.Tests.IO;

public sealed class TensorShapesTests
{
    [Theory]
    [InlineData(new long[0], 1L)]
    [InlineData(new[] { 3L, 4 }, 12L)]
    [InlineData(new[] { 0L, 5 }, 0L)]
    [InlineData(new[] { 2147483591L }, 2147483591L)] // Array.MaxLength
    [InlineData(new[] { 0L, 1L << 20, 1L << 10 }, 0L)]
    public void Acceptable_shapes_give_their_element_count(long[] dims, long expected)
    {
        TensorShapes.TryCountElements(dims, out var count, out var problem).Should().BeTrue(problem);
        count.Should().Be(expected);
    }

    [Theory]
    [InlineData(new[] { 1L << 32, 1L << 32 }, "more than")]      // wraps to 0 unchecked
    [InlineData(new[] { 1L << 62, 4L }, "more than")]
    [InlineData(new[] { 2147483592L }, "more than")]
    [InlineData(new[] { 0L, 1L << 40, 1L << 40 }, "more than")]  // count 0, but libtorch's strides would overflow
    [InlineData(new[] { -1L, -4L }, "negative")]                 // 4 unchecked
    [InlineData(new[] { 3L, -1L }, "negative")]
    public void Negative_or_overflowing_shapes_are_refused(long[] dims, string why)
    {
        TensorShapes.TryCountElements(dims, out _, out var problem).Should().BeFalse();
        problem.Should().Contain(why);
    }
}
