namespace GanKit.Features;

/// <summary>
/// Finds the ResNet18 ONNX file without downloading anything. Order: an explicit path; the <c>GANKIT_RESNET18_ONNX</c>
/// environment variable; <c>DnnImageModels/ResNet18Onnx/ResNet18.onnx</c> under the application folder (where GanKit.Features'
/// buildTransitive targets copy it); the NuGet global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>).
/// </summary>
internal static class ResNet18ModelLocator
{
    public const string EnvironmentVariable = "GANKIT_RESNET18_ONNX";
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.23.1";
    public static readonly string RelativeToApp = Path.Combine("DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
    public static readonly string RelativeToPackage = Path.Combine("tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Resolves the model path from the real process environment.</summary>
    public static string Resolve(string? explicitPath) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable, AppContext.BaseDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Resolves the model path; the environment, application folder and home folder are parameters for testing.</summary>
    /// <exception cref="PretrainedModelNotFoundException">No file was found; the message lists every place searched.</exception>
    public static string Resolve(string? explicitPath, Func<string, string?> environment, string appDirectory, string homeDirectory)
    {
        // An explicit choice (argument or environment variable) is never silently replaced by another file.
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            if (File.Exists(full)) return full;
            throw new PretrainedModelNotFoundException("ResNet18", [$"the path passed in: {full} (no such file)"],
                "Pass the path of ResNet18.onnx from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, or pass null to search the default places.");
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var full = Path.GetFullPath(fromEnvironment);
            if (File.Exists(full)) return full;
            throw new PretrainedModelNotFoundException("ResNet18", [$"environment variable {EnvironmentVariable}: {full} (no such file)"],
                $"Point {EnvironmentVariable} at an existing ResNet18.onnx, or unset it to search the default places.");
        }

        var searched = new List<string> { $"environment variable {EnvironmentVariable} (not set)" };
        var candidates = new List<(string Where, string Path)> { ("the application folder", Path.Combine(appDirectory, RelativeToApp)) };
        var nugetRoot = environment("NUGET_PACKAGES");
        var packageFolder = Path.Combine(PackageId.ToLowerInvariant(), PackageVersion, RelativeToPackage);
        if (!string.IsNullOrWhiteSpace(nugetRoot)) candidates.Add(("the NuGet packages folder from NUGET_PACKAGES", Path.Combine(nugetRoot, packageFolder)));
        if (!string.IsNullOrWhiteSpace(homeDirectory)) candidates.Add(("the default NuGet packages folder", Path.Combine(homeDirectory, ".nuget", "packages", packageFolder)));

        foreach (var (where, path) in candidates)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full)) return full;
            searched.Add($"{where}: {full} (no such file)");
        }

        throw new PretrainedModelNotFoundException("ResNet18", searched,
            $"GanKit never downloads models. To fix: reference the GanKit.Features package (its build targets copy the model next to your app), or " +
            $"run 'dotnet add package {PackageId} --version {PackageVersion}' and restore, or set {EnvironmentVariable} to the path of ResNet18.onnx, " +
            "or pass the path to PretrainedFeatureNetworks.ResNet18(path).");
    }
}
