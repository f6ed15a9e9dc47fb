namespace GanKit.Tests.TestSupport;

/// <summary>
/// Resources a few tests need that a developer machine may lack (Fashion-MNIST, the ResNet18 preprocessing graph). Missing
/// locally, the test is reported as skipped with the reason (use it from a <c>[SkippableFact]</c>); missing on CI
/// (<c>CI=true</c>), the test fails, because CI is set up to provide them and a skip there would hide a broken setup.
/// </summary>
internal static class Prerequisites
{
    /// <summary>True when the CI environment variable says so (GitHub Actions, GitLab, Azure Pipelines and others set CI=true).</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test (locally) or fails it (on CI) unless <paramref name="present"/>.</summary>
    /// <param name="present">Whether the resource is there.</param>
    /// <param name="missing">What is missing and how to get it, e.g. "Fashion-MNIST (apt-get install dataset-fashion-mnist)".</param>
    public static void Require(bool present, string missing)
    {
        if (present) return;
        if (OnCi) throw new Xunit.Sdk.XunitException($"Missing on CI, which must provide it: {missing}.");
        Skip.If(true, $"Missing: {missing}.");
    }

    /// <summary>Requires Debian's Fashion-MNIST (<see cref="GanKit.Data.IdxFiles.DebianFashionMnistDirectory"/>).</summary>
    public static void RequireFashionMnist() =>
        Require(Directory.Exists(GanKit.Data.IdxFiles.DebianFashionMnistDirectory),
            $"Fashion-MNIST in {GanKit.Data.IdxFiles.DebianFashionMnistDirectory} (scripts/install-prerequisites.sh or 'apt-get install dataset-fashion-mnist')");
}
