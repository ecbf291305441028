namespace MonMaster.Admission;

/// <summary>Work-study (brochure, sections 3 and 4), on the formation's side: the April answers, employer contracts, and validated candidates joining the waitlist from 13 June.</summary>
public sealed partial class FormationBook
{
    /// <summary>Section 3: the establishment answers a work-study application (shown to the candidate on 2 May).</summary>
    public AdmissionError? AnswerWorkStudy(string candidateId, bool contractSearch, DateTimeOffset now)
    {
        if (!Calendar.AcceptsWorkStudyAnswers(now)) return AdmissionError.WrongPhase;
        if (!Applicants.TryGetValue(candidateId, out var applicant) || applicant.Status == ApplicationStatus.Incomplete)
            return AdmissionError.NotAnApplicant;
        if (!WorkStudy) return AdmissionError.NotWorkStudy;
        SetStatus(candidateId, applicant, contractSearch ? ApplicationStatus.ContractSearch : ApplicationStatus.NotRetained);
        Outbox.Record(new Recorded(now, "answer-work-study", candidateId, Info.Id, Codes.Of(applicant.Status)));
        return null;
    }

    /// <summary>Section 4: a candidate in contract search files an employer contract (replacing a refused or pending one).</summary>
    public AdmissionError? UploadContract(string candidateId, DateTimeOffset now)
    {
        if (!Calendar.AcceptsContracts(now)) return AdmissionError.WrongPhase;
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (!WorkStudy) return AdmissionError.NotWorkStudy;
        if (applicant.Contract == ContractState.Validated) return AdmissionError.ContractValidated;
        if (VisibleStatus(applicant) != ApplicationStatus.ContractSearch) return AdmissionError.NotInContractSearch;
        SetContract(candidateId, applicant, ContractState.Pending);
        Outbox.Record(new Recorded(now, "upload-contract", candidateId, Info.Id));
        return null;
    }

    /// <summary>The establishment validates or refuses the pending contract; a validated one makes the candidate callable.</summary>
    public AdmissionError? DecideContract(string candidateId, bool validate, DateTimeOffset now)
    {
        if (!Calendar.AcceptsContracts(now)) return AdmissionError.WrongPhase;
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (!WorkStudy) return AdmissionError.NotWorkStudy;
        if (applicant.Contract != ContractState.Pending) return AdmissionError.NoContract;
        SetContract(candidateId, applicant, validate ? ContractState.Validated : ContractState.Refused);
        Outbox.Record(new Recorded(now, validate ? "validate-contract" : "refuse-contract", candidateId, Info.Id));
        if (validate) PromoteValidated(now);
        if (validate && ReleasesAtOnce(now)) OfferFreePlaces(now);
        return null;
    }

    private void SetContract(string candidateId, Applicant applicant, ContractState contract)
    {
        applicant.Contract = contract;
        Changes.Add(new ApplicationChange(candidateId, applicant.Status, applicant.Deadline));
    }

    /// <summary>From 13 June (at each round and each validation), a candidate whose contract is validated joins the waitlist, in rank order.</summary>
    private void PromoteValidated(DateTimeOffset now)
    {
        if (!WorkStudy || !Opened || now < Calendar.WorkStudyWaitlistOpens) return;
        foreach (var id in Ranking)
            if (Applicants[id] is { Status: ApplicationStatus.ContractSearch, Contract: ContractState.Validated } applicant)
                SetStatus(id, applicant, ApplicationStatus.Waitlisted);
    }
}
