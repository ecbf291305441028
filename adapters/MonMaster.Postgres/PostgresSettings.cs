namespace MonMaster.Postgres;

/// <summary>What the adapter needs to know: where the database is and whose rows are ours.</summary>
public sealed record PostgresSettings(string ConnectionString, string ServiceId)
{
    /// <summary>How long a stored outbox may hold messages before the recovery scan wakes its grain; also the scan's period.</summary>
    public TimeSpan OutboxRecoveryPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent group-commit writers of the admission store (each one transaction, one WAL flush, at a time).</summary>
    public int Writers { get; init; } = 4;
}
