using MonMaster.Admission;
using Orleans.Concurrency;

// Reads are [AlwaysInterleave]: they never wait on anything, so a grain blocked on a read of another
// (candidate apply → formation info, formation ranking → candidate exists) can never close a cycle.

namespace MonMaster.Grains;

/// <summary>A campaign year (key: the year): its calendar, clock and daily schedule.</summary>
[Alias("monmaster.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithIntegerKey
{
    Task Configure(CampaignSettings settings);
    [AlwaysInterleave] Task<CampaignView> GetView();

    /// <summary>Publishes a formation in this campaign; the campaign drives its rounds and sweeps.</summary>
    Task AddFormation(FormationInfo formation);
    Task AddFormations(IReadOnlyList<FormationInfo> formations);
    [AlwaysInterleave] Task<IReadOnlyList<string>> GetFormationIds();

    /// <summary>Runs the next scheduled work (sweep or round) due at or before <paramref name="upTo"/>; returns it, or null.</summary>
    Task<ScheduledWork?> RunNextDueWork(DateTimeOffset upTo);

    /// <summary>Moves the virtual clock forward, running every scheduled work due on the way.</summary>
    Task AdvanceClock(DateTimeOffset to);

    /// <summary>Each formation's access rate at the end of the campaign (null until its last scheduled work has run).</summary>
    [AlwaysInterleave] Task<IReadOnlyDictionary<string, double?>?> GetAccessRates();

    /// <summary>Every formation of the campaign, as published.</summary>
    [AlwaysInterleave] Task<IReadOnlyList<FormationInfo>> GetFormations();

    /// <summary>Tells <paramref name="node"/> each change of phase or clock, for a lease it renews by calling again.</summary>
    [AlwaysInterleave] Task<CampaignView> Watch(ILiveObserver node);
}

/// <summary>A formation (key: formation id): capacity, applicants, ranking, waitlist and offers.</summary>
[Alias("monmaster.IFormationGrain")]
public interface IFormationGrain : IGrainWithStringKey
{
    Task Define(FormationInfo info, OfferRelease release);
    Task SetRelease(OfferRelease release);
    [AlwaysInterleave] Task<FormationInfo?> GetInfo();
    Task<CommandResult> Rank(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained);
    /// <summary>Runs one piece of the campaign's schedule (round, sweep, close of applications, 2 May, 24 June, 17 July).</summary>
    Task Run(ScheduledWork work);
    Task<CommandResult> RenounceWaitlist(string candidateId);

    /// <summary>Section 3: the establishment's answer to a work-study application (contract search or not retained).</summary>
    Task<CommandResult> AnswerWorkStudy(string candidateId, bool contractSearch);
    /// <summary>Section 4: the candidate files an employer contract; the establishment validates or refuses it.</summary>
    Task<CommandResult> UploadContract(string candidateId);
    Task<CommandResult> DecideContract(string candidateId, bool validate);
    /// <summary>Section 3: summons, clarification and new-version requests, and the candidate's answers.</summary>
    Task<CommandResult> RequestReview(string candidateId, ReviewRequest request);
    Task<CommandResult> AnswerReview(string candidateId, int requestId, string answer);

    /// <summary>Section 7: the rector's office of <paramref name="region"/> proposes a free place to a candidate (<paramref name="referred"/>: who referred to it).</summary>
    Task<CommandResult> ProposeByRector(string candidateId, string region, bool referred);

    /// <summary>Section 5: opens places to the complementary phase.</summary>
    Task<CommandResult> OpenComplementary(int places);
    /// <summary>Whether this candidate may apply here in the complementary phase.</summary>
    [AlwaysInterleave] Task<ComplementaryCheck> CheckComplementary(string candidateId);
    [AlwaysInterleave] Task<FormationStats> GetStats();
    [AlwaysInterleave] Task<FormationSnapshot> GetSnapshot();
    [AlwaysInterleave] Task<ApplicationView?> GetApplication(string candidateId);
    /// <summary>The application as a live watcher sees it, stamped with the formation's live version (for a node's read model).</summary>
    [AlwaysInterleave] Task<ApplicationRead> ReadApplication(string candidateId);
    [AlwaysInterleave] Task<DateTimeOffset?> GetPendingOffer(string candidateId);

    /// <summary>
    /// Tells <paramref name="node"/> after each commit what happened to <paramref name="candidates"/> (status, position)
    /// and, when <paramref name="counters"/>, the formation's counters; replaces the node's previous watch, for a lease
    /// it renews by calling again. Returns the watched applications and the counters as they are now.
    /// </summary>
    [AlwaysInterleave] Task<FormationLive> Watch(ILiveObserver node, IReadOnlyList<string> candidates, bool counters);
    [AlwaysInterleave] Task Unwatch(ILiveObserver node);

    /// <summary>Seeds applicants taken outside the platform's application phase (demo, benchmark, migration).</summary>
    Task ImportApplicants(IReadOnlyList<string> candidateIds);

    /// <summary>Messages from candidates, applied at most once each. Never awaits another grain; interleaves, so that messages arriving together share one write.</summary>
    [AlwaysInterleave] Task Receive(string from, IReadOnlyList<Envelope> envelopes);
}

/// <summary>A candidate (key: candidate id): applications, offers, the one held offer and its answers.</summary>
[Alias("monmaster.ICandidateGrain")]
public interface ICandidateGrain : IGrainWithStringKey
{
    Task Create(int year);
    [AlwaysInterleave] Task<bool> Exists();

    /// <summary>Seeds a file with applications taken outside the application phase (demo, benchmark, migration); the formations are seeded apart.</summary>
    Task Import(int year, IReadOnlyList<FormationInfo> applications);
    Task<CommandResult> Apply(string formationId);
    Task<CommandResult> Accept(string formationId, AcceptMode mode, IReadOnlyList<string>? keepWaitlists);
    Task<CommandResult> Refuse(string formationId);
    Task<CommandResult> Renounce(string formationId);

    /// <summary>Section 5: the preference order of every remaining application, best first (17–23 June).</summary>
    Task<CommandResult> RankPreferences(IReadOnlyList<string> formationIds);

    /// <summary>Section 7: refers to the rector of <paramref name="region"/>, if the file and the declared licence make the candidate eligible.</summary>
    Task<ReferralResult> FileReferral(string region, int licenceYear);

    /// <summary>Records that the file now has a piece of this kind (the file itself is stored apart).</summary>
    Task DeclarePiece(string kind);
    Task<CandidateSnapshot> GetSnapshot();

    /// <summary>Every application with its status and waitlist position, as the formations record them.</summary>
    Task<IReadOnlyList<ApplicationView>> GetApplications();

    /// <summary>Messages from formations, applied at most once each. Never awaits another grain; interleaves, so that messages arriving together share one write.</summary>
    [AlwaysInterleave] Task Receive(string from, IReadOnlyList<Envelope> envelopes);
}

/// <summary>A candidate's file common to all applications (key: candidate id): identity, contact, diplomas, cursus, experiences.</summary>
[Alias("monmaster.ICandidateProfileGrain")]
public interface ICandidateProfileGrain : IGrainWithStringKey
{
    [AlwaysInterleave] Task<CandidateProfile?> Get();

    /// <summary>Saves the profile, or returns what is wrong with it (in French) and changes nothing.</summary>
    Task<IReadOnlyList<string>> Save(CandidateProfile profile, int campaignYear);
}

/// <summary>The rector's office of one academic region for one campaign (key: "2025/Occitanie").</summary>
[Alias("monmaster.IReferralDeskGrain")]
public interface IReferralDeskGrain : IGrainWithStringKey
{
    Task<CommandResult> File(string candidateId, int licenceYear, IReadOnlyList<UnmetCriterion> unmet);

    /// <summary>Proposes a place of <paramref name="formationId"/> to a referred candidate (the formation must have one free).</summary>
    Task<CommandResult> Propose(string candidateId, string formationId);
    [AlwaysInterleave] Task<IReadOnlyList<ReferralView>> GetReferrals();

    public static string KeyOf(int year, string region) => $"{year}/{region}";
}

/// <summary>A candidate's favourite formations (key: candidate id), from the search and the sheets (« Ajouter aux favoris »).</summary>
[Alias("monmaster.IFavouritesGrain")]
public interface IFavouritesGrain : IGrainWithStringKey
{
    [AlwaysInterleave] Task<IReadOnlyList<string>> Get();

    /// <summary>Adds a formation; false when the list is full (<see cref="Favourites.Max"/>). Adding one twice changes nothing.</summary>
    Task<bool> Add(string formationId);
    Task Remove(string formationId);
}

public static class Favourites
{
    /// <summary>Enough for every wish of both tracks several times over; bounds the state a candidate can grow.</summary>
    public const int Max = 100;
}
