namespace GanKit.IO;

/// <summary>
/// Checks the shape a file claims before anything multiplies its dimensions: an unchecked product wraps (dims
/// [2^32, 2^32] give 0, which matches empty data; [-1, -4] give 4) and the mistake then surfaces deep inside libtorch
/// as a native error. Shared by every reader that takes a shape from untrusted bytes.
/// </summary>
internal static class TensorShapes
{
    /// <summary>
    /// Computes the element count of <paramref name="dims"/>, refusing negative dimensions and shapes with more than
    /// <see cref="Array.MaxLength"/> values (the non-zero dims' product; one managed array's limit, so <c>count × 8</c> bytes never overflows).
    /// </summary>
    /// <param name="dims">The claimed dimensions; an empty list is a scalar (one value).</param>
    /// <param name="count">The number of values, when the shape is acceptable.</param>
    /// <param name="problem">Why the shape is refused (a sentence fragment), otherwise null.</param>
    /// <returns>Whether the shape is acceptable.</returns>
    public static bool TryCountElements(IReadOnlyList<long> dims, out long count, out string? problem)
    {
        count = 1;
        problem = null;
        // The product of the non-zero dims must fit too: a zero dim makes the count 0, but libtorch still computes
        // strides from the others, and [0, 2^40, 2^40] would overflow there.
        long bounded = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                problem = $"a negative dimension ({d})";
                count = 0;
                return false;
            }

            if (d > Array.MaxLength || (d > 1 && bounded > Array.MaxLength / d))
            {
                problem = $"more than the {Array.MaxLength:N0} values one tensor can hold here";
                count = 0;
                return false;
            }

            bounded *= Math.Max(d, 1);
            count *= d;
        }

        return true;
    }
}
