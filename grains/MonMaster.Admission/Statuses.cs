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
}

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
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
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
