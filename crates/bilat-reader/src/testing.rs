//! Texts for the tests of the date and amount finders.

/// The texts of the gold set and of its held-out part, folded.
pub fn gold_folded() -> Vec<String> {
    let gold = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reader/gold");
    let mut out = Vec::new();
    for file in [
        "kz-qa-gold.synthetic.jsonl",
        "kz-qa-heldout.synthetic.jsonl",
    ] {
        for line in std::fs::read_to_string(gold.join(file)).unwrap().lines() {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            out.push(crate::normalize::fold(doc["text"].as_str().unwrap()).text);
        }
    }
    out
}

/// A text of `pieces` in the order `parts` gives, each with one of four separators after it
/// (a space, none, a hyphen, a comma and a space).
pub fn joined(pieces: &[&str], parts: &[(usize, usize)]) -> String {
    let seps = [" ", "", "-", ", "];
    parts
        .iter()
        .map(|&(p, s)| format!("{}{}", pieces[p % pieces.len()], seps[s % seps.len()]))
        .collect()
}
