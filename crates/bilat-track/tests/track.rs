//! The tracking rules on a small hand-made record (written for these tests; the names, dates
//! and figures are invented and stand for nothing real).

use bilat_model::{Dataset, Day, Dyad, Record, RecordId, validate::validate};
use bilat_track::commitments::{Confidence, Filter, Options, Verdict, assess, assess_dyad};
use bilat_track::progress::{ChangeKind, progress};
use bilat_track::projects::pipeline;
use bilat_track::roadmap::{RoadmapError, roadmap};
use bilat_track::targets::{TargetState, trajectories};

const RECORD: &str = r#"
{"kind":"country","id":"KZ","alpha3":"KAZ","names":{"en":"Kazakhstan"}}
{"kind":"country","id":"QA","alpha3":"QAT","names":{"en":"Qatar"}}
{"kind":"source","id":"src:s2023","short":"Bulletin 2023","source_kind":"official","title":"Test bulletin","date":"2023-06-01","language":"en","url":"https://example.org/2023"}
{"kind":"source","id":"src:s2024","short":"Bulletin 2024","source_kind":"official","title":"Test bulletin","date":"2024-03-01","language":"en"}
{"kind":"source","id":"src:s2025","short":"Bulletin 2025","source_kind":"news","title":"Test bulletin","date":"2025-02-10","language":"en"}
{"kind":"actor","id":"ac:wg","actor_kind":"organisation","names":{"en":"Joint working group on trade"},"claims":[{"fact":"describes","summary":"A test working group.","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"agreement","id":"ag:plan","agreement_kind":"agreement","title":{"en":"Test partnership plan"},"dyads":["KZ-QA"],"parties":["KZ","QA"],"domains":["trade_economic_investment"],"claims":[{"fact":"signed","date":"2023-05-20","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:goal","title":{"en":"Grow trade"},"dyads":["KZ-QA"],"agreement":"ag:plan","level":"goal","domains":["trade_economic_investment"],"claims":[{"fact":"describes","summary":"The aim.","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:office","title":{"en":"Open a trade office"},"dyads":["KZ-QA"],"agreement":"ag:plan","parent":"cm:goal","depends_on":["cm:law"],"domains":["trade_economic_investment"],"claims":[
  {"fact":"deadline","date":"2024-12","evidence":[{"source":"src:s2023","locator":"whole"}]},
  {"fact":"participant","actor":"ac:wg","role":"owner","evidence":[{"source":"src:s2023","locator":"whole"}]},
  {"fact":"status","status":"implementation","date":"2024-02-15","evidence":[{"source":"src:s2024","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:law","title":{"en":"Pass the enabling law"},"dyads":["KZ-QA"],"agreement":"ag:plan","parent":"cm:goal","domains":["trade_economic_investment"],"claims":[
  {"fact":"deadline","date":"2024-06-30","evidence":[{"source":"src:s2023","locator":"whole"}]},
  {"fact":"participant","actor":"KZ","role":"owner","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:fund","title":{"en":"Set up a \"joint\" fund, now"},"dyads":["KZ-QA"],"agreement":"ag:plan","parent":"cm:goal","domains":["trade_economic_investment"],"claims":[
  {"fact":"deadline","date":"2024","evidence":[{"source":"src:s2023","locator":"whole"}]},
  {"fact":"status","status":"completed","date":"2024-11-01","evidence":[{"source":"src:s2025","locator":"whole"}]},
  {"fact":"compliance","party":"KZ","score":1,"period":"2024","justification":"Paid its share.","evidence":[{"source":"src:s2025","locator":"whole"}]},
  {"fact":"compliance","party":"QA","score":0,"period":"2024","justification":"Paid half.","evidence":[{"source":"src:s2025","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:flights","title":{"en":"Direct flights"},"dyads":["KZ-QA"],"domains":["transport_logistics"],"claims":[
  {"fact":"status","status":"suspended","date":"2024-04-01","evidence":[{"source":"src:s2024","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:rec-roadmap","title":{"en":"Adopt a roadmap with deadlines"},"dyads":["KZ-QA"],"origin":"proposed","domains":["political_diplomatic"],"claims":[
  {"fact":"participant","actor":"ac:wg","role":"recipient","evidence":[{"source":"src:s2024","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:rec-visas","title":{"en":"Ease visas"},"dyads":["KZ-QA"],"origin":"proposed","domains":["cultural_humanitarian"],"claims":[
  {"fact":"describes","summary":"A proposal.","evidence":[{"source":"src:s2024","locator":"whole"}]}]}
{"kind":"commitment","id":"cm:adopt","title":{"en":"Adopt the plan's roadmap"},"dyads":["KZ-QA"],"domains":["political_diplomatic"],"claims":[
  {"fact":"concerns","record":"cm:rec-roadmap","evidence":[{"source":"src:s2025","locator":"whole"}]},
  {"fact":"deadline","date":"2025-12-31","evidence":[{"source":"src:s2025","locator":"whole"}]}]}
{"kind":"target","id":"tg:turnover","indicator":"trade.turnover","title":{"en":"Turnover of USD 500 million"},"dyads":["KZ-QA"],"claims":[{"fact":"target_value","value":{"value":"500000000","unit":"USD"},"by":"2027","set_on":"2023-05-20","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"target","id":"tg:nodate","indicator":"trade.turnover","title":{"en":"Turnover without a date"},"dyads":["KZ-QA"],"claims":[{"fact":"target_value","value":{"value":"500000000","unit":"USD"},"evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"observation","id":"ob:t2022","indicator":"trade.turnover","title":{"en":"Turnover 2022"},"dyads":["KZ-QA"],"claims":[{"fact":"value","value":{"value":"100000000","unit":"USD"},"period":"2022","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"observation","id":"ob:t2024","indicator":"trade.turnover","title":{"en":"Turnover 2024"},"dyads":["KZ-QA"],"claims":[
  {"fact":"value","value":{"value":"144000000","unit":"USD"},"period":"2024","evidence":[{"source":"src:s2025","locator":"whole"}]},
  {"fact":"value","value":{"value":"150000000","unit":"USD"},"period":"2024","evidence":[{"source":"src:s2025","locator":"whole"}]}]}
{"kind":"project","id":"pr:plant","title":{"en":"A plant"},"dyads":["KZ-QA"],"sector":"energy","domains":["trade_economic_investment"],"aggregation":"counted","claims":[{"fact":"planned_investment","amount":{"amount":"200000000","currency":"USD"},"evidence":[{"source":"src:s2023","locator":"whole"}]},{"fact":"status","status":"agreed","date":"2023-06","evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"project","id":"pr:farm","title":{"en":"A farm"},"dyads":["KZ-QA"],"sector":"agriculture","domains":["trade_economic_investment"],"aggregation":"counted","claims":[{"fact":"planned_investment","amount":{"amount":"50000000","currency":"USD"},"evidence":[{"source":"src:s2023","locator":"whole"}]},{"fact":"status","status":"cancelled","date":"2024-05","evidence":[{"source":"src:s2024","locator":"whole"}]}]}
{"kind":"project","id":"pr:package","title":{"en":"A package of deals"},"dyads":["KZ-QA"],"sector":"energy","domains":["trade_economic_investment"],"aggregation":"umbrella","claims":[{"fact":"planned_investment","amount":{"amount":"5000000000","currency":"USD"},"evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"project","id":"pr:pledge","title":{"en":"A pledge"},"dyads":["KZ-QA"],"sector":"finance","domains":["trade_economic_investment"],"aggregation":"pledge","claims":[{"fact":"planned_investment","amount":{"amount":"1000000000","currency":"USD"},"evidence":[{"source":"src:s2023","locator":"whole"}]}]}
{"kind":"project","id":"pr:road","title":{"en":"A road"},"dyads":["KZ-QA"],"sector":"transport","domains":["transport_logistics"],"aggregation":"counted","claims":[{"fact":"planned_investment","amount":{"amount":"80000000","currency":"USD"},"evidence":[{"source":"src:s2024","locator":"whole"}]}]}
"#;

fn record() -> Dataset {
    bilat_model::testing::dataset(RECORD)
}

fn day(s: &str) -> Day {
    bilat_model::FuzzyDate::parse(s).unwrap().first_day()
}

fn dyad() -> Dyad {
    Dyad::new("KZ", "QA").unwrap()
}

fn one(data: &Dataset, id: &str, as_of: &str) -> bilat_track::commitments::Assessment {
    let Some(Record::Commitment(c)) = data.get(&RecordId::new(id)) else {
        panic!("{id}")
    };
    assess(data, c, Options::new(day(as_of)))
}

#[test]
fn each_confidence_rule() {
    let data = record();
    // Deadline far ahead, nothing done yet: on track.
    let law = one(&data, "cm:law", "2023-12-01");
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::OnTrack, "deadline-ahead")
    );
    assert_eq!(law.lifecycle, "pipeline");
    assert_eq!(law.owners, ["KZ"]);
    // Within 90 days of the deadline and no progress: at risk.
    let law = one(&data, "cm:law", "2024-05-01");
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::AtRisk, "deadline-near-no-progress")
    );
    // Deadline passed: off track.
    let law = one(&data, "cm:law", "2024-07-01");
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::OffTrack, "overdue")
    );
    // Near its deadline but in implementation: progress is evidenced, on track.
    let office = one(&data, "cm:office", "2024-11-01");
    assert_eq!(office.lifecycle, "implementation");
    assert_eq!(
        (office.confidence, office.rule),
        (Confidence::OnTrack, "deadline-ahead")
    );
    // The implementation status is unknown before its source: as of 2024-02-20 the record
    // did not yet know it (the source is dated 2024-03-01).
    assert_eq!(one(&data, "cm:office", "2024-02-20").lifecycle, "pipeline");
    // Suspended: off track.
    let f = one(&data, "cm:flights", "2024-06-01");
    assert_eq!((f.confidence, f.rule), (Confidence::OffTrack, "suspended"));
    // No deadline: not rated.
    let f = one(&data, "cm:flights", "2024-01-01");
    assert_eq!(
        (f.confidence, f.rule),
        (Confidence::NotRated, "no-deadline")
    );
}

#[test]
fn compliance_scores_and_verdicts() {
    let data = record();
    let fund = one(&data, "cm:fund", "2025-03-01");
    assert_eq!(fund.lifecycle, "completed");
    assert_eq!(fund.confidence, Confidence::Closed);
    let scores: Vec<(String, i8)> = fund
        .compliance
        .iter()
        .map(|p| (p.party.clone(), p.score))
        .collect();
    assert_eq!(scores, [("KZ".to_string(), 1), ("QA".to_string(), 0)]);
    // Mean +0.5: kept.
    assert_eq!(fund.verdict, Some(Verdict::Kept));
    assert!(
        fund.verdict_basis.contains("+0.50"),
        "{}",
        fund.verdict_basis
    );
    // Before the source of the completion (2025-02-10) the record knew neither.
    let fund = one(&data, "cm:fund", "2025-01-01");
    assert_eq!(fund.verdict, None);
    assert!(fund.compliance.is_empty());
    assert_eq!(
        (fund.confidence, fund.rule),
        (Confidence::OffTrack, "overdue")
    );
}

/// The record with more claims added to one commitment.
fn with_claims(id: &str, claims: &str) -> Dataset {
    let extra: Vec<bilat_model::Claim> = serde_json::from_str(claims).unwrap();
    let mut records = record().into_records();
    for r in &mut records {
        if r.id().as_str() == id {
            r.claims_mut().unwrap().extend(extra.clone());
            assert!(validate(r).is_empty(), "{:?}", validate(r));
        }
    }
    Dataset::new(records)
}

#[test]
fn negative_scores_and_the_other_verdicts() {
    // A party scored -1 puts an open commitment off track even before its deadline.
    let data = with_claims(
        "cm:law",
        r#"[{"fact":"compliance","party":"QA","score":-1,"period":"2023-07/2023-12","justification":"Draft withdrawn.","evidence":[{"source":"src:s2024","locator":"whole"}]}]"#,
    );
    let law = one(&data, "cm:law", "2024-03-15");
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::OffTrack, "negative-score")
    );
    // Completed with scores -1 and +1: mean 0, a compromise.
    let data = with_claims(
        "cm:office",
        r#"[{"fact":"status","status":"completed","date":"2024-12-20","evidence":[{"source":"src:s2025","locator":"whole"}]},
            {"fact":"compliance","party":"KZ","score":1,"period":"2024","justification":"Opened it.","evidence":[{"source":"src:s2025","locator":"whole"}]},
            {"fact":"compliance","party":"QA","score":-1,"period":"2024","justification":"Sent no staff.","evidence":[{"source":"src:s2025","locator":"whole"}]}]"#,
    );
    let office = one(&data, "cm:office", "2025-03-01");
    assert_eq!(office.verdict, Some(Verdict::Compromise));
    // Cancelled without scores: broken.
    let data = with_claims(
        "cm:law",
        r#"[{"fact":"status","status":"cancelled","date":"2024-05-01","evidence":[{"source":"src:s2025","locator":"whole"}]}]"#,
    );
    let law = one(&data, "cm:law", "2025-03-01");
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::Closed, "cancelled")
    );
    assert_eq!(law.verdict, Some(Verdict::Broken));
    // A later score replaces an earlier one of the same party.
    let data = with_claims(
        "cm:law",
        r#"[{"fact":"compliance","party":"KZ","score":-1,"period":"2023","justification":"Nothing yet.","evidence":[{"source":"src:s2024","locator":"whole"}]},
            {"fact":"compliance","party":"KZ","score":0,"period":"2024-Q1","justification":"Bill drafted.","evidence":[{"source":"src:s2024","locator":"whole"}]}]"#,
    );
    let law = one(&data, "cm:law", "2024-05-01");
    assert_eq!(law.compliance.len(), 1);
    assert_eq!(law.compliance[0].score, 0);
    // The history keeps both periods, in order.
    let history: Vec<(String, i8)> = law
        .compliance_history
        .iter()
        .map(|p| (p.period.to_string(), p.score))
        .collect();
    assert_eq!(
        history,
        [("2023".to_string(), -1), ("2024-Q1".to_string(), 0)]
    );
    // ... and a score of 0 is evidence of progress: not at risk near the deadline.
    assert_eq!(
        (law.confidence, law.rule),
        (Confidence::OnTrack, "deadline-ahead")
    );
}

#[test]
fn proposals_and_uptake() {
    let data = record();
    let rec = one(&data, "cm:rec-roadmap", "2025-06-01");
    assert_eq!(rec.taken_up_by, ["cm:adopt"]);
    assert_eq!(rec.proposed_to, ["ac:wg"]);
    assert!(rec.proposed_by.is_empty());
    let rec = one(&data, "cm:rec-roadmap", "2024-06-01");
    assert!(rec.taken_up_by.is_empty());
    assert_eq!(rec.rule, "proposal");
    let visas = one(&data, "cm:rec-visas", "2025-06-01");
    assert_eq!(
        (visas.confidence, visas.rule),
        (Confidence::NotRated, "proposal")
    );
}

#[test]
fn filters() {
    let data = record();
    let opts = Options::new(day("2024-07-01"));
    let by = |f: Filter| -> Vec<String> {
        assess_dyad(&data, &dyad(), opts, &f)
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    assert_eq!(
        by(Filter {
            status: Some("off-track".into()),
            ..Filter::default()
        }),
        ["cm:law", "cm:flights"]
    );
    assert_eq!(
        by(Filter {
            owner: Some("working group".into()),
            ..Filter::default()
        }),
        ["cm:office"]
    );
    assert_eq!(
        by(Filter {
            due_before: Some(day("2024-07-01")),
            ..Filter::default()
        }),
        ["cm:law"]
    );
}

#[test]
fn target_trajectories() {
    let data = record();
    let t = trajectories(&data, &dyad(), day("2025-03-01"));
    let dated = t.iter().find(|t| t.id == "tg:turnover").unwrap();
    let base = dated.baseline.as_ref().unwrap();
    let latest = dated.latest.as_ref().unwrap();
    assert_eq!(base.period.to_string(), "2022");
    assert_eq!(latest.period.to_string(), "2024");
    // The two sources disagree on 2024: the lower value is used, the other reported.
    assert_eq!(latest.value.to_string(), "144000000");
    assert_eq!(latest.disputed.len(), 1);
    // 100 -> 144 over two years: 20 % a year observed.
    let g = dated.growth_observed.unwrap();
    assert!((g - 0.2).abs() < 0.001, "{g}");
    // 144 -> 500 by the end of 2027, three years: (500/144)^(1/3) - 1 = 51.4 % needed.
    let n = dated.growth_needed.unwrap();
    assert!((n - 0.5141).abs() < 0.001, "{n}");
    assert_eq!(dated.state, TargetState::OffTrack);
    let undated = t.iter().find(|t| t.id == "tg:nodate").unwrap();
    assert_eq!(undated.state, TargetState::NoDeadline);
    // ln(500/144)/ln(1.2) = 6.8 years after 2024.
    assert_eq!(undated.reached_at_observed_rate, Some(2031));
    // As of 2024-06, 2024 has not ended: the latest is 2022, and no growth can be seen.
    let early = trajectories(&data, &dyad(), day("2024-06-01"));
    let dated = early.iter().find(|t| t.id == "tg:turnover").unwrap();
    assert_eq!(dated.latest.as_ref().unwrap().period.to_string(), "2022");
    assert_eq!(dated.growth_observed, None);
    assert_eq!(dated.state, TargetState::OffTrack);
}

#[test]
fn pipeline_totals_leave_out_what_must_not_be_added() {
    let data = record();
    let p = pipeline(&data, &dyad(), day("2025-01-01"));
    // Counted: the plant (200M) and the road (80M). Not: the cancelled farm, the umbrella
    // package, the pledge.
    assert_eq!(p.total_usd.to_string(), "280000000");
    assert_eq!(p.excluded, 3);
    assert_eq!(p.excluded_usd.to_string(), "6050000000");
    let reason = |id: &str| p.rows.iter().find(|r| r.id == id).unwrap().excluded.clone();
    assert_eq!(reason("pr:farm").as_deref(), Some("cancelled"));
    assert_eq!(reason("pr:package").as_deref(), Some("an umbrella package"));
    assert_eq!(
        reason("pr:pledge").as_deref(),
        Some("a pledge, not a project")
    );
    assert_eq!(p.by_sector["energy"]["agreed"].to_string(), "200000000");
    // Before the farm was cancelled (2024-05), it counted.
    let before = pipeline(&data, &dyad(), day("2024-04-01"));
    assert_eq!(before.total_usd.to_string(), "330000000");
}

#[test]
fn roadmap_orders_by_dependency_and_writes_a_calendar() {
    let data = record();
    let opts = Options::new(day("2024-05-01"));
    let r = roadmap(&data, &dyad(), &RecordId::new("ag:plan"), opts).unwrap();
    let order: Vec<(&str, usize)> = r
        .items
        .iter()
        .map(|i| (i.assessment.id.as_str(), i.depth))
        .collect();
    // The office depends on the law; the fund's deadline (end of 2024) is after the office's
    // (December 2024 ends the same day), so id decides between them.
    assert_eq!(
        order,
        [
            ("cm:goal", 0),
            ("cm:law", 1),
            ("cm:fund", 1),
            ("cm:office", 1)
        ]
    );
    let ics = r.ics(&data);
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 3, "one per deadline");
    let law = events
        .iter()
        .find(|e| {
            e.find_prop("UID")
                .is_some_and(|p| p.val.as_str() == "cm:law@bilat")
        })
        .unwrap();
    assert_eq!(law.find_prop("DTSTART").unwrap().val.as_str(), "20240630");
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
    let csv = r.csv();
    assert_eq!(csv.lines().count(), 5);
    assert!(
        csv.lines()
            .nth(2)
            .unwrap()
            .starts_with("2,1,objective,cm:law,cm:goal,")
    );
    // A title with a comma and quotes is quoted, its quotes doubled; lines end with LF.
    assert!(
        csv.contains(",\"Set up a \"\"joint\"\" fund, now\","),
        "{csv}"
    );
    assert!(!csv.contains('\r'));
    assert!(r.markdown(&data).contains("— Open a trade office"));
}

#[test]
fn roadmap_cycle_is_an_error() {
    let mut records = record().into_records();
    for r in &mut records {
        if let Record::Commitment(c) = r
            && c.id.as_str() == "cm:law"
        {
            c.depends_on.push(RecordId::new("cm:office"));
        }
    }
    let data = Dataset::new(records);
    let err = roadmap(
        &data,
        &dyad(),
        &RecordId::new("ag:plan"),
        Options::new(day("2024-01-01")),
    )
    .unwrap_err();
    assert!(
        matches!(err, RoadmapError::Cycle(ref m) if m.contains("cm:law") && m.contains("cm:office")),
        "{err}"
    );
}

#[test]
fn progress_since_a_day_and_its_feed() {
    let data = record();
    let p = progress(
        &data,
        &dyad(),
        day("2024-01-01"),
        Options::new(day("2024-06-01")),
    );
    let of = |k: ChangeKind| -> Vec<&str> {
        p.changes
            .iter()
            .filter(|c| c.kind == k)
            .map(|c| c.record.as_str())
            .collect()
    };
    assert_eq!(
        of(ChangeKind::StatusChange),
        ["cm:office", "cm:flights", "pr:farm"]
    );
    let office = p.changes.iter().find(|c| c.record == "cm:office").unwrap();
    assert_eq!(office.summary, "pipeline → implementation");
    assert_eq!(of(ChangeKind::DeadlineAhead), ["cm:law"]);
    assert!(of(ChangeKind::NewlyOverdue).is_empty());
    // New evidence: the recipient of the roadmap proposal, known from the 2024 bulletin.
    assert!(of(ChangeKind::NewEvidence).contains(&"cm:rec-roadmap"));
    // A later window: the law became overdue.
    let later = progress(
        &data,
        &dyad(),
        day("2024-06-01"),
        Options::new(day("2024-09-01")),
    );
    assert!(
        later
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::NewlyOverdue && c.record == "cm:law")
    );
    // Same inputs, same report.
    let again = progress(
        &data,
        &dyad(),
        day("2024-01-01"),
        Options::new(day("2024-06-01")),
    );
    assert_eq!(p.atom(&data), again.atom(&data));

    let feed = atom_syndication::Feed::read_from(p.atom(&data).as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), p.changes.len());
    assert_eq!(feed.id(), "urn:bilat:progress:KZ-QA");
    let ids: std::collections::BTreeSet<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), feed.entries().len(), "entry ids are unique");
    assert!(p.markdown(&data).contains("## Status changes (3)"));
}

#[test]
fn the_record_as_it_stood_on_a_day() {
    use bilat_track::{Hindsight, as_stood_on};
    let data = record();
    let ids = |d: &Dataset| -> Vec<String> {
        d.iter()
            .filter(|r| !matches!(r, Record::Source(_) | Record::Country(_)))
            .map(|r| r.id().to_string())
            .collect()
    };
    let day = Day {
        year: 2023,
        month: 12,
        day: 31,
    };
    let now = as_stood_on(&data, day, Hindsight::Now);
    let now_ids = ids(&now);
    // Signed in 2023: there. Its commitment "Grow trade" has no date of its own and takes
    // the agreement's. A target set in 2023 is there; the 2024 turnover is not.
    for id in ["ag:plan", "cm:goal", "tg:turnover", "ob:t2022", "pr:plant"] {
        assert!(
            now_ids.contains(&id.to_string()),
            "{id} missing: {now_ids:?}"
        );
    }
    assert!(!now_ids.contains(&"ob:t2024".to_string()));
    // The farm's amount was reported in 2023: the farm is there, its cancellation (2024-05)
    // is not yet.
    let Some(Record::Project(farm)) = now.get(&RecordId::new("pr:farm")) else {
        panic!("the farm is missing");
    };
    assert_eq!(farm.claims.len(), 1);
    assert_eq!(farm.claims[0].fact.name(), "planned_investment");
    // The 2022 figure comes from a source of 2023: known then as well as now.
    let then = as_stood_on(&data, day, Hindsight::Then);
    assert!(ids(&then).contains(&"ob:t2022".to_string()));
    // "A road" has no date at all: it counts from its first source (2024), in both views.
    assert!(!now_ids.contains(&"pr:road".to_string()));
    assert!(!ids(&then).contains(&"pr:road".to_string()));
    assert!(then.get(&RecordId::new("src:s2024")).is_none());
    assert!(now.get(&RecordId::new("src:s2024")).is_some());
}
