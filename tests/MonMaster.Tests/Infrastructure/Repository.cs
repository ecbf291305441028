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
}
