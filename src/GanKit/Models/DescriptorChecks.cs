namespace GanKit.Models;

internal static class DescriptorChecks
{
    public static long[] SampleShape(IReadOnlyList<long> shape, string parameter)
    {
        var copy = shape.ToArray(); // a copy, so a caller's later change to its array cannot change the descriptor
        if (copy.Length == 0 || copy.Any(d => d < 1))
            throw new ArgumentException($"The sample shape must have at least one dimension, each at least 1; got [{string.Join(",", copy)}].", parameter);
        return copy;
    }

    public static void ClassCount(int? classCount, string parameter)
    {
        if (classCount is < 2) throw new ArgumentOutOfRangeException(parameter, classCount, "A conditional model needs at least 2 classes.");
    }

    public static int Hash(long[] shape)
    {
        var hash = new HashCode();
        foreach (var d in shape) hash.Add(d);
        return hash.ToHashCode();
    }
}
