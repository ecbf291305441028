using System.Globalization;
using System.Text.Json.Nodes;
using MonMaster.Admission;
using MonMaster.Tests.Reference;

namespace MonMaster.Tests.Engine;

/// <summary>
/// Random campaigns from a seed: random capacities, applications, rankings (some replaced), answers,
/// silences, out-of-phase actions and clock jumps, in either release mode. Two campaigns in three go on
/// past the main phase: work-study answers, formations opening complementary places, new applications,
/// preference orders (some invalid, some never sent), complementary rankings, answers in the automatic
/// period and in the withdrawals, up to 1 September at most. Work-study contracts are filed, validated or
/// refused (before the work-study offers of 13 June and after); candidates refer to a rector, and the offices
/// propose places on every kind of application. One campaign in eight is wide (a wish per formation) to reach
/// the wish limits, and every campaign carries probes: actions of every kind at window edges, on applications
/// of every status and on undeclared ids, so that every pair of errors of a precedence list gets met together.
/// Same seed, same scenario.
/// </summary>
/// <remarks>
/// Preference orders and complementary rankings are only worth something when they name exactly what is
/// still in the running at that time, which the generator cannot know by itself: it asks the sequential model
/// for the campaign's state at that time (a snapshot of the events generated so far) and builds most of them
/// valid, a few invalid on purpose. The engine is then compared with the model on the whole campaign as usual.
/// A validated contract brings a work-study candidate onto the waitlist ahead of the waiting ones: the invariants
/// allow for exactly that.
/// </remarks>
public static class RandomCampaigns
{
    private static readonly string[] Mentions = ["Informatique", "Droit", "Mathématiques"];

    /// <summary>A single-university region (2 applications suffice for a referral) and two others.</summary>
    private static readonly string[] Regions = ["Corse", "Occitanie", "Bretagne"];

    /// <summary>The three licence years that allow a referral, and one too old.</summary>
    private static string[] Licences(int year) => [$"{year - 3}-{year - 2}", $"{year - 2}-{year - 1}", $"{year - 1}-{year}", $"{year - 5}-{year - 4}"];

    public static string Generate(int seed, int year = 2025)
    {
        var random = new Random(seed);
        var calendar = new CampaignCalendar(year);
        DateTimeOffset Paris(int month, int day, int hour = 0, int minute = 0, int second = 0)
        {
            var local = new DateTime(year, month, day, hour, minute, second);
            return new DateTimeOffset(local, CampaignCalendar.Paris.GetUtcOffset(local));
        }

        var release = random.Next(2) == 0 ? "daily" : "immediate";
        // One campaign in eight is wide: a wish per formation (an establishment each), so that the 15 and 10 wish
        // limits are reached (C1 applies everywhere in the main phase, C2 everywhere in the complementary one).
        var wide = random.Next(8) == 0;
        var formationCount = wide ? random.Next(18, 21) : random.Next(1, 7);
        var candidateCount = wide ? random.Next(2, 6) : random.Next(1, 14);
        var formations = Enumerable.Range(1, formationCount).Select(i => new JsonObject
        {
            ["id"] = $"F{i}",
            ["establishment"] = wide ? $"E{i}" : $"E{random.Next(1, 3)}",
            ["mention"] = Mentions[random.Next(Mentions.Length)],
            ["parcours"] = $"P{i}",
            ["track"] = random.Next(5) == 0 ? "work-study" : "classic",
            ["capacity"] = random.Next(wide ? 1 : 0, 4),
        }).ToList();
        var formationIds = formations.Select(f => (string)f["id"]!).ToList();
        var candidates = Enumerable.Range(1, candidateCount).Select(i => $"C{i}").ToList();
        // Some candidates declare a referral (region, licence year) for the eligibility output.
        var declaredReferrals = candidates.Where(_ => random.Next(4) == 0)
            .ToDictionary(c => c, _ => (Region: Regions[random.Next(Regions.Length)], Licence: Licences(year)[random.Next(4)]));

        var events = new List<JsonObject>();
        var applied = candidates.ToDictionary(c => c, _ => new List<string>());
        foreach (var candidate in candidates)
            foreach (var formation in formations.Where(_ => wide ? candidate == "C1" || random.Next(6) == 0 : random.Next(3) > 0))
            {
                var id = (string)formation["id"]!;
                events.Add(Event(Time(random, calendar.ApplicationOpens.AddDays(-2), calendar.ApplicationCloses.AddDays(1)), "apply",
                    ("candidate", candidate), ("formation", id)));
                applied[candidate].Add(id);
                if (random.Next(20) == 0) events.Add(Event(Time(random, calendar.ApplicationOpens, calendar.ApplicationCloses), "apply", ("candidate", candidate), ("formation", id)));
            }
        if (random.Next(4) == 0) events.Add(Event(calendar.ApplicationOpens.AddHours(3), "apply", ("candidate", "ghost"), ("formation", "F1")));

        foreach (var formation in formations)
        {
            var id = (string)formation["id"]!;
            var applicants = candidates.Where(c => applied[c].Contains(id)).OrderBy(_ => random.Next()).ToList();
            for (var version = 0; version < (random.Next(4) == 0 ? 2 : 1); version++)
            {
                var ranked = applicants.Where(_ => random.Next(5) > 0).OrderBy(_ => random.Next()).ToList();
                var notRetained = applicants.Except(ranked).Where(_ => random.Next(2) == 0).ToList();
                if (random.Next(15) == 0 && candidates.Count > 0) ranked.Add(candidates[random.Next(candidates.Count)]);
                events.Add(Ranking(Time(random, calendar.RankingOpens.AddDays(-3), calendar.RankingCloses.AddDays(1)), id, ranked, notRetained));
            }
        }

        var answers = random.Next(candidateCount, candidateCount * 6);
        for (var i = 0; i < answers && candidates.Count > 0; i++)
        {
            var candidate = candidates[random.Next(candidates.Count)];
            var choices = applied[candidate];
            var formation = choices.Count > 0 && random.Next(10) > 0 ? choices[random.Next(choices.Count)] : $"F{random.Next(1, formationCount + 2)}";
            var at = Time(random, calendar.OpeningRound.AddHours(-7), calendar.MainAdmissionEnd.AddHours(2));
            events.Add(Answer(random, at, candidate, formation, choices));
        }

        // Work-study answers (31 Mar - 1 May), shown on 2 May: contract search or not retained; some left unanswered.
        foreach (var formation in formations.Where(f => (string)f["track"]! == "work-study"))
        {
            var id = (string)formation["id"]!;
            foreach (var candidate in candidates.Where(c => applied[c].Contains(id)))
                for (var version = random.Next(4); version < 3; version++)
                    events.Add(Event(Time(random, Paris(3, 30), Paris(5, 2)), "answer-work-study", ("formation", id), ("candidate", candidate),
                        ("answer", random.Next(3) > 0 ? "contract-search" : "not-retained")));
        }

        // Employer contracts (2 May - 31 Aug) of the candidates in contract search on 2 May: filed, validated or
        // refused by the formation, filed again after a refusal or even after a validation (contract-validated),
        // before the work-study offers start on 13 June and after, so that validated candidates are called in rank order.
        var workStudy = formations.Where(f => (string)f["track"]! == "work-study").Select(f => (string)f["id"]!).ToList();
        if (workStudy.Count > 0)
        {
            var may = Snapshot(Paris(5, 2));
            foreach (var id in workStudy)
                foreach (var candidate in candidates.Where(c => StatusOf(may, c, id) == "contract-search" || random.Next(8) == 0))
                {
                    var at = random.Next(3) == 0 ? Time(random, Paris(6, 13), Paris(8, 20)) : Time(random, Paris(5, 1), Paris(6, 12));
                    for (var filing = random.Next(3); filing < 3; filing++)
                    {
                        events.Add(Event(at, "upload-contract", ("candidate", candidate), ("formation", id)));
                        at = at.AddHours(random.Next(1, 24 * 8));
                        var decision = random.Next(5);
                        if (decision < 4) events.Add(Event(at, decision < 3 ? "validate-contract" : "refuse-contract", ("formation", id), ("candidate", candidate)));
                        at = at.AddHours(random.Next(1, 24 * 8));
                    }
                }
        }

        DateTimeOffset until;
        if (random.Next(3) == 0)
        {
            until = random.Next(3) == 0 ? calendar.ComplementaryOpens.AddDays(2) : calendar.ComplementaryOpens;
        }
        else
        {
            var ends = new[]
            {
                Paris(6, 23, 23, 59, 59), Paris(6, 24, 6), Paris(7, 8, 6), Paris(7, 17, 23, 59, 59), Paris(7, 18),
                Time(random, Paris(6, 25), Paris(7, 16)), Time(random, Paris(7, 19), Paris(8, 30)), Paris(8, 31, 23, 59, 59), Paris(9, 1),
            };
            until = ends[random.Next(ends.Length)];
            GoOnAfterTheMainPhase();
        }

        for (var i = random.Next(5, 25); i > 0; i--) Probe();
        events = [.. events.Where(e => At(e) <= until).OrderBy(_ => random.Next())]; // file order is not time order: the replay sorts
        return Scenario(events, until).ToJsonString();

        void GoOnAfterTheMainPhase()
        {
            // Most formations rank again at the end of May, naming only candidates whose application was taken, so
            // that the main phase leaves waitlists and held offers for the complementary phase to work on.
            var may = Snapshot(Paris(5, 25));
            foreach (var id in formationIds.Where(_ => random.Next(4) > 0))
            {
                var applicants = candidates.Where(c => StatusOf(may, c, id) is not null).OrderBy(_ => random.Next()).ToList();
                var ranked = applicants.Where(_ => random.Next(6) > 0).ToList();
                events.Add(Ranking(Time(random, Paris(5, 26), Paris(6, 1)), id, ranked, [.. applicants.Except(ranked).Where(_ => random.Next(2) == 0)]));
            }

            // Candidates answer the offers the campaign made (2-16 June), mostly by a provisional acceptance that
            // keeps their waitlists, so that they come to the complementary phase holding an offer and waiting elsewhere.
            foreach (var day in new[] { 2, 4, 6, 9, 12, 15 })
            {
                var at = Paris(6, day, random.Next(7, 23), random.Next(60));
                var state = Snapshot(at);
                var second = 0;
                foreach (var candidate in candidates)
                {
                    // One answer per candidate, a second apart: same-instant events run in (shuffled) file order.
                    var offers = Statuses(state, candidate).Where(s => s.Value == "offer").Select(s => s.Key).ToList();
                    if (offers.Count == 0) continue;
                    var formation = offers[random.Next(offers.Count)];
                    var answer = random.Next(10);
                    var when = at.AddSeconds(second++);
                    if (answer < 6) events.Add(Event(when, "accept", ("candidate", candidate), ("formation", formation), ("mode", answer == 0 ? "definitive" : "provisional")));
                    else if (answer == 6) events.Add(Event(when, "refuse", ("candidate", candidate), ("formation", formation)));
                }
            }

            // Formations opening complementary places (2-23 June), some refused: 0 places, or more than are free.
            var opened = new List<string>();
            foreach (var formation in formations.Where(_ => random.Next(wide ? 8 : 3) > 0))
            {
                var id = (string)formation["id"]!;
                var capacity = (int)formation["capacity"]!;
                opened.Add(id);
                for (var version = random.Next(3); version < 3; version++)
                {
                    var at = random.Next(10) == 0 ? Paris(6, 2, 5, 59, 59) : Time(random, Paris(6, 2, 6), Paris(6, 16));
                    var count = random.Next(6) == 0 ? random.Next(2) * (capacity + 1) : random.Next(1, Math.Max(2, capacity + 1));
                    events.Add(Event(at, "open-complementary", ("formation", id)).With("places", count));
                }
            }

            // New applications, 17-19 June, by candidates of the main phase and by newcomers.
            var newcomers = Enumerable.Range(1, random.Next(0, 4)).Select(i => $"N{i}").ToList();
            candidates.AddRange(newcomers);
            foreach (var newcomer in newcomers) applied[newcomer] = [];
            void ApplyLate(string candidate, DateTimeOffset at)
            {
                // Mostly to a formation that opened places and that the candidate did not apply to yet.
                var fresh = opened.Except(applied[candidate]).ToList();
                var formation = fresh.Count > 0 && random.Next(5) > 0 ? fresh[random.Next(fresh.Count)]
                    : random.Next(12) == 0 ? "FX" : formationIds[random.Next(formationIds.Count)];
                events.Add(Event(at, "apply", ("candidate", candidate), ("formation", formation)));
                if (!applied[candidate].Contains(formation)) applied[candidate].Add(formation);
            }
            foreach (var candidate in candidates)
                for (var i = random.Next(newcomers.Contains(candidate) ? 1 : 0, 3); i > 0; i--)
                    ApplyLate(candidate, random.Next(12) == 0 ? Paris(6, 16, 23, 59, 59) : Time(random, Paris(6, 17), Paris(6, 19)));
            if (random.Next(3) == 0) events.Add(Event(Time(random, Paris(6, 17), Paris(6, 19)), "apply", ("candidate", "ghost"), ("formation", formationIds[random.Next(formationIds.Count)])));
            if (wide && candidates.Contains("C2"))
            {
                // Past 10 new wishes, then to formations it applied to in the main phase (some did not retain it).
                var main = applied["C2"].ToList();
                foreach (var id in formationIds.Except(main).OrderBy(_ => random.Next()))
                {
                    events.Add(Event(Time(random, Paris(6, 17), Paris(6, 18)), "apply", ("candidate", "C2"), ("formation", id)));
                    applied["C2"].Add(id);
                }
                // Some days leave the procedure first (a definitive acceptance: not-eligible from then on).
                var held = Statuses(Snapshot(Paris(6, 19, 6)), "C2").Where(s => s.Value is "offer" or "accepted-provisional").Select(s => s.Key).FirstOrDefault();
                if (held is not null && random.Next(2) == 0)
                    events.Add(Event(Paris(6, 19, 6, 30), "accept", ("candidate", "C2"), ("formation", held), ("mode", "definitive")));
                foreach (var id in main.Append(formationIds[random.Next(formationIds.Count)]))
                    events.Add(Event(Paris(6, 19, random.Next(7, 23)), "apply", ("candidate", "C2"), ("formation", id)));
            }

            // Answers from 17 June to 31 August (none 20-21 June, while the preference orders are sent).
            for (var i = random.Next(0, candidates.Count + 1); i > 0; i--)
            {
                var candidate = candidates[random.Next(candidates.Count)];
                var choices = applied[candidate];
                var at = Time(random, Paris(6, 17), Paris(8, 31));
                if (at >= Paris(6, 20) && at < Paris(6, 22)) continue;
                var formation = choices.Count > 0 && random.Next(10) > 0 ? choices[random.Next(choices.Count)] : formationIds[random.Next(formationIds.Count)];
                events.Add(Answer(random, at, candidate, formation, choices));
            }

            // Preference orders, 20-21 June, from the state on 20 June 00:00: most valid, some invalid, some never sent.
            var june = Snapshot(Paris(6, 20));
            foreach (var candidate in candidates)
            {
                var statuses = Statuses(june, candidate);
                var at = random.Next(15) == 0 ? Paris(6, 24) : Time(random, Paris(6, 20), Paris(6, 21));
                if (statuses.ContainsValue("accepted-definitive"))
                {
                    if (random.Next(5) == 0) events.Add(Preference(at, candidate, [])); // not-eligible
                    continue;
                }

                if (random.Next(8) == 0) continue; // loses every remaining application on 24 June
                var remaining = statuses.Where(s => s.Value is "waitlisted" or "contract-search" or "submitted").Select(s => s.Key).ToList();
                var held = statuses.Where(s => s.Value == "accepted-provisional").Select(s => s.Key).ToList();
                for (var version = random.Next(5) == 0 ? 0 : 1; version < 2; version++)
                {
                    var order = remaining.OrderBy(_ => random.Next()).ToList();
                    if (held.Count > 0 && random.Next(3) > 0) order.Insert(random.Next(order.Count + 1), held[0]); // put last anyway
                    if (random.Next(8) == 0)
                    {
                        var other = statuses.Keys.Except(order).Except(held).ToList();
                        switch (random.Next(4))
                        {
                            case 0 when order.Count > 0: order.RemoveAt(random.Next(order.Count)); break; // one missing
                            case 1 when order.Count > 0: order.Add(order[0]); break; // one twice
                            case 2 when other.Count > 0: order.Add(other[random.Next(other.Count)]); break; // one not remaining
                            default: order.Add(formationIds[random.Next(formationIds.Count)]); break;
                        }
                    }
                    events.Add(Preference(at.AddMinutes(version), candidate, order));
                }
            }

            // Applications after the order (22-23 June) go just above the held offer.
            foreach (var candidate in candidates.Where(_ => random.Next(4) == 0))
                ApplyLate(candidate, random.Next(10) == 0 ? Paris(6, 24) : Time(random, Paris(6, 22), Paris(6, 23)));

            // Manual refusals of a held offer in the automatic period (the place goes at the next round), some on
            // 17 July after the round: the place goes at the first round of the withdrawals.
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var at = random.Next(2) == 0 ? Time(random, Paris(6, 24), Paris(7, 16)) : Paris(7, 17, random.Next(7, 24), random.Next(60));
                var state = Snapshot(at);
                var holders = candidates.SelectMany(c => Statuses(state, c).Where(s => s.Value == "accepted-provisional").Select(s => (c, s.Key)))
                    .OrderByDescending(h => (int)state["formations"]![h.Key]!["waitlist"]! > 0).ThenBy(_ => random.Next()).Take(2).ToList(); // mostly where someone waits
                if (holders.Count == 0) continue;
                var (candidate, formation) = holders[random.Next(holders.Count)];
                events.Add(Event(at, random.Next(4) == 0 ? "renounce" : "refuse", ("candidate", candidate), ("formation", formation)));
            }

            // Complementary rankings (24 June - 7 July) of the new applications still submitted at that time.
            var mainApplications = events.Where(e => (string)e["type"]! == "apply" && At(e) >= Paris(2, 25) && At(e) <= Paris(3, 24, 23, 59, 59))
                .Select(e => ((string)e["candidate"]!, (string)e["formation"]!)).ToHashSet();
            foreach (var id in formationIds)
            {
                var newApplicants = candidates.Where(c => applied[c].Contains(id) && !mainApplications.Contains((c, id))).ToList();
                if (newApplicants.Count == 0) continue;
                for (var version = 0; version < (random.Next(4) == 0 ? 2 : 1); version++)
                {
                    var at = random.Next(10) switch
                    {
                        0 => Paris(6, 23, 23, 59, 59),
                        1 => Paris(7, 8),
                        _ => Time(random, Paris(6, 24), Paris(7, 7)),
                    };
                    var state = Snapshot(at);
                    var fresh = newApplicants.Where(c => StatusOf(state, c, id) == "submitted").OrderBy(_ => random.Next()).ToList();
                    var ranked = fresh.Where(_ => random.Next(5) > 0).ToList();
                    var notRetained = fresh.Except(ranked).Where(_ => random.Next(2) == 0).ToList();
                    if (random.Next(10) == 0) ranked.Add(candidates[random.Next(candidates.Count)]); // often not a new application still submitted
                    events.Add(Ranking(at, id, ranked, notRetained));
                }
            }

            // Answers to offers made in the withdrawals (18 July - 31 August), in time or too late.
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var at = Time(random, Paris(7, 18, 6), Paris(8, 31));
                var state = Snapshot(at);
                var offers = candidates.SelectMany(c => Statuses(state, c).Where(s => s.Value == "offer").Select(s => (c, s.Key))).ToList();
                if (offers.Count == 0) continue;
                var (candidate, formation) = offers[random.Next(offers.Count)];
                var later = random.Next(4) == 0 ? at.AddDays(random.Next(1, 30)) : at;
                events.Add(random.Next(3) switch
                {
                    0 => Event(later, "refuse", ("candidate", candidate), ("formation", formation)),
                    1 => Event(later, "accept", ("candidate", candidate), ("formation", formation), ("mode", "definitive")),
                    _ => Event(later, "accept", ("candidate", candidate), ("formation", formation), ("mode", "provisional")),
                });
            }

            ReferToTheRector();

            // After the last day (1 September): answers to offers, expired or not, and contracts filed again.
            var september = Snapshot(Paris(9, 1));
            events.Add(Event(Paris(9, 1), "accept", ("candidate", candidates[random.Next(candidates.Count)]), ("formation", formationIds[0]), ("mode", "provisional")));
            foreach (var candidate in candidates)
                foreach (var (formation, status) in Statuses(september, candidate).Where(_ => random.Next(2) == 0))
                {
                    if (status is "offer" or "expired")
                        events.Add(Event(Paris(9, 1), random.Next(2) == 0 ? "refuse" : "accept", ("candidate", candidate), ("formation", formation), ("mode", "definitive")));
                    if ((string?)september["candidates"]![candidate]!["applications"]![formation]!["contract"] is not null)
                        events.Add(Event(Paris(9, 1), "upload-contract", ("candidate", candidate), ("formation", formation)));
                }
        }

        // Section 7: referrals (18 July - 1 August), mostly by candidates with no offer, in a single-university
        // region (2 applications suffice) or not, with a recent licence or not, some twice or out of the window; then
        // the offices' proposals, on every kind of application the candidate may have there.
        void ReferToTheRector()
        {
            var july = Snapshot(Paris(7, 18, 6));
            foreach (var candidate in candidates.Where(_ => random.Next(3) > 0))
            {
                var statuses = Statuses(july, candidate);
                if (statuses.Values.Any(s => s is "offer" or "accepted-provisional" or "accepted-definitive") && random.Next(3) > 0) continue;
                var (region, licence) = declaredReferrals.TryGetValue(candidate, out var declared) && random.Next(3) > 0
                    ? declared : (Regions[random.Next(Regions.Length)], Licences(year)[random.Next(4)]);
                for (var filing = random.Next(4) == 0 ? 0 : 1; filing < 2; filing++)
                {
                    var at = random.Next(filing == 0 ? 10 : 5) switch { 0 => Paris(7, 17, 23, 59, 59), 1 => Paris(8, 2, 6), _ => Time(random, Paris(7, 18), Paris(8, 1)) };
                    events.Add(Event(at, "refer", ("candidate", candidate), ("region", filing == 0 ? Regions[random.Next(Regions.Length)] : region), ("licenceYear", licence)));
                }
            }

            if (random.Next(2) == 0)
                events.Add(Event(Time(random, Paris(7, 18), Paris(8, 31)), "accept", ("candidate", "ghost"), ("formation", formationIds[0]), ("mode", "provisional")));

            // A place freed by a refusal during the day, proposed before the next round: to the referred candidate who
            // refused it, or who waits there.
            foreach (var day in Enumerable.Range(19, 40).Where(_ => random.Next(8) == 0))
            {
                var morning = Paris(7, 1).AddDays(day - 1).AddHours(9);
                var state = Snapshot(morning);
                var referred = state["referrals"]?.AsObject().SelectMany(r => r.Value!.AsObject().Select(c => (Region: r.Key, Candidate: c.Key))) ?? [];
                foreach (var (region, candidate) in referred)
                    foreach (var (formation, status) in Statuses(state, candidate).Where(a => a.Value is "offer" or "waitlisted"))
                    {
                        var refusing = status == "offer" ? candidate
                            : candidates.FirstOrDefault(c => StatusOf(state, c, formation) == "offer");
                        if (refusing is null) continue;
                        events.Add(Event(morning.AddHours(1), "refuse", ("candidate", refusing), ("formation", formation)));
                        events.Add(Event(morning.AddHours(2), "rector-proposal", ("region", region), ("candidate", candidate), ("formation", formation)));
                    }
            }

            for (var i = random.Next(2, 12); i > 0; i--)
            {
                var at = random.Next(12) == 0 ? Paris(7, 17, 23, 59, 59) : Time(random, Paris(7, 18), Paris(9, 1));
                var state = Snapshot(at);
                var referred = state["referrals"]?.AsObject()
                    .SelectMany(r => r.Value!.AsObject().Select(c => (Region: r.Key, Candidate: c.Key))).ToList() ?? [];
                var (region, candidate) = referred.Count > 0 && random.Next(5) > 0
                    ? referred[random.Next(referred.Count)]
                    : (Regions[random.Next(Regions.Length)], candidates[random.Next(candidates.Count)]);
                // A formation where the candidate waits, holds an offer, accepted, refused, or has no application.
                var mine = Statuses(state, candidate);
                var kinds = mine.GroupBy(s => s.Value).Select(g => g.Select(s => s.Key).ToList()).ToList();
                var formation = kinds.Count > 0 && random.Next(3) > 0
                    ? kinds[random.Next(kinds.Count)].OrderBy(_ => random.Next()).First()
                    : formationIds[random.Next(formationIds.Count)];
                events.Add(Event(at, "rector-proposal", ("region", region), ("candidate", candidate), ("formation", formation)));
                if (random.Next(4) == 0) events.Add(Event(at.AddMinutes(1), "rector-proposal", ("region", region), ("candidate", candidate), ("formation", formation)));
            }
        }

        // A probe: an action of any kind, at an edge of a window or any time of the year, on an application of any
        // status, on a candidate and a formation with nothing between them, or on ids nobody declared; many are wrong
        // in two or more ways at once, which is how the error order gets exercised (ErrorPairCoverageTests).
        void Probe()
        {
            DateTimeOffset[] edges =
            [
                Paris(2, 24, 23, 59, 59), Paris(2, 25), Paris(3, 24, 23, 59, 59), Paris(3, 25), Paris(3, 30, 23, 59, 59), Paris(3, 31),
                Paris(5, 1, 23, 59, 59), Paris(5, 2), Paris(6, 1, 23, 59, 59), Paris(6, 2, 5, 59, 59), Paris(6, 2, 6), Paris(6, 16, 23, 59, 59),
                Paris(6, 17), Paris(6, 23, 23, 59, 59), Paris(6, 24), Paris(7, 7, 23, 59, 59), Paris(7, 8), Paris(7, 17, 23, 59, 59),
                Paris(7, 18), Paris(8, 1, 23, 59, 59), Paris(8, 2), Paris(8, 31, 23, 59, 59), Paris(9, 1),
            ];
            var at = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : Time(random, Paris(2, 20), Paris(9, 1));
            var state = Snapshot(at);
            var applications = candidates.SelectMany(c => Statuses(state, c).Select(s => (Candidate: c, Formation: s.Key))).ToList();
            var (candidate, formation) = applications.Count > 0 && random.Next(2) == 0
                ? applications[random.Next(applications.Count)]
                : (candidates[random.Next(candidates.Count)], formationIds[random.Next(formationIds.Count)]);
            if (random.Next(6) == 0) candidate = "ghost";
            if (random.Next(6) == 0) formation = "FX";
            List<string> Some() => [.. candidates.Where(_ => random.Next(3) == 0).Append("ghost").Where(c => c != "ghost" || random.Next(5) == 0)];
            switch (random.Next(14))
            {
                case 0: events.Add(Event(at, "apply", ("candidate", candidate), ("formation", formation))); break;
                case 1:
                {
                    var ranked = Some();
                    var notRetained = Some();
                    if (random.Next(4) == 0 && ranked.Count > 0) (random.Next(2) == 0 ? ranked : notRetained).Add(ranked[0]);
                    events.Add(Ranking(at, formation, ranked, notRetained));
                    break;
                }
                case 2: events.Add(Answer(random, at, candidate, formation, Statuses(state, candidate).Keys.ToList())); break;
                case 3: events.Add(Event(at, "accept", ("candidate", candidate), ("formation", formation), ("mode", random.Next(2) == 0 ? "definitive" : "provisional"))); break;
                case 4: events.Add(Event(at, "refuse", ("candidate", candidate), ("formation", formation))); break;
                case 5: events.Add(Event(at, "upload-piece", ("candidate", candidate), ("piece", "cv"))); break;
                case 6: events.Add(Event(at, "answer-work-study", ("formation", formation), ("candidate", candidate), ("answer", random.Next(2) == 0 ? "contract-search" : "not-retained"))); break;
                case 7: events.Add(Event(at, "upload-contract", ("candidate", candidate), ("formation", formation))); break;
                case 8: events.Add(Event(at, random.Next(2) == 0 ? "validate-contract" : "refuse-contract", ("formation", formation), ("candidate", candidate))); break;
                case 9:
                {
                    var capacity = formations.Where(f => (string)f["id"]! == formation).Select(f => (int)f["capacity"]!).FirstOrDefault();
                    events.Add(Event(at, "open-complementary", ("formation", formation)).With("places", random.Next(-1, capacity + 2)));
                    break;
                }
                case 10:
                {
                    var mine = Statuses(state, candidate);
                    var order = mine.Where(s => s.Value is "waitlisted" or "contract-search" or "submitted" or "accepted-provisional").Select(s => s.Key)
                        .OrderBy(_ => random.Next()).ToList();
                    switch (random.Next(5))
                    {
                        case 0: order.Add(formationIds.Except(mine.Keys).DefaultIfEmpty("F1").First()); break; // not an application
                        case 1: order.Add("FX"); break;
                        case 4: order.AddRange(["FX", formationIds.Except(mine.Keys).DefaultIfEmpty("F1").First()]); break;
                        case 2 when order.Count > 0: order.Add(order[0]); break;
                        case 3 when order.Count > 0: order.RemoveAt(0); break;
                    }
                    events.Add(Preference(at, candidate, order));
                    break;
                }
                case 11:
                    events.Add(Event(at, "refer", ("candidate", candidate), ("region", Regions[random.Next(Regions.Length)]), ("licenceYear", Licences(year)[random.Next(4)])));
                    break;
                case 12:
                    events.Add(Event(at, "rector-proposal", ("region", Regions[random.Next(Regions.Length)]), ("candidate", candidate), ("formation", formation)));
                    break;
                default: events.Add(Event(at, "renounce", ("candidate", candidate), ("formation", formation))); break;
            }
        }

        // The sequential model's view of the campaign at a time, from the events generated so far.
        JsonObject Snapshot(DateTimeOffset at) =>
            ReferenceCampaign.Run(Scenario([.. events.Where(e => At(e) <= at)], at).ToJsonString());

        JsonObject Scenario(List<JsonObject> chosen, DateTimeOffset end) => new()
        {
            ["campaign"] = new JsonObject { ["year"] = year, ["offerRelease"] = release },
            ["formations"] = new JsonArray([.. formations.Select(f => f.DeepClone())]),
            ["candidates"] = new JsonArray([.. candidates.Select(c => declaredReferrals.TryGetValue(c, out var r)
                ? new JsonObject { ["id"] = c, ["referral"] = new JsonObject { ["region"] = r.Region, ["licenceYear"] = r.Licence } }
                : new JsonObject { ["id"] = c })]),
            ["events"] = new JsonArray([.. chosen.Select(e => e.DeepClone())]),
            ["until"] = CampaignCalendar.Format(end),
        };
    }

    private static JsonObject Answer(Random random, DateTimeOffset at, string candidate, string formation, List<string> choices)
    {
        var kind = random.Next(10);
        if (kind < 6)
        {
            var accept = Event(at, "accept", ("candidate", candidate), ("formation", formation),
                ("mode", random.Next(3) == 0 ? "definitive" : "provisional"));
            if (random.Next(3) == 0)
                accept["keepWaitlists"] = new JsonArray([.. choices.Where(_ => random.Next(2) == 0).Select(c => JsonValue.Create(c))]);
            return accept;
        }
        return kind < 8 ? Event(at, "refuse", ("candidate", candidate), ("formation", formation)) : Event(at, "renounce", ("candidate", candidate), ("formation", formation));
    }

    private static JsonObject Ranking(DateTimeOffset at, string formation, List<string> ranked, List<string> notRetained)
    {
        var ranking = Event(at, "rank", ("formation", formation));
        ranking["ranked"] = new JsonArray([.. ranked.Select(c => JsonValue.Create(c))]);
        ranking["notRetained"] = new JsonArray([.. notRetained.Select(c => JsonValue.Create(c))]);
        return ranking;
    }

    private static JsonObject Preference(DateTimeOffset at, string candidate, List<string> order)
    {
        var preference = Event(at, "preference", ("candidate", candidate));
        preference["formations"] = new JsonArray([.. order.Select(f => JsonValue.Create(f))]);
        return preference;
    }

    private static Dictionary<string, string> Statuses(JsonObject output, string candidate) =>
        output["candidates"]?[candidate]?["applications"]?.AsObject().ToDictionary(a => a.Key, a => (string)a.Value!["status"]!) ?? [];

    private static string? StatusOf(JsonObject output, string candidate, string formation) =>
        (string?)output["candidates"]?[candidate]?["applications"]?[formation]?["status"];

    private static DateTimeOffset At(JsonObject e) => DateTimeOffset.Parse((string)e["at"]!, CultureInfo.InvariantCulture);

    private static JsonObject Event(DateTimeOffset at, string type, params (string Name, string Value)[] fields)
    {
        var node = new JsonObject { ["at"] = CampaignCalendar.Format(at), ["type"] = type };
        foreach (var (name, value) in fields) node[name] = value;
        return node;
    }

    private static JsonObject With(this JsonObject node, string name, int value)
    {
        node[name] = value;
        return node;
    }

    /// <summary>A time between two instants, often on an edge: midnight, just before 06:00, 06:00, 23:59:59.</summary>
    private static DateTimeOffset Time(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var days = Math.Max(0, (int)(to - from).TotalDays);
        var day = DateOnly.FromDateTime(CampaignCalendar.ToParis(from).DateTime).AddDays(random.Next(days + 1));
        var clock = random.Next(6) switch
        {
            0 => new TimeOnly(0, 0, 0),
            1 => new TimeOnly(5, 59, 59),
            2 => new TimeOnly(6, 0, 0),
            3 => new TimeOnly(23, 59, 59),
            _ => new TimeOnly(random.Next(7, 23), random.Next(60), 0),
        };
        var local = day.ToDateTime(clock);
        return new DateTimeOffset(local, CampaignCalendar.Paris.GetUtcOffset(local));
    }
}
