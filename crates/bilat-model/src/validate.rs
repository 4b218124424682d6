//! Rules that one record must satisfy on its own. Rules that need other records (references,
//! conflicts between claims) are in [`crate::check`].

use rust_decimal::Decimal;

use crate::ontology::{AGREEMENT_STATUSES, COMMITMENT_STATUSES, PROJECT_STATUSES};
use crate::record::*;

/// Every way the record breaks the rules, as sentences that name the field and what was found.
/// An empty list means the record is valid.
pub fn validate(record: &Record) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |message: String| problems.push(message);
    let kind = record.kind();

    match record.id().kind() {
        Some(k) if k == kind => {}
        Some(k) => fail(format!(
            "id `{}` names a {k}, but the record is a {kind}",
            record.id()
        )),
        None => fail(format!(
            "id `{}` is not of the form {}:slug (letters, digits, '-', '_', '.')",
            record.id(),
            kind.prefix().unwrap_or("two-letter ISO code ")
        )),
    }
    if record.title().trim().is_empty() {
        fail("the English name or title is empty".to_owned());
    }

    match record {
        Record::Country(c) => match crate::country_alpha3(c.id.as_str()) {
            None => fail(format!("`{}` is not an ISO 3166-1 alpha-2 code", c.id)),
            Some(a3) if a3 != c.alpha3 => {
                fail(format!("alpha3 of {} is {a3}, found `{}`", c.id, c.alpha3))
            }
            Some(_) => {}
        },
        Record::Source(s) => validate_source(s, &mut fail),
        Record::Actor(a) => {
            if let Some(c) = &a.country
                && c.kind() != Some(Kind::Country)
            {
                fail(format!(
                    "country must be an ISO 3166-1 alpha-2 code, found `{c}`"
                ));
            }
        }
        _ => {}
    }

    let needs_dyad = matches!(
        kind,
        Kind::Event
            | Kind::Agreement
            | Kind::Project
            | Kind::Commitment
            | Kind::Target
            | Kind::Observation
            | Kind::Period
    );
    if needs_dyad && record.dyads().is_empty() {
        fail(
            "dyads is empty: name the relationship(s) this record belongs to, e.g. [\"KZ-QA\"]"
                .to_owned(),
        );
    }
    match record {
        Record::Event(e) if e.domains.is_empty() => {
            fail("domains is empty: code at least one of the five domains".to_owned())
        }
        Record::Agreement(a) if a.parties.len() < 2 => fail(format!(
            "an agreement needs two or more parties, found {}",
            a.parties.len()
        )),
        _ => {}
    }

    let has_claims = !matches!(kind, Kind::Country | Kind::Source);
    if has_claims && record.claims().is_empty() {
        fail("no claims: every record needs at least one claim with evidence".to_owned());
    }
    for (i, claim) in record.claims().iter().enumerate() {
        validate_claim(kind, i + 1, claim, &mut fail);
    }

    let has = |name: &str| record.claims().iter().any(|c| c.fact.name() == name);
    match kind {
        Kind::Event if !has("date") => fail("an event needs a date claim".to_owned()),
        Kind::Period if !has("span") => fail("a period needs a span claim".to_owned()),
        Kind::Target if !has("target_value") => {
            fail("a target needs a target_value claim".to_owned())
        }
        Kind::Observation if !has("value") => fail("an observation needs a value claim".to_owned()),
        Kind::FxRate if !has("rate") => fail("an fx_rate needs a rate claim".to_owned()),
        _ => {}
    }
    problems
}

fn validate_source(s: &Source, fail: &mut impl FnMut(String)) {
    if s.short.trim().is_empty() {
        fail("short name is empty".to_owned());
    }
    if s.language.len() != 2 || !s.language.bytes().all(|b| b.is_ascii_lowercase()) {
        fail(format!(
            "language must be an ISO 639-1 code such as en, ru, kk, ar, found `{}`",
            s.language
        ));
    }
    if let Some(url) = &s.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        fail(format!(
            "url must start with http:// or https://, found `{url}`"
        ));
    }
    match (&s.text, &s.content_hash) {
        (Some(text), Some(hash)) if *hash != crate::content_hash(text) => fail(format!(
            "content_hash `{hash}` does not match the stored text"
        )),
        (None, Some(_)) => fail("content_hash given without a stored text".to_owned()),
        _ => {}
    }
}

/// Which facts each kind of record may carry.
pub fn fact_allowed(kind: Kind, fact: &Fact) -> bool {
    let name = fact.name();
    let allowed: &[&str] = match kind {
        Kind::Country | Kind::Source => &[],
        Kind::Actor => &["role", "describes"],
        Kind::FxRate => &["rate"],
        Kind::Period => &["span", "describes"],
        Kind::Agreement => &[
            "signed",
            "ratified",
            "in_force",
            "status",
            "participant",
            "describes",
        ],
        Kind::Event => &[
            "date",
            "place",
            "participant",
            "amount",
            "concerns",
            "describes",
        ],
        Kind::Project => &[
            "planned_investment",
            "status",
            "participant",
            "date",
            "concerns",
            "describes",
        ],
        Kind::Commitment => &[
            "deadline",
            "status",
            "participant",
            "compliance",
            "concerns",
            "describes",
        ],
        Kind::Target => &["target_value", "participant", "describes"],
        Kind::Observation => &["value"],
    };
    allowed.contains(&name)
}

fn validate_claim(kind: Kind, n: usize, claim: &Claim, fail: &mut impl FnMut(String)) {
    let at = format!("claim {n} ({})", claim.fact.name());
    if !fact_allowed(kind, &claim.fact) {
        fail(format!(
            "{at}: a {kind} cannot carry a `{}` fact",
            claim.fact.name()
        ));
    }
    if claim.evidence.is_empty() {
        fail(format!("{at}: no evidence; every claim needs a source"));
    }
    for ev in &claim.evidence {
        if ev.source.kind() != Some(Kind::Source) {
            fail(format!(
                "{at}: evidence must cite a source id (src:…), found `{}`",
                ev.source
            ));
        }
        match ev.locator {
            Locator::Span(a, b) if a >= b => {
                fail(format!("{at}: span {a}–{b} is empty or reversed"))
            }
            Locator::Page(0) => fail(format!("{at}: pages count from 1")),
            Locator::Section(ref s) if s.trim().is_empty() => {
                fail(format!("{at}: empty section name"))
            }
            _ => {}
        }
        if let Some(h) = &ev.quote_hash
            && (h.len() != 16 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            fail(format!(
                "{at}: quote_hash must be 16 hex digits, found `{h}`"
            ));
        }
    }
    let positive = |amount: Decimal, what: &str, fail: &mut dyn FnMut(String)| {
        if amount <= Decimal::ZERO {
            fail(format!("{at}: {what} must be positive, found {amount}"));
        }
    };
    match &claim.fact {
        Fact::Amount { amount, .. } | Fact::PlannedInvestment { amount } => {
            positive(amount.amount, "the amount", fail)
        }
        Fact::Rate { per_usd, .. } => positive(*per_usd, "the rate", fail),
        Fact::Role {
            title, from, to, ..
        } => {
            if title.trim().is_empty() {
                fail(format!("{at}: the role's title is empty"));
            }
            if let (Some(f), Some(t)) = (from, to)
                && t.is_before(f)
            {
                fail(format!("{at}: the role ends ({t}) before it starts ({f})"));
            }
        }
        Fact::Status { status, .. } => {
            let allowed: &[&str] = match kind {
                Kind::Agreement => AGREEMENT_STATUSES,
                Kind::Project => PROJECT_STATUSES,
                Kind::Commitment => COMMITMENT_STATUSES,
                _ => &[],
            };
            if !allowed.contains(&status.as_str()) {
                fail(format!(
                    "{at}: expected one of {} for a {kind}, found `{status}`",
                    allowed.join(", ")
                ));
            }
        }
        Fact::Participant { actor, .. }
            if !matches!(actor.kind(), Some(Kind::Actor | Kind::Country)) =>
        {
            fail(format!(
                "{at}: a participant must be an actor (ac:…) or a country, found `{actor}`"
            ))
        }
        Fact::Ratified { party, .. }
            if !matches!(party.kind(), Some(Kind::Actor | Kind::Country)) =>
        {
            fail(format!(
                "{at}: the ratifying party must be a country or an actor, found `{party}`"
            ))
        }
        Fact::Compliance {
            party,
            score,
            justification,
            ..
        } => {
            if !(-1..=1).contains(score) {
                fail(format!(
                    "{at}: a compliance score is -1, 0 or +1, found {score}"
                ));
            }
            if justification.trim().is_empty() {
                fail(format!(
                    "{at}: a compliance score needs a written justification"
                ));
            }
            if !matches!(party.kind(), Some(Kind::Actor | Kind::Country)) {
                fail(format!(
                    "{at}: the scored party must be a country or an actor, found `{party}`"
                ));
            }
        }
        Fact::Place { place } if place.trim().is_empty() => fail(format!("{at}: empty place")),
        Fact::Describes { summary } if summary.trim().is_empty() => {
            fail(format!("{at}: empty summary"))
        }
        _ => {}
    }
}
