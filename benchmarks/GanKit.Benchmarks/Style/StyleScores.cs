using TorchSharp;
using static TorchSharp.torch;

namespace GanKit.Benchmarks.Style;

/// <summary>The four scores of a stylized image.</summary>
internal sealed record StyleScore(double Structure, double Ssim, double Colour, double Texture);

/// <summary>
/// The neutral style-transfer scores of <c>style_scores.py</c>, reimplemented with the same definitions (no ResNet18
/// or VGG inside): structure = Pearson correlation of blurred (σ 1.5) Sobel gradient magnitudes of output vs content;
/// ssim = SSIM of grayscale output vs content (7×7 uniform window, sample covariance, data range 1); colour = sliced
/// Wasserstein distance of RGB pixels vs the style (128 directions, 20,000 pixels of each); texture = mean 1-D
/// Wasserstein distance (99 quantiles) of Gabor energies (σ 1.5, 3, 6 × 4 orientations) vs the style. Images are
/// compared at the output's size: the content resized to it, the style to the output's longer side (bicubic,
/// antialiased, 8-bit like PIL). Boundary handling is SciPy's 'reflect' (the edge pixel repeated).
/// </summary>
internal static class StyleScores
{
    private static readonly double[] GrayWeights = [0.299, 0.587, 0.114];

    /// <summary>Scores an output <c>[3,H,W]</c> in [0, 1] (quantized to 8 bits first, as a saved PNG) against content and style <c>[3,h,w]</c>.</summary>
    public static StyleScore Compute(Tensor content, Tensor style, Tensor output)
    {
        using var scope = NewDisposeScope();
        var o = Quantize(output.to(ScalarType.Float64));
        int h = (int)o.shape[1], w = (int)o.shape[2];
        var c = ResizeLikePil(content, h, w);
        var (sh, sw) = LongSide((int)style.shape[1], (int)style.shape[2], Math.Max(h, w));
        var s = ResizeLikePil(style, sh, sw);
        var go = Gray(o);
        var gc = Gray(c);
        var gs = Gray(s);
        double structure = Pearson(GradientMagnitude(go), GradientMagnitude(gc));
        double ssim = Ssim(go, gc);
        double colour = SlicedWasserstein(o, s);
        var eo = GaborEnergies(go);
        var es = GaborEnergies(gs);
        double texture = eo.Zip(es, (a, b) => QuantileDistance(a, b)).Average();
        return new StyleScore(structure, ssim, colour, texture);
    }

    private static (int Height, int Width) LongSide(int height, int width, int longSide)
    {
        double scale = (double)longSide / Math.Max(height, width);
        return (Math.Max(1, (int)Math.Round(height * scale, MidpointRounding.ToEven)), Math.Max(1, (int)Math.Round(width * scale, MidpointRounding.ToEven)));
    }

    private static Tensor Quantize(Tensor image) => (image.clamp(0, 1) * 255).round() / 255;

    private static Tensor ResizeLikePil(Tensor image, int height, int width)
    {
        var batch = image.to(ScalarType.Float32).unsqueeze(0);
        if (batch.shape[2] == height && batch.shape[3] == width) return Quantize(image.to(ScalarType.Float64));
        var resized = nn.functional.interpolate(batch, size: [height, width], mode: InterpolationMode.Bicubic, align_corners: false, antialias: true);
        return Quantize(resized.squeeze(0).to(ScalarType.Float64));
    }

    private static double[,] Gray(Tensor rgb)
    {
        var g = (rgb[0] * GrayWeights[0] + rgb[1] * GrayWeights[1] + rgb[2] * GrayWeights[2]).contiguous();
        int h = (int)g.shape[0], w = (int)g.shape[1];
        var data = g.data<double>().ToArray();
        var result = new double[h, w];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(double));
        return result;
    }

    /// <summary>SciPy's 'reflect' boundary: d c b a | a b c d | d c b a.</summary>
    private static int Reflect(int i, int n)
    {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    }

    /// <summary>Correlates every row (axis 1) or column (axis 0) with <paramref name="weights"/> centred on the middle tap.</summary>
    private static double[,] Correlate1D(double[,] input, double[] weights, int axis)
    {
        int h = input.GetLength(0), w = input.GetLength(1), r = weights.Length / 2;
        var output = new double[h, w];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            double sum = 0;
            for (int k = -r; k <= r; k++)
                sum += weights[k + r] * (axis == 0 ? input[Reflect(y + k, h), x] : input[y, Reflect(x + k, w)]);
            output[y, x] = sum;
        }

        return output;
    }

    private static double[,] GradientMagnitude(double[,] gray)
    {
        const double sigma = 1.5;
        int radius = (int)(4.0 * sigma + 0.5);
        var gauss = Enumerable.Range(-radius, 2 * radius + 1).Select(x => Math.Exp(-0.5 * x * x / (sigma * sigma))).ToArray();
        double total = gauss.Sum();
        gauss = gauss.Select(v => v / total).ToArray();
        var blurred = Correlate1D(Correlate1D(gray, gauss, 0), gauss, 1);
        double[] derivative = [-1, 0, 1], smooth = [1, 2, 1];
        var d0 = Correlate1D(Correlate1D(blurred, derivative, 0), smooth, 1);
        var d1 = Correlate1D(Correlate1D(blurred, derivative, 1), smooth, 0);
        int h = gray.GetLength(0), w = gray.GetLength(1);
        var magnitude = new double[h, w];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            magnitude[y, x] = Math.Sqrt(d0[y, x] * d0[y, x] + d1[y, x] * d1[y, x]);
        return magnitude;
    }

    private static double Pearson(double[,] a, double[,] b)
    {
        var x = a.Cast<double>().ToArray();
        var y = b.Cast<double>().ToArray();
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double Ssim(double[,] x, double[,] y)
    {
        const int window = 7;
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double covNorm = window * window / (window * window - 1.0);
        var box = Enumerable.Repeat(1.0 / window, window).ToArray();
        double[,] Filter(double[,] m) => Correlate1D(Correlate1D(m, box, 0), box, 1);
        int h = x.GetLength(0), w = x.GetLength(1);
        var xx = new double[h, w];
        var yy = new double[h, w];
        var xy = new double[h, w];
        for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
        {
            xx[i, j] = x[i, j] * x[i, j];
            yy[i, j] = y[i, j] * y[i, j];
            xy[i, j] = x[i, j] * y[i, j];
        }

        var ux = Filter(x);
        var uy = Filter(y);
        var uxx = Filter(xx);
        var uyy = Filter(yy);
        var uxy = Filter(xy);
        const int pad = (window - 1) / 2;
        double sum = 0;
        long count = 0;
        for (int i = pad; i < h - pad; i++)
        for (int j = pad; j < w - pad; j++)
        {
            double vx = covNorm * (uxx[i, j] - ux[i, j] * ux[i, j]);
            double vy = covNorm * (uyy[i, j] - uy[i, j] * uy[i, j]);
            double vxy = covNorm * (uxy[i, j] - ux[i, j] * uy[i, j]);
            double s = (2 * ux[i, j] * uy[i, j] + c1) * (2 * vxy + c2) / ((ux[i, j] * ux[i, j] + uy[i, j] * uy[i, j] + c1) * (vx + vy + c2));
            sum += s;
            count++;
        }

        return sum / count;
    }

    private static double SlicedWasserstein(Tensor output, Tensor style, int directions = 128, int samples = 20000, int seed = 0)
    {
        var random = new Random(seed);
        double[][] Pixels(Tensor image)
        {
            var flat = image.reshape(3, -1).t().contiguous();
            var data = flat.data<double>().ToArray();
            int n = (int)flat.shape[0];
            var chosen = Enumerable.Range(0, n).ToArray();
            random.Shuffle(chosen);
            return chosen.Take(Math.Min(samples, n)).Select(i => new[] { data[3 * i], data[3 * i + 1], data[3 * i + 2] }).ToArray();
        }

        var a = Pixels(output);
        var b = Pixels(style);
        int m = Math.Min(a.Length, b.Length);
        double total = 0;
        for (int d = 0; d < directions; d++)
        {
            var v = new double[3];
            for (int k = 0; k < 3; k++) v[k] = Gaussian(random);
            double norm = Math.Sqrt(v.Sum(t => t * t));
            var pa = a.Take(m).Select(p => (p[0] * v[0] + p[1] * v[1] + p[2] * v[2]) / norm).Order().ToArray();
            var pb = b.Take(m).Select(p => (p[0] * v[0] + p[1] * v[1] + p[2] * v[2]) / norm).Order().ToArray();
            double sum = 0;
            for (int i = 0; i < m; i++) sum += Math.Abs(pa[i] - pb[i]);
            total += sum / m;
        }

        return total / directions;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static List<double[]> GaborEnergies(double[,] gray)
    {
        int h = gray.GetLength(0), w = gray.GetLength(1);
        var flat = new double[h * w];
        Buffer.BlockCopy(gray, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = NewDisposeScope();
        var image = tensor(flat, [1, 1, h, w], dtype: ScalarType.Float64);
        var result = new List<double[]>();
        foreach (var (sigma, frequency) in new[] { (1.5, 0.25), (3.0, 0.125), (6.0, 0.0625) })
        {
            int half = (int)(3 * sigma), size = 2 * half + 1;
            var padded = SymmetricPad(image, half);
            for (int o = 0; o < 4; o++)
            {
                double theta = o * Math.PI / 4;
                var re = new double[size * size];
                var im = new double[size * size];
                double envelopeSum = 0;
                for (int y = -half; y <= half; y++)
                for (int x = -half; x <= half; x++)
                {
                    double rotated = x * Math.Cos(theta) + y * Math.Sin(theta);
                    double envelope = Math.Exp(-(x * x + y * y) / (2 * sigma * sigma));
                    envelopeSum += envelope;
                    // Correlation instead of SciPy's convolution: the flip negates only the odd (sine) part, so the magnitude is the same.
                    re[(y + half) * size + x + half] = envelope * Math.Cos(2 * Math.PI * frequency * rotated);
                    im[(y + half) * size + x + half] = envelope * Math.Sin(2 * Math.PI * frequency * rotated);
                }

                var kernel = tensor(re.Concat(im).ToArray(), [2, size, size], dtype: ScalarType.Float64);
                var response = ValidConvolution(padded[0, 0], kernel, h, w);
                var magnitude = (response[0].square() + response[1].square()).sqrt() / envelopeSum;
                result.Add(magnitude.contiguous().data<double>().ToArray());
            }
        }

        return result;
    }

    /// <summary>
    /// The valid part of the convolution of a padded image <c>[H+2r, W+2r]</c> with kernels <c>[K, 2r+1, 2r+1]</c>, by FFT:
    /// a direct convolution's im2col buffer for the 37 × 37 kernel of a 512 px image alone takes 2 GB. Convolution (not
    /// correlation) as in SciPy; either way the magnitude of the complex Gabor response is the same.
    /// </summary>
    private static Tensor ValidConvolution(Tensor padded, Tensor kernels, int height, int width)
    {
        long ph = padded.shape[0], pw = padded.shape[1], k = kernels.shape[1];
        var spectrum = fft.rfft2(padded);
        var kernelSpectrum = fft.rfft2(kernels, s: [ph, pw]);
        var full = fft.irfft2(spectrum.unsqueeze(0) * kernelSpectrum, s: [ph, pw]);
        // Circular convolution: outputs from index k−1 on use no wrapped pixels; they are the centred responses.
        return full.narrow(1, k - 1, height).narrow(2, k - 1, width);
    }

    private static Tensor SymmetricPad(Tensor image, int pad)
    {
        // SciPy's 'reflect' repeats the edge pixel: pad by flipping the first/last `pad` rows and columns (pad < size assumed).
        var rows = cat([image.narrow(2, 0, pad).flip(2), image, image.narrow(2, image.shape[2] - pad, pad).flip(2)], 2);
        return cat([rows.narrow(3, 0, pad).flip(3), rows, rows.narrow(3, rows.shape[3] - pad, pad).flip(3)], 3);
    }

    private static double QuantileDistance(double[] a, double[] b)
    {
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        double sum = 0;
        for (int i = 1; i <= 99; i++) sum += Math.Abs(Quantile(sa, i / 100.0) - Quantile(sb, i / 100.0));
        return sum / 99;
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
