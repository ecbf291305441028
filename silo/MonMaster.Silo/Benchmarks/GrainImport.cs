using System.Reflection;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Silo;

public static partial class Benchmarks
{
    /// <summary>
    /// The grains' bulk-import methods (<c>CandidateGrain.Import</c>, <c>FormationGrain.ImportApplicants</c>), used
    /// for seeding as soon as the grain interfaces declare them. Looked up by reflection so that the benchmark
    /// builds either way; until then seeding writes the same states through the grain storage.
    /// </summary>
    private static class GrainImport
    {
        private static readonly MethodInfo? CandidateImport =
            typeof(ICandidateGrain).GetMethod("Import", [typeof(int), typeof(IReadOnlyList<FormationInfo>)]);
        private static readonly MethodInfo? FormationImport =
            typeof(IFormationGrain).GetMethod("ImportApplicants", [typeof(IReadOnlyList<string>)]);

        public static bool Available => CandidateImport is not null && FormationImport is not null;

        public static Task Candidate(ICandidateGrain candidate, int year, IReadOnlyList<FormationInfo> applications) =>
            (Task)CandidateImport!.Invoke(candidate, [year, applications])!;

        public static Task Formation(IFormationGrain formation, IReadOnlyList<string> candidateIds) =>
            (Task)FormationImport!.Invoke(formation, [candidateIds])!;
    }
}
