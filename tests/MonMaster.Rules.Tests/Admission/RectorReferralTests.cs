using MonMaster.Admission;

namespace MonMaster.Tests.Admission;

/// <summary>Section 7 of the brochure: who may refer to the rector from 18 July (campaign 2025).</summary>
public sealed class RectorReferralTests
{
    private static readonly ReferralAnswers Eligible = new(SingleUniversityRegion: false, LicenceYear: 2024, OfferReceived: false, Applications: 5, Mentions: 2, Establishments: 2);

    private static IEnumerable<string> Unmet(ReferralAnswers answers) => RectorReferral.Unmet(2025, answers).Select(u => u.Code);

    [Fact]
    public void Five_applications_in_two_mentions_to_two_establishments_without_an_offer_are_eligible() =>
        Assert.Empty(Unmet(Eligible));

    [Fact]
    public void An_offer_received_rules_the_referral_out() =>
        Assert.Equal(["offer-received"], Unmet(Eligible with { OfferReceived = true }));

    [Theory]
    [InlineData(2022, true)]
    [InlineData(2023, true)]
    [InlineData(2024, true)]
    [InlineData(2021, false)]
    [InlineData(2025, false)]
    public void The_licence_must_be_of_one_of_the_last_three_academic_years(int year, bool counts)
    {
        Assert.Equal(counts, !Unmet(Eligible with { LicenceYear = year }).Contains("licence-too-old"));
        Assert.Equal(["2022-2023", "2023-2024", "2024-2025"], RectorReferral.LicenceYears(2025).Select(RectorReferral.AcademicYear));
    }

    [Fact]
    public void Where_the_region_has_two_universities_or_more_each_count_is_checked()
    {
        Assert.Equal(["too-few-applications"], Unmet(Eligible with { Applications = 4 }));
        Assert.Equal(["too-few-mentions"], Unmet(Eligible with { Mentions = 1 }));
        Assert.Equal(["too-few-establishments"], Unmet(Eligible with { Establishments = 1 }));
        Assert.Equal(["offer-received", "licence-too-old", "too-few-applications", "too-few-mentions", "too-few-establishments"],
            Unmet(new ReferralAnswers(false, 2019, true, 1, 1, 1)));
    }

    [Fact]
    public void Where_the_region_has_one_university_two_applications_suffice()
    {
        var single = new ReferralAnswers(SingleUniversityRegion: true, LicenceYear: 2024, OfferReceived: false, Applications: 2, Mentions: 1, Establishments: 1);
        Assert.Empty(Unmet(single));
        Assert.Equal(["too-few-applications"], Unmet(single with { Applications = 1 }));
        Assert.Contains("Corse", RectorReferral.SingleUniversityRegions);
        Assert.Equal(7, RectorReferral.SingleUniversityRegions.Count);
    }

    [Theory]
    [InlineData("2024-2025", 2024)]
    [InlineData("2022-2023", 2022)]
    [InlineData("2024-2026", null)]
    [InlineData("2024", null)]
    [InlineData("abcd-efgh", null)]
    [InlineData(null, null)]
    public void Academic_years_are_read_as_two_consecutive_years(string? text, int? first) =>
        Assert.Equal(first, RectorReferral.ParseAcademicYear(text));
}
