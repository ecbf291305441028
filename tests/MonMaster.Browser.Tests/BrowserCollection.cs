namespace MonMaster.Tests.Browser;

/// <summary>One browser and one site for the page tests of this assembly (xunit wants the definition here).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "navigateur";
}
