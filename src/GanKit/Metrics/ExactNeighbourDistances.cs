using static TorchSharp.torch;

namespace GanKit.Metrics;

/// <summary>
/// k-NN radii and ball memberships of one point set, decided exactly as the float64 distance computed directly,
/// fl(√Σ(aᵢ − bᵢ)²) with one fixed summation order per pair (<see cref="DirectSquared"/>), decides them — but at the speed
/// of a matrix product. Every distance is first estimated as ‖a‖² + ‖b‖² − 2a·b (float64 GEMM) with the error bound
/// δ = 16 (D + 4) u (max‖a‖ + ‖b‖)², u = 2⁻⁵³ (the max over a chunk of query rows), which covers the rounding of both the estimate and the direct computation
/// (|error of a D-term float sum| ≤ D u Σ|terms|, plus a few roundings). A pair whose estimate is farther than δ (and a
/// relative 8u, so that the square roots cannot round to equal values) from a ball's squared radius is decided by the
/// estimate; only the rest — in practice true ties and copies — is computed directly. Radii are the (k+1)-th smallest
/// direct squared distance of a row (its own 0 included) among its k + 1 + <see cref="Spare"/> nearest estimates; if the
/// bound cannot prove that no other row is nearer, the whole row is computed directly.
/// </summary>
internal sealed class ExactNeighbourDistances(Tensor points)
{
    /// <summary>Candidates beyond k + 1 whose distances are computed directly when finding a radius.</summary>
    private const int Spare = 16;

    private static readonly double Unit = Math.ScaleB(1.0, -53);

    private readonly Tensor _points = points;
    private readonly Tensor _norms = points.square().sum(1).sqrt();
    private readonly Tensor _squaredNorms = points.square().sum(1);
    private readonly double _slack = 16 * (points.shape[1] + 4) * Math.ScaleB(1.0, -53);

    /// <summary>The squared distance of paired rows <c>[P,D]</c>, <c>[P,D]</c> → <c>[P]</c>, summed in one fixed order per pair.</summary>
    internal static Tensor DirectSquared(Tensor a, Tensor b) => (a - b).square().sum(1);

    /// <summary>Each point's squared distance to its k-th nearest other point (duplicates count, at 0) <c>[N]</c>.</summary>
    public Tensor KthNeighbourSquaredDistances(int k, int chunkSize)
    {
        long n = _points.shape[0];
        int candidates = (int)Math.Min(n, k + 1 + Spare);
        var radii = new List<Tensor>();
        NearestNeighbourMetrics.ForEachChunk(_points, chunkSize, (chunk, start) =>
        {
            long c = chunk.shape[0];
            var (estimate, bound) = Estimate(chunk, _norms.narrow(0, start, c), _squaredNorms.narrow(0, start, c));
            var nearest = estimate.topk(candidates, dim: 1, largest: false, sorted: false).indexes; // [c, L]
            var rows = arange(start, start + c, ScalarType.Int64).unsqueeze(1).expand(c, candidates).reshape(-1);
            var direct = DirectSquared(_points.index_select(0, rows), _points.index_select(0, nearest.reshape(-1))).view(c, candidates);
            var radius = direct.sort(1).Values.select(1, k); // the (k+1)-th smallest, the row's own 0 included
            // Every other row's true squared distance is at least its estimate − δ: if that exceeds the radius, it cannot be nearer.
            var lower = estimate.sub_(bound).scatter_(1, nearest, full_like(nearest, double.PositiveInfinity, ScalarType.Float64));
            var unproven = lower.min(1).values.lt(radius).nonzero().squeeze(1);
            if (unproven.numel() > 0)
            {
                foreach (long r in unproven.data<long>().ToArray())
                {
                    var row = _points[start + r].unsqueeze(0).expand(n, -1);
                    radius[r] = DirectSquared(row, _points).sort().Values[k];
                }
            }

            radii.Add(radius.clone().DetachFromDisposeScope());
        });

        var all = cat(radii, 0);
        foreach (var r in radii) r.Dispose();
        return all;
    }

    /// <summary>
    /// Which query rows lie inside which of this set's balls: <c>[c, N]</c> masks for distance ≤ radius and distance &lt; radius,
    /// with distances and radii compared as the direct float64 computation gives them.
    /// </summary>
    /// <param name="queries"><c>[c,D]</c> float64 rows.</param>
    /// <param name="squaredRadii">This set's squared radii <c>[N]</c>.</param>
    public (Tensor Inside, Tensor InsideStrictly) InsideBalls(Tensor queries, Tensor squaredRadii)
    {
        var querySquaredNorms = queries.square().sum(1);
        var (estimate, bound) = Estimate(queries, querySquaredNorms.sqrt(), querySquaredNorms);
        // Thresholds per ball: below low the pair is inside under both conventions, above high outside; between, computed directly.
        var low = (squaredRadii * (1 - 8 * Unit) - bound).unsqueeze(0);
        var high = (squaredRadii * (1 + 8 * Unit) + bound).unsqueeze(0);
        var inside = estimate.lt(low);
        var open = estimate.ge(low).logical_and_(estimate.le(high)).nonzero(); // [P, 2] pairs (query, centre)
        var insideStrictly = open.shape[0] > 0 ? inside.clone() : inside;
        if (open.shape[0] > 0)
        {
            var q = open.select(1, 0);
            var centre = open.select(1, 1);
            var distance = DirectSquared(queries.index_select(0, q), _points.index_select(0, centre)).sqrt();
            var radius = squaredRadii.index_select(0, centre).sqrt();
            inside.index_put_(distance.le(radius), q, centre);
            insideStrictly.index_put_(distance.lt(radius), q, centre);
        }

        return (inside, insideStrictly);
    }

    /// <summary>Estimated squared distances <c>[c, N]</c> from <paramref name="queries"/> to this set, and their error bound per column <c>[N]</c>.</summary>
    private (Tensor Estimate, Tensor Bound) Estimate(Tensor queries, Tensor queryNorms, Tensor querySquaredNorms)
    {
        var estimate = queries.mm(_points.t()).mul_(-2).add_(querySquaredNorms.unsqueeze(1)).add_(_squaredNorms.unsqueeze(0));
        var bound = (_norms + queryNorms.max()).pow_(2).mul_(_slack);
        return (estimate, bound);
    }
}
