//! The investment pipeline: planned investment by sector and status, with totals that leave
//! out what must not be added up (AidData's rule for aggregates).
//!
//! A project's amount counts in the totals only when
//! * its `aggregation` is `counted` — pledges and umbrella packages are excluded, since they
//!   restate money that individual projects also carry;
//! * its status on the day is not `cancelled` or `suspended`;
//! * the record gives it a planned investment, convertible to US dollars with the record's
//!   rates (USD needs none).
//!
//! Where sources give different amounts for one project, the lowest is used and the others
//! are reported. Every exclusion is listed with its reason.

use std::collections::BTreeMap;

use bilat_model::{Aggregation, Dataset, Day, Dyad, Fact, Money, fx};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{claims_on, sources_of, status_on};

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub sector: String,
    pub status: String,
    pub aggregation: Aggregation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed: Vec<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd: Option<Decimal>,
    pub counted: bool,
    /// Why it is left out of the totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Pipeline {
    pub as_of: String,
    pub rows: Vec<Row>,
    /// Counted USD by sector, then by status.
    pub by_sector: BTreeMap<String, BTreeMap<String, Decimal>>,
    pub total_usd: Decimal,
    /// USD of the amounts left out (those that could be converted).
    pub excluded_usd: Decimal,
    pub excluded: usize,
}

pub fn pipeline(data: &Dataset, dyad: &Dyad, as_of: Day) -> Pipeline {
    let mut rows = Vec::new();
    for p in data.projects().filter(|p| p.dyads.contains(dyad)) {
        let held: Vec<_> = claims_on(data, &p.claims, as_of).collect();
        let status = status_on(data, &p.claims, as_of)
            .map(|(s, _, _)| s.to_string())
            .unwrap_or_else(|| "proposed".to_string());
        let mut amounts: Vec<Money> = held
            .iter()
            .filter_map(|cl| match &cl.fact {
                Fact::PlannedInvestment { amount } => Some(amount.clone()),
                _ => None,
            })
            .collect();
        let to_usd = |m: &Money| fx::to_usd(m, None, data.fx_rates()).map(|c| c.usd);
        amounts.sort_by_key(|m| to_usd(m).unwrap_or(m.amount));
        amounts.dedup();
        let amount = amounts.first().cloned();
        let disputed = amounts.iter().skip(1).cloned().collect();
        let usd = amount.as_ref().and_then(to_usd);
        let excluded = match (p.aggregation, status.as_str(), &amount, usd) {
            (Aggregation::Pledge, ..) => Some("a pledge, not a project".to_string()),
            (Aggregation::Umbrella, ..) => Some("an umbrella package".to_string()),
            (_, "cancelled" | "suspended", ..) => Some(status.clone()),
            (_, _, None, _) => Some("no amount in the record".to_string()),
            (_, _, Some(m), None) => Some(format!("no rate to convert {}", m.currency)),
            _ => None,
        };
        rows.push(Row {
            id: p.id.to_string(),
            title: p.title.en.clone(),
            sector: p.sector.as_str().to_string(),
            status,
            aggregation: p.aggregation,
            amount,
            disputed,
            usd,
            counted: excluded.is_none(),
            excluded,
            sources: sources_of(held),
        });
    }
    rows.sort_by(|a, b| {
        (&a.sector, std::cmp::Reverse(a.usd), &a.id).cmp(&(
            &b.sector,
            std::cmp::Reverse(b.usd),
            &b.id,
        ))
    });
    let mut by_sector: BTreeMap<String, BTreeMap<String, Decimal>> = BTreeMap::new();
    let (mut total, mut excluded_usd, mut excluded) = (Decimal::ZERO, Decimal::ZERO, 0);
    for r in &rows {
        match (r.counted, r.usd) {
            (true, Some(u)) => {
                *by_sector
                    .entry(r.sector.clone())
                    .or_default()
                    .entry(r.status.clone())
                    .or_default() += u;
                total += u;
            }
            (_, u) => {
                excluded += 1;
                excluded_usd += u.unwrap_or_default();
            }
        }
    }
    Pipeline {
        as_of: as_of.to_string(),
        rows,
        by_sector,
        total_usd: total,
        excluded_usd,
        excluded,
    }
}
