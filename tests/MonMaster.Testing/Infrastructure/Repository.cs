namespace MonMaster.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder holding MonMaster.sln, above the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MonMaster.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MonMaster.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// An executable of the solution as its own project built it, in the tests' configuration: run beside the tests it
    /// would resolve its framework from their runtime config.
    /// </summary>
    public static string BuiltDll(string projectDirectory, string assembly)
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDirectory.Parent?.Name ?? "Debug"; // …/bin/<Configuration>/net10.0
        var dll = Path.Combine(Root, projectDirectory, "bin", configuration, baseDirectory.Name, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{assembly} is not built: {dll} is missing.");
    }
}
