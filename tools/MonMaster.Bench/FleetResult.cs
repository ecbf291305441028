namespace MonMaster.Bench;

/// <summary>What the client processes recorded (see <see cref="ClientFleet"/> for the file), all processes together.</summary>
public sealed class FleetResult
{
    public int Clients { get; private set; }
    public int Connected { get; private set; }
    public int Retries { get; private set; }
    public int Dropped { get; private set; }
    public long ConnectStart { get; private set; } = long.MaxValue;
    public long ConnectEnd { get; private set; }
    public List<long> PeakRss { get; } = [];
    public double CpuSeconds { get; private set; }
    public Dictionary<string, int> Failures { get; } = [];
    public List<long> ConnectTicks { get; } = [];
    public List<long> Messages { get; } = [];
    public List<Event> Events { get; } = [];

    public readonly record struct Event(long At, int Candidate, int Formation, byte Kind);

    public void Add(string path)
    {
        using var file = new BinaryReader(File.OpenRead(path));
        Clients += file.ReadInt32();
        Connected += file.ReadInt32();
        Retries += file.ReadInt32();
        Dropped += file.ReadInt32();
        ConnectStart = Math.Min(ConnectStart, file.ReadInt64());
        ConnectEnd = Math.Max(ConnectEnd, file.ReadInt64());
        PeakRss.Add(file.ReadInt64());
        CpuSeconds += file.ReadDouble();
        for (var n = file.ReadInt32(); n > 0; n--)
        {
            var error = file.ReadString();
            Failures[error] = Failures.GetValueOrDefault(error) + file.ReadInt32();
        }
        for (var n = file.ReadInt32(); n > 0; n--) ConnectTicks.Add(file.ReadInt64());
        for (var n = file.ReadInt64(); n > 0; n--) Messages.Add(file.ReadInt64());
        for (var n = file.ReadInt64(); n > 0; n--) Events.Add(new Event(file.ReadInt64(), file.ReadInt32(), file.ReadInt32(), file.ReadByte()));
    }
}
