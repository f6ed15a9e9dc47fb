using System.Buffers.Binary;
using GanKit.Fuzzing;
using GanKit.IO;
using GanKit.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.Tests.IO;

/// <summary>
/// <see cref="NpyFile.Read"/>'s contract on damaged files: only <see cref="NpyFormatException"/>, and never more memory than
/// the header's (checked) claim. Each case below escaped as another exception, or read the whole file, before the fix.
/// </summary>
public sealed class NpyFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(byte[] bytes)
    {
        var path = _temp.File(Guid.NewGuid().ToString("N") + ".npy");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("<f4", "(3, 4)", 1, 12)]
    [InlineData("<f8", "(5,)", 1, 5)]
    [InlineData("<f4", "()", 2, 1)]
    [InlineData("<f8", "(0, 3)", 3, 0)]
    public void Valid_files_of_every_version_are_read_with_their_values(string descr, string shape, int version, int count)
    {
        int size = descr == "<f4" ? 4 : 8;
        using var array = NpyFile.Read(Write(NpyFuzzTarget.Build(descr, shape, version, NpyFuzzTarget.Floats(count, size))));

        array.dtype.Should().Be(size == 4 ? ScalarType.Float32 : ScalarType.Float64);
        array.numel().Should().Be(count);
        var expected = Enumerable.Range(0, count).Select(i => size == 4 ? i * 0.5 - 1 : i * 0.25 - 1).ToArray();
        array.to(ScalarType.Float64).flatten().data<double>().ToArray().Should().Equal(expected);
    }

    [Theory]
    [InlineData("(3L, 4)")]                   // Python 2 long literal: long.Parse threw FormatException
    [InlineData("(junk,)")]                   // FormatException
    [InlineData("(+3, 4)")]                   // a sign is not NumPy's output
    [InlineData("(99999999999999999999,)")]   // OverflowException
    [InlineData("(3 4,)")]
    public void An_unreadable_shape_entry_is_a_format_error(string shape)
    {
        var path = Write(NpyFuzzTarget.Build("<f4", shape, 1, NpyFuzzTarget.Floats(12, 4)));

        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*shape entry*");
    }

    [Fact]
    public void A_version_2_header_length_beyond_int_max_is_a_format_error()
    {
        var bytes = NpyFuzzTarget.Build("<f4", "(2,)", 2, NpyFuzzTarget.Floats(2, 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue); // checked((int)…) threw OverflowException
        var path = Write(bytes);

        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*truncated inside its header*");
    }

    [Fact]
    public void A_shape_whose_element_count_overflows_to_zero_is_refused()
    {
        // 2^32 × 2^32 wrapped to 0, which matched the empty data, and tensor(…) then failed natively.
        var path = Write(NpyFuzzTarget.Build("<f4", "(4294967296, 4294967296)", 1, []));

        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*values one tensor can hold*");
    }

    [Theory]
    [InlineData("(-1, -4)", 4)]  // (-1) × (-4) = 4 matched 4 values, and tensor(…) then failed natively
    [InlineData("(-2,)", 0)]
    public void A_negative_dimension_is_refused(string shape, int values)
    {
        var path = Write(NpyFuzzTarget.Build("<f4", shape, 1, NpyFuzzTarget.Floats(values, 4)));

        // Refused where it is parsed (a sign is not a plain integer); TensorShapes would refuse it next.
        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*expected non-negative integers*");
    }

    [Fact]
    public void A_file_longer_than_its_header_claims_is_refused_without_reading_it()
    {
        // 2 floats claimed, 32 MiB present: File.ReadAllBytes read all of it before comparing.
        var bytes = NpyFuzzTarget.Build("<f4", "(2,)", 1, new byte[32 << 20]);
        var path = Write(bytes);
        _ = NpyFile.Read(Write(NpyFuzzTarget.Build("<f4", "(1,)", 1, NpyFuzzTarget.Floats(1, 4)))); // load libtorch first

        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*should hold 8 data bytes*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void A_file_shorter_than_its_header_claims_is_refused_before_allocating_the_claim()
    {
        // 2^28 doubles (2 GiB) claimed, 16 bytes present.
        var path = Write(NpyFuzzTarget.Build("<f8", "(268435456,)", 1, NpyFuzzTarget.Floats(2, 8)));

        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => NpyFile.Read(path)).Should().Throw<NpyFormatException>().WithMessage("*should hold 2,147,483,648 data bytes*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void What_Write_writes_Read_reads()
    {
        using var original = arange(24, dtype: ScalarType.Float32).reshape(2, 3, 4) / 7;
        var path = _temp.File("round.npy");
        NpyFile.Write(path, original);

        using var back = NpyFile.Read(path);

        back.shape.Should().Equal(2, 3, 4);
        back.data<float>().ToArray().Should().Equal(original.data<float>().ToArray());
    }
}
