using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace MonMaster.Tests.Infrastructure;

/// <summary>
/// Proves db/postgres/*.sql against the real Orleans ADO.NET providers (invariant "Npgsql"):
/// real silo hosts on loopback ports, membership, grain storage and reminders in PostgreSQL.
/// </summary>
[Collection("postgres")]
public sealed class OrleansAdoNetProvidersTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string Invariant = "Npgsql";
    private const int Active = 3; // SiloStatus.Active
    private const int Dead = 6;   // SiloStatus.Dead

    [Fact]
    public async Task Two_silos_join_one_cluster_and_a_client_finds_them_through_the_table()
    {
        var cs = postgres.ConnectionString;
        var clusterId = NewId("cluster");

        await using var silo1 = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1"));
        await using var silo2 = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-2"));

        await EventuallyAsync(async () => Assert.Equal(2L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @p0 AND status = @p1",
            clusterId, Active)));

        foreach (var silo in new[] { silo1, silo2 })
        {
            var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await EventuallyAsync(async () => Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count));
        }

        // Heartbeats (UpdateIAmAlivetimeKey) move IAmAliveTime forward.
        const string lastHeartbeat =
            "SELECT max(iamalivetime) FROM orleansmembershiptable WHERE deploymentid = @p0 AND siloname = 'silo-1'";
        var firstBeat = await ScalarAsync<DateTime>(cs, lastHeartbeat, clusterId);
        await EventuallyAsync(async () => Assert.True(await ScalarAsync<DateTime>(cs, lastHeartbeat, clusterId) > firstBeat));

        // A client gets its gateway list from the table (GatewaysQueryKey).
        await using (var client = await ClientHandle.StartAsync(BuildClient(cs, clusterId)))
        {
            var reply = await client.Services.GetRequiredService<IClusterClient>()
                .GetGrain<IAdoNetPingGrain>(1).Ping("hello");
            Assert.Equal("hello", reply);
        }

        // A graceful stop marks the row Dead; the provider's cleanup then removes it.
        await silo2.DisposeAsync();
        await EventuallyAsync(async () => Assert.Equal(1L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @p0 AND status = @p1",
            clusterId, Dead)));

        var table = silo1.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1), CancellationToken.None);
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @p0 AND status = @p1", clusterId, Dead));
        Assert.Equal(1L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @p0 AND status = @p1", clusterId, Active));
    }

    [Fact]
    public async Task Grain_state_round_trips_through_deactivation_restart_update_conflict_and_clear()
    {
        // Own database: the table assertions below can look at "the" row.
        var cs = await postgres.CreateDatabaseAsync(NewId("persist"));
        var clusterId = NewId("cluster");
        var key = Guid.NewGuid();

        var silo = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1"));
        try
        {
            var grain = silo.Grains.GetGrain<IGuidStateTestGrain>(key);

            var s = await grain.Get();
            Assert.Equal(new StateSnapshot(null, 0, null, false), s);

            s = await grain.Set("one", 1);                      // insert path: no etag yet
            Assert.Equal(new StateSnapshot("one", 1, "1", true), s);

            await grain.Deactivate();
            Assert.Equal(new StateSnapshot("one", 1, "1", true), await grain.Get());

            s = await grain.Set("two", 2);                      // update path: etag 1 -> 2
            Assert.Equal("2", s.ETag);

            await silo.DisposeAsync();
            silo = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1b"));
            grain = silo.Grains.GetGrain<IGuidStateTestGrain>(key);
            Assert.Equal(new StateSnapshot("two", 2, "2", true), await grain.Get());

            // Someone else wrote the row: the grain's etag is stale and the write must fail.
            await ExecuteAsync(cs, "UPDATE orleansstorage SET version = version + 100");
            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("lost", 3));
            await grain.Deactivate();
            Assert.Equal(new StateSnapshot("two", 2, "102", true), await grain.Get());

            // Clear keeps the row with no payload and a bumped version.
            s = await grain.Clear();
            Assert.Equal(new StateSnapshot(null, 0, "103", false), s);
            Assert.Equal(1L, await ScalarAsync<long>(cs,
                "SELECT count(*) FROM orleansstorage WHERE payloadbinary IS NULL AND version = 103"));

            await grain.Deactivate();
            s = await grain.Get();
            Assert.Null(s.Text);
            Assert.Equal("103", s.ETag);

            Assert.Equal("104", (await grain.Set("three", 3)).ETag);
            await grain.Deactivate();
            Assert.Equal(new StateSnapshot("three", 3, "104", true), await grain.Get());
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grain_storage_with_a_json_serializer_deletes_state_on_clear()
    {
        var cs = await postgres.CreateDatabaseAsync(NewId("persist"));
        var clusterId = NewId("cluster");
        var key = "string-key/" + Guid.NewGuid();   // string keys go to GrainIdExtensionString

        await using var silo = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1"));
        var grain = silo.Grains.GetGrain<IStringStateTestGrain>(key);

        Assert.Equal("1", (await grain.Set("alpha", 1)).ETag);
        var json = await ScalarAsync<string>(cs, "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage");
        Assert.StartsWith("{", json);
        Assert.Contains("alpha", json);

        await grain.Deactivate();
        Assert.Equal(new StateSnapshot("alpha", 1, "1", true), await grain.Get());

        var s = await grain.Clear();                            // DeleteStorageKey
        Assert.Null(s.Text);
        Assert.False(s.RecordExists);
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM orleansstorage"));

        Assert.Equal("1", (await grain.Set("beta", 2)).ETag);  // row is new again
        await grain.Deactivate();
        Assert.Equal(new StateSnapshot("beta", 2, "1", true), await grain.Get());
    }

    [Fact]
    public async Task Reminder_is_stored_survives_a_restart_fires_and_unregisters()
    {
        var cs = postgres.ConnectionString;
        var clusterId = NewId("cluster");
        var key = Guid.NewGuid();

        var silo = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1"));
        try
        {
            var grain = silo.Grains.GetGrain<IReminderTestGrain>(key);
            await grain.Register("tick", dueTime: TimeSpan.FromSeconds(8), period: TimeSpan.FromMinutes(1));

            Assert.Equal(1L, await ScalarAsync<long>(cs,
                "SELECT count(*) FROM orleansreminderstable WHERE serviceid = @p0 AND remindername = 'tick' AND period = 60000",
                clusterId));

            // The new silo must load the reminder from the table (ReadRangeRows*Key) to fire it.
            await silo.DisposeAsync();
            silo = await SiloHandle.StartAsync(BuildSilo(cs, clusterId, "silo-1b"));
            grain = silo.Grains.GetGrain<IReminderTestGrain>(key);

            await EventuallyAsync(async () => Assert.True(await grain.Ticks() >= 1), TimeSpan.FromSeconds(40));
            Assert.Equal(["tick"], await grain.List());

            await grain.Unregister("tick");
            Assert.Equal(0L, await ScalarAsync<long>(cs,
                "SELECT count(*) FROM orleansreminderstable WHERE serviceid = @p0", clusterId));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private IHost BuildSilo(string connectionString, string clusterId, string siloName)
    {
        var (siloPort, gatewayPort) = TwoFreePorts();
        return Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(IgnoreAmbientConfiguration)
            .ConfigureLogging(logging => logging.ClearProviders()
                .AddProvider(new TestOutputLoggerProvider(output, siloName))
                .SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
                silo.Configure<SiloOptions>(o => o.SiloName = siloName);
                silo.Configure<ClusterMembershipOptions>(o => o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1));
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage("test", o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage("test-json", o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = true;
                    o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(
                        Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
            })
            .Build();
    }

    private IHost BuildClient(string connectionString, string clusterId) =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(IgnoreAmbientConfiguration)
            .ConfigureLogging(logging => logging.ClearProviders()
                .AddProvider(new TestOutputLoggerProvider(output, "client"))
                .SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = connectionString;
                });
            })
            .Build();

    /// <summary>
    /// Drops appsettings.json (the silo's is copied next to the tests) and environment
    /// variables: UseOrleans would otherwise pick up an "Orleans" section and add providers.
    /// </summary>
    private static void IgnoreAmbientConfiguration(HostBuilderContext context, IConfigurationBuilder config) =>
        config.Sources.Clear();

    private static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Two distinct ports that were free a moment ago (both held while choosing).</summary>
    private static (int, int) TwoFreePorts()
    {
        using var a = new TcpListener(IPAddress.Loopback, 0);
        using var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
    }

    private static async Task EventuallyAsync(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("p" + i, args[i]);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A started host that is stopped gracefully (once) on dispose.</summary>
    private class HostHandle(IHost host) : IAsyncDisposable
    {
        private bool _disposed;

        public IServiceProvider Services => host.Services;

        protected static async Task<IHost> StartHostAsync(IHost host)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await host.StartAsync(cts.Token);
                return host;
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(cts.Token);
            }
            finally
            {
                host.Dispose();
            }
        }
    }

    private sealed class SiloHandle(IHost host) : HostHandle(host)
    {
        public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

        public static async Task<SiloHandle> StartAsync(IHost host) => new(await StartHostAsync(host));
    }

    private sealed class ClientHandle(IHost host) : HostHandle(host)
    {
        public static async Task<ClientHandle> StartAsync(IHost host) => new(await StartHostAsync(host));
    }

    /// <summary>Routes host logs (warnings and up) into the test output.</summary>
    private sealed class TestOutputLoggerProvider(ITestOutputHelper output, string name) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(output, name, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ITestOutputHelper output, string name, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                try
                {
                    output.WriteLine($"[{name}] {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
                }
                catch (InvalidOperationException)
                {
                    // the test already finished; its output is closed
                }
            }
        }
    }
}

// ---- test grains (explicit grain types: they load into every silo of the test run) ----

[GenerateSerializer]
public sealed record StateSnapshot(string? Text, int Number, string? ETag, bool RecordExists);

[GenerateSerializer]
public sealed class AdoNetTestState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public int Number { get; set; }
}

public interface IStateTestGrain : IGrain
{
    Task<StateSnapshot> Get();

    Task<StateSnapshot> Set(string text, int number);

    Task<StateSnapshot> Clear();

    Task Deactivate();
}

/// <summary>Stored by provider "test" (default serializer, clear keeps the row).</summary>
public interface IGuidStateTestGrain : IStateTestGrain, IGrainWithGuidKey
{
}

/// <summary>Stored by provider "test-json" (System.Text.Json, clear deletes the row).</summary>
public interface IStringStateTestGrain : IStateTestGrain, IGrainWithStringKey
{
}

public abstract class StateTestGrainBase(IPersistentState<AdoNetTestState> state) : Grain, IStateTestGrain
{
    public Task<StateSnapshot> Get() => Task.FromResult(Snapshot());

    public async Task<StateSnapshot> Set(string text, int number)
    {
        state.State.Text = text;
        state.State.Number = number;
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task<StateSnapshot> Clear()
    {
        await state.ClearStateAsync();
        return Snapshot();
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private StateSnapshot Snapshot() => new(state.State.Text, state.State.Number, state.Etag, state.RecordExists);
}

[GrainType("adonet-test-guid-state")]
public sealed class GuidStateTestGrain([PersistentState("state", "test")] IPersistentState<AdoNetTestState> state)
    : StateTestGrainBase(state), IGuidStateTestGrain
{
}

[GrainType("adonet-test-string-state")]
public sealed class StringStateTestGrain([PersistentState("state", "test-json")] IPersistentState<AdoNetTestState> state)
    : StateTestGrainBase(state), IStringStateTestGrain
{
}

public interface IAdoNetPingGrain : IGrainWithIntegerKey
{
    Task<string> Ping(string message);
}

[GrainType("adonet-test-ping")]
public sealed class AdoNetPingGrain : Grain, IAdoNetPingGrain
{
    public Task<string> Ping(string message) => Task.FromResult(message);
}

public interface IReminderTestGrain : IGrainWithGuidKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<string[]> List();

    Task<int> Ticks();
}

[GrainType("adonet-test-reminder")]
public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    private int _ticks;

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder '{name}'.");
        await this.UnregisterReminder(reminder);
    }

    public async Task<string[]> List() => (await this.GetReminders()).Select(r => r.ReminderName).ToArray();

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
