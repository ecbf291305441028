namespace MonMaster.Grains;

public static class Storage
{
    /// <summary>The grain storage provider holding every admission grain's state.</summary>
    public const string Name = "admission";
}
