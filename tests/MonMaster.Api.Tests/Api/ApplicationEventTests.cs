using MonMaster.Admission;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>What a candidate's page is told when one of its applications changes.</summary>
public sealed class ApplicationEventTests
{
    private static ApplicationView View(ApplicationStatus status, ContractState? contract = null, ApplicationStatus? answer = null) =>
        new("C1", "F1", status, null, null, Contract: contract, WorkStudyAnswer: answer);

    [Fact]
    public void A_contract_decided_is_a_contract_change_and_carries_its_state()
    {
        var change = ApplicationEvent.Between(View(ApplicationStatus.ContractSearch, ContractState.Pending), View(ApplicationStatus.ContractSearch, ContractState.Validated));
        Assert.Equal(("contract-changed", ApplicationStatus.ContractSearch, ContractState.Validated), (change!.Kind, change.Status, change.Contract));
        Assert.Equal("status-changed", ApplicationEvent.Between(View(ApplicationStatus.ContractSearch, ContractState.Validated), View(ApplicationStatus.Waitlisted, ContractState.Validated))!.Kind);
    }

    [Fact]
    public void The_establishments_answer_alone_tells_the_candidate_nothing()
    {
        Assert.Null(ApplicationEvent.Between(View(ApplicationStatus.Submitted), View(ApplicationStatus.Submitted, answer: ApplicationStatus.ContractSearch)));
        Assert.Null(ApplicationEvent.Between(View(ApplicationStatus.ContractSearch, ContractState.Pending), View(ApplicationStatus.ContractSearch, ContractState.Pending)));
    }
}
