using System.Text;
using GanKit.Imaging;
using GanKit.TensorBoard;
using GanKit.Tests.TestSupport;
using SkiaSharp;
using Tensorboard;
using static TorchSharp.torch;

namespace GanKit.Tests.TensorBoard;

public sealed class TensorBoardWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Crc32C_matches_the_standard_check_value_and_a_bitwise_reference()
    {
        MaskedCrc32C.Compute(Encoding.ASCII.GetBytes("123456789")).Should().Be(0xE3069283u);
        var random = new Random(3);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 63, 1000 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            MaskedCrc32C.Compute(data).Should().Be(EventFileReader.Crc32C(data), $"length {length}");
        }
    }

    [Fact]
    public void The_test_reader_reads_TorchSharps_own_event_files()
    {
        // Checks the reader (framing and checksums) against an independent writer before it judges GanKit's.
        var writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(_dir.Path);
        writer.add_scalar("a", 1.5f, 3);
        writer.add_scalar("a", -2.25f, 4);

        var events = EventFileReader.ReadSingle(_dir.Path);

        events[0].FileVersion.Should().Be("brain.Event:2");
        EventFileReader.Scalars(events).Should().Equal(("a", 3L, 1.5f), ("a", 4L, -2.25f));
    }

    [Fact]
    public void Scalars_are_read_back_with_their_tags_steps_and_values()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            writer.AddScalar("loss/g", 0.6931471805599453, 1);
            writer.AddScalar("loss/d", 1.25, 1);
            writer.AddScalar("loss/g", double.NaN, 2);
            writer.AddScalar("big", 1e10, 5_000_000_000L);
            path = writer.FilePath;
        }

        Path.GetFileName(path).Should().StartWith("events.out.tfevents.");
        var events = EventFileReader.Read(path);
        events[0].FileVersion.Should().Be("brain.Event:2");
        events.Should().OnlyContain(e => Math.Abs(e.WallTime - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 600, "wall time is in seconds since 1970");
        var scalars = EventFileReader.Scalars(events);
        scalars.Select(s => (s.Tag, s.Step)).Should().Equal(("loss/g", 1L), ("loss/d", 1L), ("loss/g", 2L), ("big", 5_000_000_000L));
        scalars[0].Value.Should().Be(0.6931472f);
        scalars[1].Value.Should().Be(1.25f);
        float.IsNaN(scalars[2].Value).Should().BeTrue();
        scalars[3].Value.Should().Be(1e10f);
    }

    [Fact]
    public void A_batch_is_written_as_one_PNG_grid_of_the_right_size_and_pixels()
    {
        using var writer = new TensorBoardWriter(_dir.Path);
        // Three 4×5 RGB images: red, green, blue, in [-1, 1].
        var batch = full(3, 3, 4, 5, -1f);
        for (int i = 0; i < 3; i++) batch[i, i] = 1f;
        writer.AddImage("samples", batch, 7, PixelRange.MinusOneToOne, new ImageGridOptions { Columns = 2, Padding = 1 });
        writer.AddImage("gray", ones(1, 6, 9) * 0.5f, 8);
        writer.Flush();

        var images = EventFileReader.Images(EventFileReader.Read(writer.FilePath));

        images.Select(i => (i.Tag, i.Step)).Should().Equal(("samples", 7L), ("gray", 8L));
        var grid = images[0].Image;
        // 2 columns × 2 rows of 5×4 cells with 1 px padding: 2·(5+1)+1 = 13 wide, 2·(4+1)+1 = 11 high.
        (grid.Width, grid.Height, grid.Colorspace).Should().Be((13, 11, 3));
        using var bitmap = SKBitmap.Decode(grid.EncodedImageString.ToByteArray());
        (bitmap.Width, bitmap.Height).Should().Be((13, 11));
        bitmap.GetPixel(1, 1).Should().Be(new SKColor(255, 0, 0));
        bitmap.GetPixel(7, 1).Should().Be(new SKColor(0, 255, 0));
        bitmap.GetPixel(1, 6).Should().Be(new SKColor(0, 0, 255));
        bitmap.GetPixel(0, 0).Should().Be(new SKColor(0, 0, 0), "padding takes the low end of the range");

        var gray = images[1].Image;
        (gray.Width, gray.Height, gray.Colorspace).Should().Be((9, 6, 1));
        using var grayBitmap = SKBitmap.Decode(gray.EncodedImageString.ToByteArray());
        (grayBitmap.Width, grayBitmap.Height).Should().Be((9, 6));
        grayBitmap.GetPixel(4, 3).Red.Should().Be(128);
    }

    [Fact]
    public void A_restart_marker_is_a_session_start_at_its_step()
    {
        using var writer = new TensorBoardWriter(_dir.Path);
        writer.AddRestart(501);
        writer.Flush();

        var marker = EventFileReader.Read(writer.FilePath)[1];

        marker.Step.Should().Be(501);
        marker.SessionLog.Status.Should().Be(SessionLog.Types.SessionStatus.Start);
    }

    [Fact]
    public void Two_writers_in_one_folder_get_separate_files_and_a_disposed_writer_refuses_events()
    {
        using var first = new TensorBoardWriter(_dir.Path);
        var second = new TensorBoardWriter(_dir.Path);
        second.Dispose();
        second.Dispose();

        first.FilePath.Should().NotBe(second.FilePath);
        FluentActions.Invoking(() => second.AddScalar("x", 1, 1)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => first.AddScalar(" ", 1, 1)).Should().Throw<ArgumentException>();
    }
}
