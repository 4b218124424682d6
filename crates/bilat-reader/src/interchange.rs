//! Event data in and out: PLOVER JSON Lines and GDELT 2.0 event exports.
//!
//! In: each external record becomes an [`External`] event (type, date, the two countries, place,
//! the report's address), or is skipped with the reason (bilat has no types for conflict events
//! such as ASSAULT or PROTEST, and records that name no date cannot be placed). Out: each event
//! of the record becomes a PLOVER record with bilat's type, CAMEO code and Goldstein value kept
//! as extension fields, so a round trip keeps the exact type.
//!
//! Mappings (documented in the codebook's terms): CAMEO 040 meet → meeting, 041 phone →
//! phone_call, 042/043 visit → working_visit (CAMEO does not tell state from working visits),
//! 044 meet at a third location → multilateral_meeting, 046 negotiate → meeting, 01x statements
//! → statement, 03x intentions → proposal, 051/052 praise or defend → statement, 054 grant
//! recognition → establish_relations, 057 sign an agreement → agreement_signed, 062 military
//! cooperation → military_cooperation, 07x aid → aid, 161/164 reduce or break relations →
//! sever_relations, 163 and 166 embargo or sanctions → embargo; PLOVER CONSULT by mode (visit,
//! phone, multilateral, else meeting), AID → aid, SANCTION → embargo, SUPPORT → statement
//! (PLOVER puts signing under SUPPORT too but cannot say which), AGREE → proposal, COOPERATE
//! with context military → military_cooperation. Everything else is skipped and counted.

use bilat_model::Dataset;
use bilat_model::date::{FuzzyDate, Point};
use bilat_model::ontology::{Domain, EventType, ParticipantRole};
use bilat_model::record::{Event, Fact};
use serde_json::{Value, json};

/// An event from outside, ready to become claims.
#[derive(Clone, Debug, PartialEq)]
pub struct External {
    pub external_id: String,
    pub event_type: EventType,
    pub date: FuzzyDate,
    /// ISO 3166 alpha-2 codes.
    pub actor: Option<String>,
    pub recipient: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The original codes and figures, kept as the claims' note.
    pub note: String,
}

/// The outcome of reading one external record.
#[derive(Clone, Debug, PartialEq)]
pub enum Mapped {
    Event(Box<External>),
    Skipped(String),
}

/// bilat's event type for a CAMEO event code.
pub fn cameo_type(code: &str) -> Option<EventType> {
    use EventType::*;
    let c = code.trim();
    Some(match c {
        "041" => PhoneCall,
        "042" | "043" => WorkingVisit,
        "044" => MultilateralMeeting,
        "040" | "046" => Meeting,
        "051" | "052" => Statement,
        "054" => EstablishRelations,
        "057" => AgreementSigned,
        "062" => MilitaryCooperation,
        "161" | "164" => SeverRelations,
        "163" | "166" => Embargo,
        _ if c.starts_with("01") => Statement,
        _ if c.starts_with("03") => Proposal,
        _ if c.starts_with("07") => Aid,
        _ => return None,
    })
}

/// bilat's event type for a PLOVER event, mode and contexts.
pub fn plover_type(event: &str, mode: &[String], context: &[String]) -> Option<EventType> {
    use EventType::*;
    let has = |v: &[String], x: &str| v.iter().any(|m| m.eq_ignore_ascii_case(x));
    Some(match event.to_ascii_uppercase().as_str() {
        "CONSULT" if has(mode, "visit") => WorkingVisit,
        "CONSULT" if has(mode, "phone") => PhoneCall,
        "CONSULT" if has(mode, "multilateral") || has(mode, "third-party") => MultilateralMeeting,
        "CONSULT" => Meeting,
        "AID" => Aid,
        "SANCTION" => Embargo,
        "SUPPORT" => Statement,
        "AGREE" => Proposal,
        "COOPERATE" if has(context, "military") => MilitaryCooperation,
        _ => return None,
    })
}

/// The domain an imported event belongs to when the source gives none.
pub fn default_domain(t: EventType) -> Domain {
    match t {
        EventType::MilitaryCooperation => Domain::MilitaryTechnical,
        EventType::Aid | EventType::CulturalEvent => Domain::CulturalHumanitarian,
        EventType::InvestmentAnnouncement | EventType::Commission => {
            Domain::TradeEconomicInvestment
        }
        _ => Domain::PoliticalDiplomatic,
    }
}

fn alpha2(code: &str) -> Option<String> {
    let three: String = code.chars().take(3).collect::<String>().to_uppercase();
    bilat_model::country_alpha2(&three).map(str::to_string)
}

/// Reads one line of a GDELT 2.0 event export (61 tab-separated columns, no header).
pub fn from_gdelt_line(line: &str) -> Result<Mapped, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 61 {
        return Err(format!(
            "expected the 61 tab-separated columns of a GDELT 2.0 event export, found {}",
            cols.len()
        ));
    }
    let id = cols[0].trim();
    let sqldate = cols[1].trim();
    if sqldate.len() != 8 || !sqldate.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("SQLDATE: expected YYYYMMDD, found {sqldate:?}"));
    }
    let date = FuzzyDate::parse(&format!(
        "{}-{}-{}",
        &sqldate[..4],
        &sqldate[4..6],
        &sqldate[6..]
    ))
    .map_err(|e| format!("SQLDATE: {e}"))?;
    let code = cols[26].trim();
    let Some(event_type) = cameo_type(code) else {
        return Ok(Mapped::Skipped(format!(
            "CAMEO {code} has no bilat event type"
        )));
    };
    let actor = alpha2(cols[7]).or_else(|| alpha2(cols[5]));
    let recipient = alpha2(cols[17]).or_else(|| alpha2(cols[15]));
    let url = cols[60].trim();
    let note = format!(
        "GDELT event {id}: CAMEO {code}, QuadClass {}, Goldstein {}, {} sources, {} mentions; actors {:?} / {:?}",
        cols[29].trim(),
        cols[30].trim(),
        cols[32].trim(),
        cols[31].trim(),
        cols[6].trim(),
        cols[16].trim()
    );
    Ok(Mapped::Event(Box::new(External {
        external_id: format!("gdelt-{id}"),
        event_type,
        date,
        actor,
        recipient,
        place: Some(cols[52].trim().to_string()).filter(|p| !p.is_empty()),
        url: Some(url.to_string())
            .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        language: None,
        note,
    })))
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn first_country(v: &Value) -> Option<String> {
    let entities: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    };
    entities.into_iter().find_map(|e| match e {
        Value::String(s) => alpha2(s),
        Value::Object(o) => o.get("code").and_then(Value::as_str).and_then(alpha2),
        _ => None,
    })
}

/// Reads one PLOVER record (a JSON object).
pub fn from_plover(v: &Value) -> Result<Mapped, String> {
    let obj = v
        .as_object()
        .ok_or("expected a PLOVER record (a JSON object)")?;
    let id = match obj.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("expected an `id`".into()),
    };
    // bilat's own export keeps the date's precision in `bilat_date` ("1998", "2024-02").
    let date = match obj
        .get("bilat_date")
        .and_then(Value::as_str)
        .map(FuzzyDate::parse)
    {
        Some(Ok(d)) => d,
        _ => {
            let date_text = obj
                .get("date")
                .and_then(Value::as_str)
                .ok_or("expected a `date` such as 2024-02-14")?;
            FuzzyDate::parse(date_text.get(..10).unwrap_or(date_text))
                .map_err(|e| format!("date: {e}"))?
        }
    };
    let events = strings(obj.get("event").unwrap_or(&Value::Null));
    let event = events
        .first()
        .ok_or("expected an `event` such as CONSULT")?;
    let mode = strings(obj.get("mode").unwrap_or(&Value::Null));
    let context = strings(obj.get("context").unwrap_or(&Value::Null));
    let exact = obj
        .get("bilat_event_type")
        .and_then(Value::as_str)
        .and_then(EventType::parse);
    let Some(event_type) = exact.or_else(|| plover_type(event, &mode, &context)) else {
        return Ok(Mapped::Skipped(format!(
            "PLOVER {event} has no bilat event type"
        )));
    };
    let cite = obj.get("cite_info").and_then(Value::as_object);
    let url = cite
        .and_then(|c| c.get("url"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let language = cite
        .and_then(|c| c.get("language"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Mapped::Event(Box::new(External {
        external_id: format!("plover-{id}"),
        event_type,
        date,
        actor: first_country(obj.get("actor").unwrap_or(&Value::Null)),
        recipient: first_country(obj.get("recipient").unwrap_or(&Value::Null)),
        place: obj
            .get("event_loc")
            .and_then(|l| l.get("name").or(Some(l)))
            .and_then(Value::as_str)
            .map(str::to_string),
        url,
        language,
        note: format!(
            "PLOVER record {id}: {event}{}{}",
            if mode.is_empty() {
                String::new()
            } else {
                format!(" / {}", mode.join(","))
            },
            if context.is_empty() {
                String::new()
            } else {
                format!(" / {}", context.join(","))
            }
        ),
    })))
}

/// The record's event as a PLOVER record (with `bilat_*` extension fields).
pub fn to_plover(e: &Event, data: &Dataset, date: Option<FuzzyDate>, coder: &str) -> Value {
    let entity = |role: ParticipantRole| -> Vec<Value> {
        e.claims
            .iter()
            .filter_map(|c| match &c.fact {
                Fact::Participant { actor, role: r, .. } if *r == role => Some(actor),
                _ => None,
            })
            .filter_map(|id| {
                let (country, name, wikidata) = match data.get(id)? {
                    bilat_model::Record::Country(k) => (k.alpha3.clone(), k.names.en.clone(), None),
                    bilat_model::Record::Actor(a) => (
                        a.country
                            .as_ref()
                            .and_then(|k| bilat_model::country_alpha3(k.as_str()))
                            .unwrap_or("")
                            .to_string(),
                        a.names.en.clone(),
                        a.wikidata.clone(),
                    ),
                    _ => return None,
                };
                let mut v = json!({"code": country, "actorText": name, "bilat_id": id.as_str()});
                if let Some(q) = wikidata {
                    v["identifier_id"] = json!(q);
                }
                Some(v)
            })
            .collect()
    };
    let m = e.event_type.mapping();
    let url = e
        .claims
        .iter()
        .flat_map(|c| c.evidence.iter())
        .find_map(|ev| match data.get(&ev.source)? {
            bilat_model::Record::Source(s) => s.url.clone(),
            _ => None,
        });
    let place = e.claims.iter().find_map(|c| match &c.fact {
        Fact::Place { place } => Some(place.clone()),
        _ => None,
    });
    let mut v = json!({
        "id": e.id.as_str(),
        "date": date.map(|d| match d { FuzzyDate::Point(Point::Day(day)) => day.to_string(), other => other.first_day().to_string() }),
        "actor": entity(ParticipantRole::Actor),
        "recipient": entity(ParticipantRole::Recipient),
        "event": m.plover,
        "mode": m.plover_mode.map(|x| vec![x]).unwrap_or_default(),
        "context": e.domains.iter().map(|d| d.plover_context()).collect::<Vec<_>>(),
        "cite_info": {"url": url, "coder": coder},
        "bilat_event_type": e.event_type.as_str(),
        "bilat_date": date.map(|d| d.to_string()),
        "cameo": m.cameo,
        "goldstein": (f64::from(m.goldstein) * 10.0).round() / 10.0,
    });
    if let Some(p) = place {
        v["event_loc"] = json!({"name": p});
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gdelt(code: &str, a1: &str, a2: &str) -> String {
        let mut cols = vec![""; 61];
        cols[0] = "1234567";
        cols[1] = "20240214";
        cols[5] = a1;
        cols[6] = "QATAR";
        cols[7] = a1;
        cols[15] = a2;
        cols[16] = "KAZAKHSTAN";
        cols[17] = a2;
        cols[26] = code;
        cols[29] = "1";
        cols[30] = "1.9";
        cols[52] = "Astana, Kazakhstan";
        cols[60] = "https://example.org/news/1";
        cols.join("\t")
    }

    #[test]
    fn gdelt_rows_map_to_bilat_types_or_are_skipped() {
        let Mapped::Event(e) = from_gdelt_line(&gdelt("042", "QAT", "KAZ")).unwrap() else {
            panic!()
        };
        assert_eq!(e.event_type, EventType::WorkingVisit);
        assert_eq!(e.date.to_string(), "2024-02-14");
        assert_eq!(
            (e.actor.as_deref(), e.recipient.as_deref()),
            (Some("QA"), Some("KZ"))
        );
        assert_eq!(e.place.as_deref(), Some("Astana, Kazakhstan"));
        assert_eq!(e.url.as_deref(), Some("https://example.org/news/1"));
        assert!(matches!(
            from_gdelt_line(&gdelt("190", "QAT", "KAZ")).unwrap(),
            Mapped::Skipped(_)
        ));
        let err = from_gdelt_line("1\t2\t3").unwrap_err();
        assert!(
            err.contains("61 tab-separated columns") && err.ends_with("found 3"),
            "{err}"
        );
    }

    #[test]
    fn plover_records_map_by_event_and_mode() {
        let v: Value = serde_json::from_str(
            r#"{"id": "x1", "date": "2024-02-14", "actor": [{"code": "QATGOV"}], "recipient": [{"code": "KAZ"}],
                "event": "CONSULT", "mode": ["visit"], "context": ["diplomatic"],
                "cite_info": {"url": "https://example.org/a", "language": "en"}}"#,
        )
        .unwrap();
        let Mapped::Event(e) = from_plover(&v).unwrap() else {
            panic!()
        };
        assert_eq!(e.event_type, EventType::WorkingVisit);
        assert_eq!(
            (e.actor.as_deref(), e.recipient.as_deref()),
            (Some("QA"), Some("KZ"))
        );
        let v: Value = serde_json::from_str(
            r#"{"id": 2, "date": "2024-02-14", "actor": [], "event": "ASSAULT"}"#,
        )
        .unwrap();
        assert!(matches!(from_plover(&v).unwrap(), Mapped::Skipped(_)));
        let v: Value = serde_json::from_str(r#"{"id": 3, "event": "AID"}"#).unwrap();
        assert!(from_plover(&v).unwrap_err().contains("date"));
    }
}
