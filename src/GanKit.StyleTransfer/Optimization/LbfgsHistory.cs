using static TorchSharp.torch;

namespace GanKit.StyleTransfer.Optimization;

/// <summary>The last m curvature pairs (s, y) of L-BFGS and the two-loop recursion that turns them into a direction.</summary>
internal sealed class LbfgsHistory(int capacity) : IDisposable
{
    // Pairs with sᵀy at or below this carry no usable curvature and would make the inverse Hessian indefinite.
    private const double MinimumCurvature = 1e-10;

    private readonly List<(Tensor S, Tensor Y, double Rho)> _pairs = [];
    private double _scale = 1;

    public int Count => _pairs.Count;

    /// <summary>Adds a pair if it has positive curvature; returns whether it was kept.</summary>
    public bool Push(Tensor s, Tensor y)
    {
        double ys = s.flatten().dot(y.flatten()).item<float>();
        if (!(ys > MinimumCurvature)) return false;
        if (_pairs.Count == capacity)
        {
            _pairs[0].S.Dispose();
            _pairs[0].Y.Dispose();
            _pairs.RemoveAt(0);
        }

        double yy = y.flatten().dot(y.flatten()).item<float>();
        _pairs.Add((s.detach().clone().DetachFromDisposeScope(), y.detach().clone().DetachFromDisposeScope(), 1 / ys));
        _scale = ys / yy;
        return true;
    }

    /// <summary>The quasi-Newton direction <c>−H·g</c>, registered in the caller's dispose scope.</summary>
    public Tensor Direction(Tensor gradient)
    {
        var q = gradient.neg();
        var alphas = new double[_pairs.Count];
        for (int i = _pairs.Count - 1; i >= 0; i--)
        {
            var (s, y, rho) = _pairs[i];
            alphas[i] = rho * s.flatten().dot(q.flatten()).item<float>();
            q.add_(y, alpha: -alphas[i]);
        }

        var r = q.mul_(_scale);
        for (int i = 0; i < _pairs.Count; i++)
        {
            var (s, y, rho) = _pairs[i];
            double beta = rho * y.flatten().dot(r.flatten()).item<float>();
            r.add_(s, alpha: alphas[i] - beta);
        }

        return r;
    }

    public void Clear()
    {
        foreach (var (s, y, _) in _pairs)
        {
            s.Dispose();
            y.Dispose();
        }

        _pairs.Clear();
        _scale = 1;
    }

    public void Dispose() => Clear();
}
