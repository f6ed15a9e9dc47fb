using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using GanKit.Imaging;
using Tensorboard;
using static TorchSharp.torch;

namespace GanKit.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (<c>events.out.tfevents.*</c>) into a log folder: scalars and images, each at a step.
/// Point <c>tensorboard --logdir</c> at the folder (or its parent, to compare runs).
/// </summary>
/// <remarks>
/// TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c> (0.107) reopens the file for every event, takes an
/// <see cref="int"/> step, cannot be flushed or closed, and stamps its first event in .NET ticks where TensorBoard
/// expects seconds. This writer keeps one file open, uses TorchSharp's generated <c>Tensorboard.Event</c> messages,
/// frames them as TFRecords (length, masked CRC-32C, payload, masked CRC-32C) and encodes images with GanKit's PNG
/// writer (so batches in [-1, 1] become grids the same way as <see cref="ImageWriter.SaveGrid"/>).
/// Events are buffered; <see cref="Flush"/> makes them visible to a running TensorBoard, <see cref="Dispose"/> flushes
/// and closes. The methods may be called from any thread.
/// </remarks>
public sealed class TensorBoardWriter : IDisposable
{
    private static int _files;
    private readonly object _gate = new();
    private readonly FileStream _stream;
    private bool _disposed;

    /// <summary>Creates the folder if needed and starts a new event file in it (existing files are left alone).</summary>
    /// <param name="directory">The log folder of the run.</param>
    /// <exception cref="ArgumentException">The folder name is empty.</exception>
    public TensorBoardWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        // TensorBoard reads the files of a folder in name order, so the name starts with the time; the process id and a
        // counter keep two writers of one second apart.
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var name = $"events.out.tfevents.{stamp}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _files)}";
            try
            {
                _stream = new FileStream(Path.Combine(Directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                FilePath = _stream.Name;
                break;
            }
            catch (IOException) when (File.Exists(Path.Combine(Directory, name)))
            {
                // Another writer (another process with a recycled id) took the name; try the next counter.
            }
        }

        Write(new Event { WallTime = Now(), FileVersion = "brain.Event:2" });
        Flush();
    }

    /// <summary>The log folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The event file being written (full path).</summary>
    public string FilePath { get; }

    /// <summary>Adds a scalar; TensorBoard stores it as a 32-bit float (NaN and infinities are kept).</summary>
    /// <param name="tag">The series name, e.g. "loss/generator"; slashes group series in TensorBoard.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step on the x axis.</param>
    public void AddScalar(string tag, double value, long step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = (float)value });
        Write(new Event { WallTime = Now(), Step = step, Summary = summary });
    }

    /// <summary>Adds an image: one <c>[C,H,W]</c> (C = 1, 3 or 4), or a batch <c>[N,C,H,W]</c> laid out as a grid.</summary>
    /// <param name="tag">The image series name.</param>
    /// <param name="image">The image or batch (any device, floating point).</param>
    /// <param name="step">The step (TensorBoard shows a slider over the steps of a tag).</param>
    /// <param name="range">The value range of <paramref name="image"/>; values outside are clipped.</param>
    /// <param name="grid">Columns and padding when <paramref name="image"/> is a batch; its range is taken from <paramref name="range"/>.</param>
    /// <exception cref="ArgumentException">The tensor is not an image or holds NaN or infinity.</exception>
    public void AddImage(string tag, Tensor image, long step, PixelRange range = PixelRange.ZeroToOne, ImageGridOptions? grid = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var single = image.dim() == 4 ? ImageGrid.Compose(image, (grid ?? new ImageGridOptions()) with { Range = range }) : image;
        var png = ImageWriter.EncodePng(single, range);
        AddPng(tag, png, (int)single.shape[2], (int)single.shape[1], (int)single.shape[0], step);
    }

    /// <summary>Adds an already encoded PNG (or JPEG/GIF) image.</summary>
    /// <param name="tag">The image series name.</param>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="width">Its width in pixels.</param>
    /// <param name="height">Its height in pixels.</param>
    /// <param name="channels">1 (gray), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="step">The step.</param>
    public void AddPng(string tag, byte[] encoded, int width, int height, int channels, long step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentNullException.ThrowIfNull(encoded);
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"An image needs a positive size; got {width}×{height}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1, 3 or 4.");
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value
        {
            Tag = tag,
            Image = new Summary.Types.Image { Width = width, Height = height, Colorspace = channels, EncodedImageString = ByteString.CopyFrom(encoded) },
        });
        Write(new Event { WallTime = Now(), Step = step, Summary = summary });
    }

    /// <summary>
    /// Marks that a run (re)starts at <paramref name="step"/>. TensorBoard then discards the events of earlier files at this
    /// step or later, e.g. those a crashed run wrote after the checkpoint that training resumed from.
    /// </summary>
    /// <param name="step">The first step the restarted run will write.</param>
    public void AddRestart(long step) =>
        Write(new Event { WallTime = Now(), Step = step, SessionLog = new SessionLog { Status = SessionLog.Types.SessionStatus.Start } });

    /// <summary>Writes the buffered events to the file, so a running TensorBoard sees them.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Flush();
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
        }
    }

    private void Write(Event message)
    {
        var payload = message.ToByteArray();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C.Masked(payload));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Write(header);
            _stream.Write(payload);
            _stream.Write(footer);
        }
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
