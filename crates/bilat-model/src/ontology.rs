//! The coding scheme: the paper's five domains, finer sectors, and bilat's event types with
//! their PLOVER and CAMEO equivalents.
//!
//! Event types are bilat's own, chosen for relations between two states (visits, signings,
//! ratifications, commissions, pledges). Each maps to the nearest PLOVER event and mode
//! (PLOVER manual, draft 2.0: signing or ratifying an agreement is SUPPORT; promises, invitations
//! and future meetings are AGREE; visits are CONSULT with mode `visit`; joint exercises and
//! economic exchange are COOPERATE) and to the nearest CAMEO code with its Goldstein value
//! (GDELT's `CAMEO.goldsteinscale.txt`), so that events flow to and from GDELT-style data.

use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal : $label:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The snake_case name used in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// A human label in English.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

labelled_enum! {
    /// The paper's five domains of cooperation.
    Domain {
        PoliticalDiplomatic = "political_diplomatic": "Political-diplomatic",
        TradeEconomicInvestment = "trade_economic_investment": "Trade, economic and investment",
        MilitaryTechnical = "military_technical": "Military-technical",
        CulturalHumanitarian = "cultural_humanitarian": "Cultural and humanitarian",
        TransportLogistics = "transport_logistics": "Transport and logistics",
    }
}

labelled_enum! {
    /// Finer sectors that sit under the domains.
    Sector {
        Energy = "energy": "Energy",
        Agriculture = "agriculture": "Agriculture",
        Finance = "finance": "Finance",
        Education = "education": "Education",
        Religion = "religion": "Religion",
        Sport = "sport": "Sport",
        Tourism = "tourism": "Tourism",
        Health = "health": "Health",
        Innovation = "innovation": "Innovation",
        Security = "security": "Security",
        Labour = "labour": "Labour",
        Culture = "culture": "Culture",
        Legal = "legal": "Legal",
        Transport = "transport": "Transport",
        Parliament = "parliament": "Parliament",
    }
}

labelled_enum! {
    /// What happened. See the module documentation for the PLOVER and CAMEO mapping.
    EventType {
        EstablishRelations = "establish_relations": "Diplomatic relations established",
        StateVisit = "state_visit": "State visit",
        OfficialVisit = "official_visit": "Official visit",
        WorkingVisit = "working_visit": "Working visit",
        Meeting = "meeting": "Meeting or talks",
        PhoneCall = "phone_call": "Phone call",
        MultilateralMeeting = "multilateral_meeting": "Meeting at a multilateral forum",
        Commission = "commission": "Intergovernmental commission or working group",
        AgreementSigned = "agreement_signed": "Agreement signed",
        AgreementRatified = "agreement_ratified": "Agreement ratified",
        InvestmentAnnouncement = "investment_announcement": "Investment announced or pledged",
        Proposal = "proposal": "Proposal or stated plan",
        EmbassyOpened = "embassy_opened": "Embassy opened",
        Credentials = "credentials": "Ambassador's credentials or statement",
        Award = "award": "State award",
        MilitaryCooperation = "military_cooperation": "Military cooperation",
        CulturalEvent = "cultural_event": "Cultural, educational or sport event",
        Aid = "aid": "Aid or grant",
        Membership = "membership": "Membership of an organisation",
        SeverRelations = "sever_relations": "Relations severed",
        Embargo = "embargo": "Blockade, embargo or sanctions",
        RestoreRelations = "restore_relations": "Relations restored",
        Statement = "statement": "Public statement",
    }
}

/// The PLOVER event, its mode where one applies, the nearest CAMEO code and that code's
/// Goldstein value.
impl Domain {
    /// The PLOVER context of a domain. PLOVER has no context for culture or transport; bilat
    /// declares the extension contexts `culture_humanitarian` and `transport_logistics`.
    pub fn plover_context(self) -> &'static str {
        match self {
            Domain::PoliticalDiplomatic => "diplomatic",
            Domain::TradeEconomicInvestment => "economic",
            Domain::MilitaryTechnical => "military",
            Domain::CulturalHumanitarian => "culture_humanitarian",
            Domain::TransportLogistics => "transport_logistics",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Mapping {
    pub plover: &'static str,
    pub plover_mode: Option<&'static str>,
    pub cameo: &'static str,
    pub goldstein: f32,
}

impl EventType {
    pub fn mapping(self) -> Mapping {
        use EventType::*;
        let (plover, plover_mode, cameo, goldstein) = match self {
            EstablishRelations => ("COOPERATE", None, "05", 3.5),
            StateVisit | OfficialVisit | WorkingVisit => ("CONSULT", Some("visit"), "042", 1.9),
            Meeting => ("CONSULT", None, "040", 1.0),
            PhoneCall => ("CONSULT", Some("phone"), "040", 1.0),
            MultilateralMeeting => ("CONSULT", Some("multilateral"), "044", 1.0),
            Commission => ("CONSULT", None, "046", 7.0),
            AgreementSigned | AgreementRatified => ("SUPPORT", None, "057", 8.0),
            InvestmentAnnouncement => ("AGREE", None, "0311", 4.0),
            Proposal => ("AGREE", None, "03", 4.0),
            EmbassyOpened | Credentials => ("COOPERATE", None, "05", 3.5),
            Award => ("SUPPORT", None, "051", 3.4),
            MilitaryCooperation => ("COOPERATE", None, "062", 7.4),
            CulturalEvent => ("COOPERATE", None, "06", 6.0),
            Aid => ("AID", None, "07", 7.0),
            Membership => ("COOPERATE", None, "05", 3.5),
            SeverRelations => ("SANCTION", None, "161", -4.0),
            Embargo => ("SANCTION", None, "163", -8.0),
            RestoreRelations => ("AGREE", None, "05", 3.5),
            Statement => ("CONSULT", None, "01", 0.0),
        };
        Mapping {
            plover,
            plover_mode,
            cameo,
            goldstein,
        }
    }

    /// Visits between the two states; the brief counts them by decade.
    pub fn is_visit(self) -> bool {
        matches!(
            self,
            EventType::StateVisit | EventType::OfficialVisit | EventType::WorkingVisit
        )
    }
}

labelled_enum! {
    /// The legal form of an agreement.
    AgreementKind {
        Treaty = "treaty": "Treaty",
        Agreement = "agreement": "Intergovernmental agreement",
        Protocol = "protocol": "Protocol",
        Memorandum = "memorandum": "Memorandum",
        Commercial = "commercial": "Commercial agreement",
        Package = "package": "Package of documents",
    }
}

labelled_enum! {
    /// Whether a project's money may be added to totals (AidData's rule: pledges and umbrella
    /// packages stay out of sums, or the same money is counted twice).
    Aggregation {
        Counted = "counted": "Counted in totals",
        Pledge = "pledge": "Pledge (not counted)",
        Umbrella = "umbrella": "Umbrella package (not counted)",
    }
}

labelled_enum! {
    /// What kind of publication a source is.
    SourceKind {
        Official = "official": "Official",
        Legal = "legal": "Legal act",
        News = "news": "News",
        Academic = "academic": "Academic",
        Reference = "reference": "Reference",
    }
}

labelled_enum! {
    /// Whether an actor is a person or an organisation.
    ActorKind {
        Person = "person": "Person",
        Organisation = "organisation": "Organisation",
    }
}

labelled_enum! {
    /// The part an actor plays in an event or agreement (PLOVER: the visitor is the actor, the
    /// host the recipient).
    ParticipantRole {
        Actor = "actor": "Actor",
        Recipient = "recipient": "Recipient",
        Signatory = "signatory": "Signatory",
        Owner = "owner": "Responsible party",
        Partner = "partner": "Partner",
        Mentioned = "mentioned": "Mentioned",
    }
}

labelled_enum! {
    /// Where a commitment sits in an agreement's roadmap: a goal is reached through objectives,
    /// an objective through milestones (dated deliverables).
    RoadmapLevel {
        Goal = "goal": "Goal",
        Objective = "objective": "Objective",
        Milestone = "milestone": "Milestone",
    }
}

labelled_enum! {
    /// Whether the parties agreed to a commitment or someone proposed it to them (a
    /// recommendation, which an agreed commitment may later take up).
    CommitmentOrigin {
        Agreed = "agreed": "Agreed",
        Proposed = "proposed": "Proposed",
    }
}

/// Statuses allowed per record kind.
pub const AGREEMENT_STATUSES: &[&str] = &[
    "proposed",
    "negotiated",
    "signed",
    "ratified",
    "in_force",
    "terminated",
    "expired",
];
pub const PROJECT_STATUSES: &[&str] = &[
    "proposed",
    "under_consideration",
    "agreed",
    "implementation",
    "completed",
    "cancelled",
    "suspended",
];
pub const COMMITMENT_STATUSES: &[&str] = &[
    "pipeline",
    "implementation",
    "completed",
    "cancelled",
    "suspended",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(*t));
        }
        for d in Domain::ALL {
            assert_eq!(Domain::parse(d.as_str()), Some(*d));
        }
        assert_eq!(Domain::ALL.len(), 5);
    }

    #[test]
    fn signing_is_support_and_visits_are_consult() {
        assert_eq!(EventType::AgreementSigned.mapping().plover, "SUPPORT");
        assert_eq!(EventType::AgreementSigned.mapping().cameo, "057");
        assert_eq!(EventType::StateVisit.mapping().plover_mode, Some("visit"));
        assert!(EventType::Embargo.mapping().goldstein < 0.0);
    }
}
