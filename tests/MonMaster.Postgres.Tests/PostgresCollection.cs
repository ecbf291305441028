using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests;

/// <summary>One throw-away PostgreSQL for the test classes of this assembly (xunit wants the definition here).</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
}
