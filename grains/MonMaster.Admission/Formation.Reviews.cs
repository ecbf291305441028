namespace MonMaster.Admission;

/// <summary>Summons and requests of the establishment during the review of applications (brochure, section 3).</summary>
public sealed partial class FormationBook
{
    /// <summary>Section 3: the establishment summons a candidate or asks for a clarification or another version of a piece.</summary>
    public AdmissionError? RequestReview(string candidateId, ReviewRequest request, DateTimeOffset now)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (!Calendar.AcceptsReviews(now, applicant.Complementary, Info.Track)) return AdmissionError.WrongPhase;
        // Under review: submitted, or a work-study candidate already answered (hidden until 2 May); an incomplete file was never transmitted.
        if (applicant.Status is not (ApplicationStatus.Submitted or ApplicationStatus.ContractSearch)) return AdmissionError.NotAnApplicant;
        if (request.Invalid(now) is not null) return AdmissionError.InvalidReview;
        request.Id = NextReviewId++;
        request.CreatedAt = now;
        request.Answer = null;
        request.AnsweredAt = null;
        applicant.Reviews.Add(request);
        applicant.Dirty = true;
        Changes.Add(new ApplicationChange(candidateId, applicant.Status, applicant.Deadline, Review: true));
        Outbox.Record(new Recorded(now, "review-request", candidateId, Info.Id, $"{request.Kind} #{request.Id}"));
        return null;
    }

    /// <summary>The candidate answers a request, until its date; a later answer replaces an earlier one.</summary>
    public AdmissionError? AnswerReview(string candidateId, int requestId, string answer, DateTimeOffset now)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (applicant.Reviews.FirstOrDefault(r => r.Id == requestId) is not { } request) return AdmissionError.UnknownReview;
        if (now > request.AnswerBy) return AdmissionError.ReviewClosed;
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > 2000) return AdmissionError.InvalidReview;
        request.Answer = answer.Trim();
        request.AnsweredAt = now;
        applicant.Dirty = true;
        Changes.Add(new ApplicationChange(candidateId, applicant.Status, applicant.Deadline, Review: true));
        Outbox.Record(new Recorded(now, "review-answer", candidateId, Info.Id, $"#{request.Id}"));
        return null;
    }
}
