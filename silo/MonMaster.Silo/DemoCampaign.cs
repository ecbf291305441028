using MonMaster.Grains;

namespace MonMaster.Silo;

public static class DemoCampaign
{
    public static Task RunAsync(IGrainFactory grains, Deliveries deliveries, AdmissionEvents events, CancellationToken stopping) => Task.CompletedTask;
}
