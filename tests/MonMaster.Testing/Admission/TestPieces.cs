namespace MonMaster.Tests.Admission;

/// <summary>Real files (a PDF letter, a PNG transcript, a JPEG photo) as a person would upload them.</summary>
public static class TestPieces
{
    /// <summary>The first 64 KB of a real executable: what a renamed program looks like.</summary>
    public static byte[] Executable() => File.ReadAllBytes(Environment.ProcessPath!).Take(64 * 1024).ToArray();

    public static byte[] Real(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Admission", "Pieces", name));
}
