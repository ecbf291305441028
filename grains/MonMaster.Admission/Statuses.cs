namespace MonMaster.Admission;

public enum Track { Classic, WorkStudy }

/// <summary>The status of one application, as the formation records it.</summary>
public enum ApplicationStatus
{
    Submitted,
    NotRetained,
    Waitlisted,
    Offer,
    AcceptedProvisional,
    AcceptedDefinitive,
    Refused,
    Expired,
    Renounced,
    Released,
    /// <summary>A mandatory piece was missing at the close of applications: the application was not transmitted.</summary>
    Incomplete,
    /// <summary>Work-study: retained, in search of an employer contract (section 4).</summary>
    ContractSearch,
}

/// <summary>A work-study candidate's employer contract, as the establishment sees it.</summary>
public enum ContractState { None, Pending, Validated, Refused }

public enum AcceptMode { Provisional, Definitive }

public static class Codes
{
    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "submitted",
        ApplicationStatus.NotRetained => "not-retained",
        ApplicationStatus.Waitlisted => "waitlisted",
        ApplicationStatus.Offer => "offer",
        ApplicationStatus.AcceptedProvisional => "accepted-provisional",
        ApplicationStatus.AcceptedDefinitive => "accepted-definitive",
        ApplicationStatus.Refused => "refused",
        ApplicationStatus.Expired => "expired",
        ApplicationStatus.Renounced => "renounced",
        ApplicationStatus.Released => "released",
        ApplicationStatus.Incomplete => "incomplete",
        ApplicationStatus.ContractSearch => "contract-search",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string? Of(ContractState contract) => contract switch
    {
        ContractState.Pending => "pending",
        ContractState.Validated => "validated",
        ContractState.Refused => "refused",
        _ => null,
    };

    public static string Of(Track track) => track == Track.Classic ? "classic" : "work-study";

    public static Track? ParseTrack(string? text) => text switch
    {
        "classic" => Track.Classic,
        "work-study" => Track.WorkStudy,
        _ => null,
    };

    public static AcceptMode? ParseMode(string? text) => text switch
    {
        "provisional" => AcceptMode.Provisional,
        "definitive" => AcceptMode.Definitive,
        _ => null,
    };
}
