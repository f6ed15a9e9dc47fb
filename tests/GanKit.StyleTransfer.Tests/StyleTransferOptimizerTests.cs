using GanKit.Features;
using GanKit.Imaging;
using GanKit.Runtime;
using GanKit.StyleTransfer.Colors;
using GanKit.StyleTransfer.Pipeline;
using GanKit.StyleTransfer.Scaling;
using GanKit.StyleTransfer.Tests.TestSupport;
using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Tests;

public sealed class StyleTransferOptimizerTests
{
    [Theory]
    [InlineData("lbfgs")]
    [InlineData("adam")]
    public async Task Total_loss_falls_substantially_in_a_few_iterations(string optimizer)
    {
        using var content = TestImages.Content(40);
        using var style = TestImages.Stripes(40);
        using var stylizer = Stylizers.Tiny()
            .WithOptimizer(optimizer == "lbfgs" ? ImageMinimizers.Lbfgs(iterations: 15) : ImageMinimizers.Adam(learningRate: 0.03, steps: 40))
            .Build();

        using var result = await stylizer.StylizeAsync(content, style);

        var first = result.History[0].Losses.Total;
        var last = result.History[^1].Losses.Total;
        // last / first over tiny-network seeds 1–10 × torch threads 1/2 × ATen kernels avx2/default (and MKL/oneDNN
        // compatibility kernels), 60 runs each: L-BFGS min 0.209, median 0.369, max 0.667; Adam min 0.201, median 0.359,
        // max 0.612 (this test's seed 7: 0.383 / 0.358). The spread comes from the random network, not the CPU (kernels
        // and threads move the ratio by < 0.002), so the bound sits above the worst network with margin.
        last.Should().BeLessThan(first * 0.8, $"{optimizer} should cut the loss by more than a fifth");
        result.Image.shape.Should().Equal(3, 40, 40);
        result.Image.min().item<float>().Should().BeGreaterThanOrEqualTo(0);
        result.Image.max().item<float>().Should().BeLessThanOrEqualTo(1);
        result.StoppedEarly.Should().BeFalse();
        // One evaluation at the start, then Adam evaluates once per step and L-BFGS once per line-search trial.
        var lineSearchLimit = new LbfgsMinimizerSettings().MaxLineSearchEvaluations;
        if (optimizer == "adam") result.FunctionEvaluations.Should().Be(1 + 40);
        else result.FunctionEvaluations.Should().BeInRange(1 + 15, 1 + 15 * lineSearchLimit);
        result.Iterations.Should().Be(optimizer == "adam" ? 40 : 15);
    }

    [Fact]
    public void Gradients_reach_the_image_and_leave_network_weights_untouched()
    {
        using var network = new TinyFeatureNetwork();
        var before = network.Weights.Select(w => w.clone().DetachFromDisposeScope()).ToArray();
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        using var stylizer = Stylizers.Tiny(network).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 3)).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        (result.Image - content).abs().max().item<float>().Should().BeGreaterThan(0.01f, "the image was optimized");
        for (int i = 0; i < before.Length; i++)
        {
            network.Weights[i].requires_grad.Should().BeFalse();
            network.Weights[i].grad.Should().BeNull();
            Same(network.Weights[i], before[i]).Should().BeTrue();
            before[i].Dispose();
        }
    }

    [Fact]
    public void Luminance_preservation_keeps_the_content_chroma()
    {
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        using var plain = Stylizers.Tiny().Build();
        using var keeping = Stylizers.Tiny().PreserveColors(ColorPreservation.Luminance).Build();

        using var free = plain.Stylize(content, [(style, 1.0)]);
        using var kept = keeping.Stylize(content, [(style, 1.0)]);

        double ChromaError(Tensor image) =>
            (YiqColorSpace.FromRgb(image).narrow(0, 1, 2) - YiqColorSpace.FromRgb(content).narrow(0, 1, 2)).abs().mean().item<float>();
        // Over tiny-network seeds 1–10 × threads 1/2 × kernels avx2/default/compatibility (60 runs): kept chroma error
        // max 0.0023, free / kept min 48, luminance change min 0.057; every bound below has a margin of 4× or more.
        ChromaError(kept.Image).Should().BeLessThan(0.01, "only the luminance was stylized");
        ChromaError(free.Image).Should().BeGreaterThan(3 * ChromaError(kept.Image));
        // The luminance itself did change.
        (YiqColorSpace.Luminance(kept.Image) - YiqColorSpace.Luminance(content)).abs().mean().item<float>().Should().BeGreaterThan(0.01f);
    }

    [Fact]
    public void Histogram_matching_moves_the_result_colours_toward_the_content()
    {
        using var content = TestImages.Content(32);
        using var style = TestImages.Checks(32);
        using var plain = Stylizers.Tiny().Build();
        using var matching = Stylizers.Tiny().PreserveColors(ColorPreservation.HistogramMatch).Build();

        using var free = plain.Stylize(content, [(style, 1.0)]);
        using var matched = matching.Stylize(content, [(style, 1.0)]);

        double MeanColourDistance(Tensor image) => (image.mean([1, 2]) - content.mean([1, 2])).norm().item<float>();
        // The style's mean colour is 0.66 from the content's. Over tiny-network seeds 1–10 (2 threads, avx2) the matched
        // result stayed within 0.016–0.050 of the content's; threads 1/2 × kernels avx2/default/compatibility changed the
        // matched / free ratio of each seed by < 0.002 (60 runs). The free
        // result's distance is no yardstick: with some networks (seeds 4, 10) stylization barely shifts the mean colour
        // (0.05–0.06), so "matched < half of free" failed there.
        MeanColourDistance(style).Should().BeGreaterThan(0.5);
        MeanColourDistance(matched.Image).Should().BeLessThan(0.1);
    }

    [Fact]
    public void Style_weights_blend_and_a_zero_weight_equals_the_single_style()
    {
        using var content = TestImages.Content(32);
        using var stripes = TestImages.Stripes(32);
        using var checks = TestImages.Checks(32);
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 4)).Build();

        using var single = stylizer.Stylize(content, [(stripes, 1.0)]);
        using var weighted = stylizer.Stylize(content, [(stripes, 1.0), (checks, 0.0)]);
        using var blended = stylizer.Stylize(content, [(stripes, 0.5), (checks, 0.5)]);

        Same(weighted.Image, single.Image).Should().BeTrue();
        (blended.Image - single.Image).abs().max().item<float>().Should().BeGreaterThan(0.01f);
    }

    /// <summary>
    /// Cancellation, judged by what the run does rather than by wall time (which a loaded machine stretches): once the token
    /// has fired no further objective evaluation starts (the objective checks the token before each one, and before the
    /// backward pass of one in flight), the result says it was cancelled, and its image is the best iterate: its loss,
    /// recomputed here, is the lowest in the history. The token fires either between iterations (from the progress report)
    /// or inside a forward pass in the middle of a line search (as a token from another thread may).
    /// </summary>
    [Theory]
    [InlineData("between iterations")]
    [InlineData("during an evaluation")]
    public async Task A_stop_request_stops_evaluating_and_returns_the_best_image_so_far(string when)
    {
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64);
        using var network = new CountingFeatureNetwork(new TinyFeatureNetwork(width: 16));
        using var stylizer = Stylizers.Tiny(network.Inner).WithFeatureNetwork(network, ownsNetwork: false).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 100_000)).Build();
        using var stop = new StopSource();
        int? callsWhenCancelled = null;
        void Cancel()
        {
            if (callsWhenCancelled is not null) return;
            callsWhenCancelled = network.Calls;
            stop.RequestStop();
        }

        // Extract calls 1–2 compute the content and style targets; every later one is an objective evaluation. "During an
        // evaluation" fires inside the first trial step of iteration 2's line search, however many evaluations iteration 1
        // took (that count depends on the CPU's floating point).
        int? callsAfterIteration1 = null;
        if (when == "during an evaluation") network.AfterForward = calls => { if (calls == callsAfterIteration1 + 1) Cancel(); };
        var progress = new SynchronousProgress<StyleTransferProgress>(p =>
        {
            if (p.Iteration == 1) callsAfterIteration1 = network.Calls;
            if (when == "between iterations" && p.Iteration == 3) Cancel();
        });

        using var result = await stylizer.StylizeAsync(content, style, progress, stop: stop);

        callsWhenCancelled.Should().NotBeNull("the token fired during the run");
        (network.Calls - callsWhenCancelled!.Value).Should().Be(0, "no objective evaluation starts after the token fired");
        result.StoppedEarly.Should().BeTrue();
        if (when == "between iterations") result.Iterations.Should().Be(3, "the token fired right after iteration 3");
        else (callsWhenCancelled.Value - 2).Should().BeGreaterThan(result.History[^1].FunctionEvaluations, "the token fired inside an unfinished line search");
        result.History.Should().HaveCount(result.Iterations + 1, "iteration 0 and every completed iteration");
        result.Image.shape.Should().Equal(3, 64, 64);

        var best = result.History.Min(h => h.Losses.Total);
        best.Should().BeLessThan(result.History[0].Losses.Total, "the completed iterations lowered the loss");
        var loss = LossAt(stylizer, network, content, style, result.Image);
        loss.Should().BeApproximately(best, 1e-6 * best, "the returned image is the best iterate");
    }

    [Fact]
    public async Task Cancellation_abandons_the_run_with_OperationCanceledException_and_no_further_evaluation()
    {
        using var content = TestImages.Content(64);
        using var style = TestImages.Stripes(64);
        using var network = new CountingFeatureNetwork(new TinyFeatureNetwork(width: 16));
        using var stylizer = Stylizers.Tiny(network.Inner).WithFeatureNetwork(network, ownsNetwork: false).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 100_000)).Build();
        using var cts = new CancellationTokenSource();
        int? callsWhenCancelled = null;
        var progress = new SynchronousProgress<StyleTransferProgress>(p =>
        {
            if (p.Iteration != 2 || callsWhenCancelled is not null) return;
            callsWhenCancelled = network.Calls;
            cts.Cancel();
        });

        var run = () => stylizer.StylizeAsync(content, style, progress, cts.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        callsWhenCancelled.Should().NotBeNull();
        network.Calls.Should().Be(callsWhenCancelled!.Value, "no objective evaluation starts after the token fired");
    }

    /// <summary>The run's objective (one scale at the content's size) evaluated at <paramref name="image"/>, as the pipeline builds it.</summary>
    private static double LossAt(StyleTransferOptimizer stylizer, IFeatureNetwork network, Tensor content, Tensor style, Tensor image)
    {
        using var scope = NewDisposeScope();
        var plan = TapPlan.Resolve(network, stylizer.Options, null!); // no error collector: the stylizer's taps were already validated
        plan.ContentTaps.Should().Equal(stylizer.ContentTaps);
        plan.StyleTaps.Should().Equal(stylizer.StyleTaps);
        var (height, width) = ((int)content.shape[1], (int)content.shape[2]);
        var styleSize = ScaleSchedule.StyleSize((int)style.shape[1], (int)style.shape[2], (height, width), stylizer.Options.StyleScale);
        var scaleContent = ImageTransforms.Resize(InputImages.PrepareRgb(content, "content"), height, width).unsqueeze(0);
        var scaleStyle = ImageTransforms.Resize(InputImages.PrepareRgb(style, "style"), styleSize.Height, styleSize.Width).unsqueeze(0);
        using var objective = new ScaleObjective(network, plan, stylizer.Options, new OptimizationSpace(false), scaleContent,
            [(scaleStyle, 1.0)], CancellationToken.None);
        return objective.Evaluate(image.unsqueeze(0)).Value;
    }

    /// <summary>Counts forward passes and runs a callback after each one, inside the run.</summary>
    private sealed class CountingFeatureNetwork(TinyFeatureNetwork inner) : IFeatureNetwork
    {
        public TinyFeatureNetwork Inner => inner;
        public int Calls { get; private set; }
        public Action<int>? AfterForward { get; set; }
        public string Name => inner.Name;
        public IReadOnlyList<string> Taps => inner.Taps;
        public IReadOnlyList<string> DefaultContentTaps => inner.DefaultContentTaps;
        public IReadOnlyList<string> DefaultStyleTaps => inner.DefaultStyleTaps;
        public int PooledFeatureSize => inner.PooledFeatureSize;
        public Device Device => inner.Device;

        public IReadOnlyDictionary<string, Tensor> Extract(Tensor images, IReadOnlyCollection<string> taps)
        {
            var features = inner.Extract(images, taps);
            AfterForward?.Invoke(++Calls);
            return features;
        }

        public Tensor ExtractPooled(Tensor images) => inner.ExtractPooled(images);

        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void The_same_seed_gives_the_same_image_and_another_seed_a_different_one()
    {
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        StyleTransferResult Run(long seed)
        {
            using var stylizer = Stylizers.Tiny().InitializeFrom(StyleInit.Noise).WithSeed(seed).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 5)).Build();
            return stylizer.Stylize(content, [(style, 1.0)]);
        }

        using var a = Run(1);
        using var b = Run(1);
        using var c = Run(2);

        Same(a.Image, b.Image).Should().BeTrue();
        a.History.Select(h => h.Losses).Should().Equal(b.History.Select(h => h.Losses));
        (a.Image - c.Image).abs().max().item<float>().Should().BeGreaterThan(0.01f);
    }

    [Fact]
    public void Coarse_to_fine_runs_every_scale_and_reports_progress_for_each_iteration()
    {
        using var content = TestImages.Content(80);
        using var style = TestImages.Stripes(64);
        using var stylizer = Stylizers.Tiny().WithScales(2).WithOptimizer(ImageMinimizers.Lbfgs(iterations: 3)).WithMaxSize(64).WithScaleSchedule(0).Build();
        var reports = new List<StyleTransferProgress>();

        using var result = stylizer.Stylize(content, [(style, 1.0)], new SynchronousProgress<StyleTransferProgress>(reports.Add));

        result.Scales.Select(s => (s.Width, s.Height)).Should().Equal((32, 32), (64, 64));
        result.Image.shape.Should().Equal(new long[] { 3, 64, 64 }, "the 80 px content is shrunk to the 64 px maximum");
        reports.Select(r => (r.Scale, r.Iteration)).Should().Equal((1, 0), (1, 1), (1, 2), (1, 3), (2, 0), (2, 1), (2, 2), (2, 3));
        reports.Should().OnlyContain(r => r.ScaleCount == 2 && r.Iterations == 3);
        result.History.Should().HaveCount(8);
        result.FunctionEvaluations.Should().Be(reports[^1].FunctionEvaluations);
    }

    [Fact]
    public void Grayscale_inputs_give_a_three_channel_gray_result()
    {
        using var content = YiqColorSpace.Luminance(TestImages.Content(32));
        using var style = YiqColorSpace.Luminance(TestImages.Stripes(32));
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 3)).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        result.Image.shape.Should().Equal(3, 32, 32);
    }

    [Fact]
    public void Init_from_style_starts_at_the_style_image()
    {
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        using var stylizer = Stylizers.Tiny().InitializeFrom(StyleInit.Style).WithWeights(content: 0, style: 1, totalVariation: 0).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        result.History[0].Losses.Style.Should().BeLessThan(1e-3, "the style image matches its own Grams");
    }

    [Fact]
    public async Task Unreadable_files_give_the_imaging_exception()
    {
        using var dir = new TempDirectory();
        var good = dir.File("good.png");
        TestImages.Stripes(32).SavePng(good);
        var empty = dir.File("empty.png");
        File.WriteAllBytes(empty, []);
        var corrupt = dir.File("corrupt.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        using var stylizer = Stylizers.Tiny().Build();

        foreach (var bad in new[] { dir.File("missing.png"), empty, corrupt })
        {
            var act = () => stylizer.StylizeAsync(bad, good);
            (await act.Should().ThrowAsync<InvalidImageException>()).Which.Path.Should().Be(bad);
        }

        using var tight = Stylizers.Tiny().WithImageLoadOptions(new ImageLoadOptions { MaxPixels = 100 }).Build();
        await ((Func<Task>)(() => tight.StylizeAsync(good, good))).Should().ThrowAsync<InvalidImageException>().WithMessage("*pixel limit*");
    }

    [Fact]
    public async Task File_overloads_stylize_images_read_from_disk()
    {
        using var dir = new TempDirectory();
        var contentPath = dir.File("content.png");
        var stylePath = dir.File("style.png");
        TestImages.Content(32).SavePng(contentPath);
        TestImages.Stripes(32).SavePng(stylePath);
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 2)).Build();

        using var result = await stylizer.StylizeAsync(contentPath, [(stylePath, 1.0)]);

        result.Image.shape.Should().Equal(3, 32, 32);
    }

    [Fact]
    public void Bad_tensors_are_refused_with_clear_messages()
    {
        using var stylizer = Stylizers.Tiny().Build();
        using var good = TestImages.Content(32);
        using var twoChannels = zeros(2, 32, 32);
        using var outOfRange = TestImages.Content(32) * 2 - 1;
        using var tiny = zeros(3, 4, 4);

        stylizer.Invoking(s => s.Stylize(twoChannels, [(good, 1.0)])).Should().Throw<ArgumentException>().WithMessage("*[3,H,W]*");
        stylizer.Invoking(s => s.Stylize(good, [(outOfRange, 1.0)])).Should().Throw<ArgumentException>().WithMessage("*[0, 1]*");
        stylizer.Invoking(s => s.Stylize(tiny, [(good, 1.0)])).Should().Throw<ArgumentException>().WithMessage("*at least 16*");
        stylizer.Invoking(s => s.Stylize(good, [(good, -1.0)])).Should().Throw<ArgumentException>().WithMessage("*weight*");
        stylizer.Invoking(s => s.Stylize(good, Array.Empty<(Tensor, double)>())).Should().Throw<ArgumentException>();
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so tests see every report before the run returns.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

public sealed class StyleTransferLoggingTests
{
    [Fact]
    public void A_run_logs_its_start_scales_iterations_and_end()
    {
        var logs = new ListLoggerFactory();
        using var content = TestImages.Content(32);
        using var style = TestImages.Stripes(32);
        using var stylizer = Stylizers.Tiny().WithOptimizer(ImageMinimizers.Lbfgs(iterations: 2)).WithLogging(logs).Build();

        using var result = stylizer.Stylize(content, [(style, 1.0)]);

        var ids = logs.Entries.Select(e => e.Id.Id).ToArray();
        ids.Should().Contain([4001, 4002, 4003, 4004, 4005]);
        logs.Entries.Should().Contain(e => e.Id.Id == 4001 && e.Message.Contains("tiny") && e.Message.Contains("L-BFGS"));
        ids.Count(i => i == 4003).Should().Be(3, "iteration 0 and two iterations");
    }
}
