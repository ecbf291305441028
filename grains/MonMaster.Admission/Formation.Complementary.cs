namespace MonMaster.Admission;

/// <summary>The complementary phase (brochure, section 5), on the formation's side: its places, who may apply.</summary>
public sealed partial class FormationBook
{
    /// <summary>Whether this candidate may apply here in the complementary phase (read before the candidate commits).</summary>
    public ComplementaryCheck CheckComplementary(string candidateId)
    {
        var closed = ComplementaryPlaces == 0 ? AdmissionError.FormationClosed : (AdmissionError?)null;
        if (!Applicants.TryGetValue(candidateId, out var known)) return new(closed, false);
        return known.Status switch
        {
            ApplicationStatus.Incomplete => new(closed, true),
            ApplicationStatus.NotRetained => new(AdmissionError.NotRetainedBefore, false),
            _ => new(AdmissionError.DuplicateApplication, false),
        };
    }

    /// <summary>Opens places to the complementary phase: at least 1, at most the places not yet accepted.</summary>
    public AdmissionError? OpenComplementary(int places, DateTimeOffset now)
    {
        if (!Calendar.AcceptsComplementaryPlaces(now)) return AdmissionError.WrongPhase;
        if (places < 1 || places > Info.Capacity - AcceptedProvisional - AcceptedDefinitive) return AdmissionError.NoPlaces;
        ComplementaryPlaces = places;
        Outbox.Record(new Recorded(now, "open-complementary", null, Info.Id, $"{places} places"));
        return null;
    }
}
