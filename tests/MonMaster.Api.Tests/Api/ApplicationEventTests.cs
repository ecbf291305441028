using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>What a candidate's page is told when one of its applications changes.</summary>
public sealed class ApplicationEventTests
{
    private static ApplicationView View(string status, string? contract = null, string? answer = null) =>
        new("C1", "F1", status, null, null, Contract: contract, WorkStudyAnswer: answer);

    [Fact]
    public void A_contract_decided_is_a_contract_change_and_carries_its_state()
    {
        var change = ApplicationEvent.Between(View("contract-search", "pending"), View("contract-search", "validated"));
        Assert.Equal(("contract-changed", "contract-search", "validated"), (change!.Kind, change.Status, change.Contract));
        Assert.Equal("status-changed", ApplicationEvent.Between(View("contract-search", "validated"), View("waitlisted", "validated"))!.Kind);
    }

    [Fact]
    public void The_establishments_answer_alone_tells_the_candidate_nothing()
    {
        Assert.Null(ApplicationEvent.Between(View("submitted"), View("submitted", answer: "contract-search")));
        Assert.Null(ApplicationEvent.Between(View("contract-search", "pending"), View("contract-search", "pending")));
    }
}
