namespace MonMaster.Grains;

public static class Storage
{
    /// <summary>The Orleans grain storage provider of the small grains (campaign, profiles, favourites, referral desks).</summary>
    public const string Name = "admission";
}
