using System.Reflection;
using MonMaster.Admission;
using MonMaster.Api.Endpoints;

namespace MonMaster.Tests.Api;

/// <summary>
/// Each error's HTTP status, from its category: the tables are what the API answers (and answered before categories
/// existed), so that a change of category shows here as a change of the API.
/// </summary>
public sealed class ErrorStatusTests
{
    private static readonly Dictionary<AdmissionError, (string Code, int Status)> Engine = new()
    {
        [AdmissionError.UnknownCandidate] = ("unknown-candidate", 404),
        [AdmissionError.UnknownFormation] = ("unknown-formation", 404),
        [AdmissionError.WrongPhase] = ("wrong-phase", 409),
        [AdmissionError.NotAnApplicant] = ("not-an-applicant", 422),
        [AdmissionError.DuplicateApplication] = ("duplicate-application", 409),
        [AdmissionError.WishLimit] = ("wish-limit", 409),
        [AdmissionError.InvalidRanking] = ("invalid-ranking", 422),
        [AdmissionError.OfferExpired] = ("offer-expired", 409),
        [AdmissionError.NoOffer] = ("no-offer", 409),
        [AdmissionError.NotWaitlisted] = ("not-waitlisted", 409),
        [AdmissionError.NotEligible] = ("not-eligible", 409),
        [AdmissionError.NotRetainedBefore] = ("not-retained-before", 409),
        [AdmissionError.FormationClosed] = ("formation-closed", 409),
        [AdmissionError.NoPlaces] = ("no-places", 422),
        [AdmissionError.NotWorkStudy] = ("not-work-study", 422),
        [AdmissionError.ContractValidated] = ("contract-validated", 409),
        [AdmissionError.NotInContractSearch] = ("not-in-contract-search", 409),
        [AdmissionError.NoContract] = ("no-contract", 409),
        [AdmissionError.InvalidPreference] = ("invalid-preference", 422),
        [AdmissionError.ProvisionalNotAllowed] = ("provisional-not-allowed", 409),
        [AdmissionError.AlreadyReferred] = ("already-referred", 409),
        [AdmissionError.NotEligibleForReferral] = ("not-eligible-for-referral", 409),
        [AdmissionError.NotReferred] = ("not-referred", 409),
        [AdmissionError.InvalidReview] = ("invalid-review", 422),
        [AdmissionError.UnknownReview] = ("unknown-review", 404),
        [AdmissionError.ReviewClosed] = ("review-closed", 409),
    };

    private static readonly Dictionary<UploadError, (string Code, int Status)> Uploads = new()
    {
        [UploadError.FileNameInvalid] = ("file-name-invalid", 400),
        [UploadError.FileTypeNotAllowed] = ("file-type-not-allowed", 415),
        [UploadError.FileEmpty] = ("file-empty", 400),
        [UploadError.FileTooLarge] = ("file-too-large", 413),
        [UploadError.FileContentMismatch] = ("file-content-mismatch", 415),
    };

    private static readonly (string Code, int Status)[] Api =
    [
        ("invalid-request", 400), ("invalid-search", 400), ("forbidden", 403), ("unknown-campaign", 404), ("unknown-contract", 404),
        ("unknown-piece", 404), ("no-profile", 404), ("not-referred", 404), ("not-virtual-clock", 409), ("clock-backwards", 409),
        ("apply-at-establishment", 409), ("catalogue-locked", 409), ("favourites-full", 409), ("invalid-formation", 422),
        ("invalid-profile", 422), ("unsupported-media-type", 415), ("too-many-requests", 429),
    ];

    [Fact]
    public void Every_engine_error_has_a_category_and_answers_its_status()
    {
        foreach (var error in Enum.GetValues<AdmissionError>())
        {
            Assert.True(Enum.IsDefined(error.Category()), $"{error} has no category");
            Assert.True(Engine.TryGetValue(error, out var expected), $"{error} is missing from this test's table");
            Assert.Equal(expected, (error.Code(), Problems.StatusOf(error.Category())));
        }
        Assert.Equal(Enum.GetValues<AdmissionError>().Length, Engine.Count);
    }

    [Fact]
    public void Every_upload_error_answers_its_status()
    {
        foreach (var error in Enum.GetValues<UploadError>())
            Assert.Equal(Uploads[error], (error.Code(), Problems.StatusOf(error.Category())));
        Assert.Equal(Enum.GetValues<UploadError>().Length, Uploads.Count);
    }

    [Fact]
    public void Every_error_of_the_API_itself_answers_its_status()
    {
        var declared = typeof(ApiErrors).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (ApiError)f.GetValue(null)!).ToList();
        Assert.Equal(declared, ApiErrors.All);
        Assert.Equal(Api, ApiErrors.All.Select(e => (e.Code, Problems.StatusOf(e.Category))).ToArray());
    }

    [Fact]
    public void Every_category_has_a_status_of_its_own()
    {
        var statuses = Enum.GetValues<ErrorCategory>().Select(Problems.StatusOf).ToList();
        Assert.Equal(statuses.Count, statuses.Distinct().Count());
        Assert.All(statuses, s => Assert.InRange(s, 400, 499));
    }
}
