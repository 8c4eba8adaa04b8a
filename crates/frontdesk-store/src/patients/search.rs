//! Finding patients. Search runs on the FTS5 index `patient_search`
//! (migration 0002), which triggers keep in step with `patients` in the
//! writing transaction. A typed query is split on white space and every token
//! must match: a token with a letter is a name prefix (case- and
//! accent-insensitive), a token of digits (with `-`, `/`, `.`, `(`, `)`, `+`
//! as separators) is a run of the phone's digits or the start of the birth
//! date (`1961-04`, `04/12/1961`). Likely duplicates are found by birth date
//! (indexed) and compared by [`normalise_name`].

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::db::{self, Db};
use crate::StoreError;

/// One search hit: what a result list shows.
#[derive(Clone, PartialEq, Eq)]
pub struct PatientMatch {
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: String,
    pub phone: Option<String>,
}

impl std::fmt::Debug for PatientMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PatientMatch({}, <patient data>)", self.id)
    }
}

/// The first `limit` hits in name order, and whether there were more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHits {
    pub patients: Vec<PatientMatch>,
    pub more: bool,
}

/// A parsed search: the FTS5 expression for what was typed. Its `Debug`
/// is redacted, since a query is patient data too.
#[derive(Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// For SQLite's FTS5 index.
    expression: String,
    /// For PostgreSQL's term table: per typed token, the term prefixes one
    /// of which must match (`n:` names, `d:` digits).
    prefixes: Vec<Vec<String>>,
}

impl std::fmt::Debug for SearchQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchQuery(<patient data>)")
    }
}

/// Characters that may separate the digits of a phone number or a date.
const DIGIT_SEPARATORS: &[char] = &['-', '/', '.', '(', ')', '+'];

impl SearchQuery {
    /// Parses typed text; `None` when nothing searchable is left (blank, or
    /// only punctuation).
    pub fn parse(text: &str) -> Option<Self> {
        let tokens: Vec<Token> = text.split_whitespace().filter_map(Token::parse).collect();
        if tokens.is_empty() {
            return None;
        }
        Some(Self {
            expression: tokens
                .iter()
                .map(Token::fts_term)
                .collect::<Vec<_>>()
                .join(" AND "),
            prefixes: tokens.iter().map(Token::term_prefixes).collect(),
        })
    }

    /// The FTS5 expression (for tests).
    #[cfg(test)]
    pub(crate) fn expression(&self) -> &str {
        &self.expression
    }
}

/// One typed token: a name prefix, or digits (a run of the phone's, or the
/// start of the birth date in any of the orders people type it).
enum Token {
    Name(String),
    Digits(Vec<String>),
}

impl Token {
    /// `None` when the token holds nothing to search by.
    fn parse(token: &str) -> Option<Self> {
        let numeric = token
            .chars()
            .all(|c| c.is_ascii_digit() || DIGIT_SEPARATORS.contains(&c));
        if numeric {
            let digits: String = token.chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() {
                return None;
            }
            let mut alternatives = vec![digits];
            for date in padded_date_digits(token) {
                if !alternatives.contains(&date) {
                    alternatives.push(date);
                }
            }
            return Some(Token::Digits(alternatives));
        }
        // A name: letters and digits only (apostrophes, hyphens and the like
        // are dropped, matching the joined spellings the index holds).
        let name: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
        (!name.is_empty()).then_some(Token::Name(name))
    }

    /// The token as an FTS5 term (the tokenizer folds case and accents).
    fn fts_term(&self) -> String {
        match self {
            Token::Name(name) => format!("names : \"{name}\"*"),
            Token::Digits(alternatives) => {
                let terms: Vec<String> = alternatives
                    .iter()
                    .map(|d| format!("digits : \"{d}\"*"))
                    .collect();
                if terms.len() == 1 {
                    terms.join("")
                } else {
                    format!("({})", terms.join(" OR "))
                }
            }
        }
    }

    /// The token as prefixes of the term table's terms.
    fn term_prefixes(&self) -> Vec<String> {
        match self {
            Token::Name(name) => vec![format!("n:{}", normalise_name(name))],
            Token::Digits(alternatives) => alternatives.iter().map(|d| format!("d:{d}")).collect(),
        }
    }
}

/// Every term a patient is found by on PostgreSQL, as SQLite's index holds
/// them: each word of the names (case and accents folded), each name without
/// its apostrophes, hyphens and full stops, every suffix of the phone's
/// digits (up to 15), and the birth date as YYYYMMDD, MMDDYYYY and DDMMYYYY.
pub(crate) fn search_terms(
    family_name: &str,
    given_name: &str,
    birth_date: &str,
    phone: Option<&str>,
) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |term: String| {
        if !terms.contains(&term) {
            terms.push(term);
        }
    };
    for name in [family_name, given_name] {
        for word in name.split(|c: char| !c.is_alphanumeric()) {
            let folded = normalise_name(word);
            if !folded.is_empty() {
                add(format!("n:{folded}"));
            }
        }
        let joined: String = name
            .chars()
            .filter(|c| !matches!(c, '\'' | '\u{2019}' | '-' | '.'))
            .collect();
        for word in joined.split(|c: char| !c.is_alphanumeric()) {
            let folded = normalise_name(word);
            if !folded.is_empty() {
                add(format!("n:{folded}"));
            }
        }
    }
    let digits: String = phone
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    for start in 0..digits.len().min(15) {
        add(format!("d:{}", &digits[start..]));
    }
    let date: String = birth_date.chars().filter(char::is_ascii_digit).collect();
    if date.len() == 8 {
        let (year, month, day) = (&date[..4], &date[4..6], &date[6..]);
        add(format!("d:{year}{month}{day}"));
        add(format!("d:{month}{day}{year}"));
        add(format!("d:{day}{month}{year}"));
    }
    terms
}

/// Replaces a patient's search terms (PostgreSQL; SQLite's triggers keep
/// its index). Run it in the transaction that writes the patient.
pub(crate) async fn index_patient(
    conn: &mut Db,
    id: i64,
    patient: &super::NewPatient,
) -> Result<(), StoreError> {
    if conn.backend() != crate::Backend::Postgres {
        return Ok(());
    }
    db::query("DELETE FROM patient_search_terms WHERE patient_id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    for term in search_terms(
        &patient.family_name,
        &patient.given_name,
        &patient.birth_date,
        patient.phone.as_deref(),
    ) {
        db::query("INSERT INTO patient_search_terms (patient_id, term) VALUES (?, ?)")
            .bind(id)
            .bind(term)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Writes every patient's search terms afresh (PostgreSQL; SQLite's
/// triggers keep its index): after rows were copied in from elsewhere.
pub(crate) async fn rebuild_search_index(conn: &mut Db) -> Result<(), StoreError> {
    if conn.backend() != crate::Backend::Postgres {
        return Ok(());
    }
    db::query("DELETE FROM patient_search_terms")
        .execute(conn)
        .await?;
    let patients = db::query("SELECT id, family_name, given_name, birth_date, phone FROM patients")
        .fetch_all(conn)
        .await?;
    for patient in patients {
        let id: i64 = patient.get("id")?;
        let phone: Option<String> = patient.get("phone")?;
        for term in search_terms(
            &patient.get::<String>("family_name")?,
            &patient.get::<String>("given_name")?,
            &patient.get::<String>("birth_date")?,
            phone.as_deref(),
        ) {
            db::query("INSERT INTO patient_search_terms (patient_id, term) VALUES (?, ?)")
                .bind(id)
                .bind(term)
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// A date typed with separators as the digits the index holds, day and month
/// padded to two digits. The last part may still be being typed, so it comes
/// both as typed and padded: `1961-4-1` → `1961041`, `19610401`;
/// `4/12/1961` → `04121961`.
fn padded_date_digits(token: &str) -> Vec<String> {
    let parts: Vec<&str> = token.split(['-', '/', '.']).collect();
    let well_formed = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Vec::new();
    }
    let year_first = parts[0].len() == 4 && parts[1..].iter().all(|p| p.len() <= 2);
    let year_last =
        parts[..2].iter().all(|p| p.len() <= 2) && parts.get(2).is_none_or(|year| year.len() == 4);
    if !year_first && !year_last {
        return Vec::new();
    }
    let pad = |p: &str| {
        if p.len() == 4 {
            p.to_owned()
        } else {
            format!("{p:0>2}")
        }
    };
    let Some((last, leading)) = parts.split_last() else {
        return Vec::new();
    };
    let head: String = leading.iter().map(|p| pad(p)).collect();
    vec![format!("{head}{last}"), format!("{head}{}", pad(last))]
}

/// Up to this many matches come back in exact name order. A broader search
/// ("s", "08") lists the first matches registered, in name order, and says
/// that more match: sorting tens of thousands of rows per keystroke would
/// cost far more than the receptionist's next key, which narrows it anyway.
pub const EXACT_ORDER_LIMIT: usize = 500;

/// The patients matching `query`, at most `limit` of them, in name order
/// (family name, given name, birth date; accents and case folded).
pub async fn search_patients(
    conn: &mut Db,
    query: &SearchQuery,
    limit: u32,
) -> Result<SearchHits, StoreError> {
    let limit = limit as usize;
    let cap = EXACT_ORDER_LIMIT.max(limit) as i64 + 1;
    // The index answers in id order and stops at the cap: cheap even for "s".
    let mut ids: Vec<i64> = match conn.backend() {
        crate::Backend::Sqlite => {
            db::query("SELECT rowid FROM patient_search WHERE patient_search MATCH ? LIMIT ?")
                .bind(&query.expression)
                .bind(cap)
                .scalars(conn)
                .await?
        }
        crate::Backend::Postgres => {
            // Every token must prefix one of the patient's terms.
            let conditions: Vec<String> = query
                .prefixes
                .iter()
                .map(|alternatives| {
                    let any = vec!["t.term LIKE ?"; alternatives.len()].join(" OR ");
                    format!(
                        "EXISTS (SELECT 1 FROM patient_search_terms t
                                 WHERE t.patient_id = p.id AND ({any}))"
                    )
                })
                .collect();
            let mut statement = db::query(format!(
                "SELECT p.id FROM patients p WHERE {} ORDER BY p.id LIMIT ?",
                conditions.join(" AND ")
            ));
            for prefix in query.prefixes.iter().flatten() {
                statement = statement.bind(format!("{}%", like_escaped(prefix)));
            }
            statement.bind(cap).scalars(conn).await?
        }
    };
    let more = ids.len() > limit;
    if ids.len() > EXACT_ORDER_LIMIT.max(limit) {
        ids.truncate(limit);
    }
    let rows = if ids.is_empty() {
        Vec::new()
    } else {
        // The ids are integers the database just gave: a list in the SQL is safe.
        let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        db::query(format!(
            "SELECT id, family_name, given_name, birth_date, phone FROM patients
             WHERE id IN ({id_list})"
        ))
        .fetch_all(conn)
        .await?
    };
    let mut patients = rows
        .iter()
        .map(|row| {
            let hit = PatientMatch {
                id: row.get("id")?,
                family_name: row.get("family_name")?,
                given_name: row.get("given_name")?,
                birth_date: row.get("birth_date")?,
                phone: row.get("phone")?,
            };
            let key = (
                normalise_name(&hit.family_name),
                normalise_name(&hit.given_name),
            );
            Ok((key, hit))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    patients.sort_by(|(a_key, a), (b_key, b)| {
        a_key
            .cmp(b_key)
            .then_with(|| a.birth_date.cmp(&b.birth_date))
            .then_with(|| a.id.cmp(&b.id))
    });
    patients.truncate(limit);
    Ok(SearchHits {
        patients: patients.into_iter().map(|(_, hit)| hit).collect(),
        more,
    })
}

/// `text` with LIKE's wildcards taken literally (PostgreSQL's default
/// escape character is the backslash). Terms are letters and digits after a
/// two-letter tag, so this only guards against a future change.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A name reduced for comparison: accents and case folded, everything but
/// letters and digits dropped (`"  Zoë O'Neil-Hart "` → `"zoeoneilhart"`).
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        // Letters with no decomposition, spelt as the search index spells them.
        match c {
            '\u{f8}' => out.push('o'),
            '\u{e6}' => out.push_str("ae"),
            '\u{153}' => out.push_str("oe"),
            '\u{df}' => out.push_str("ss"),
            '\u{142}' => out.push('l'),
            '\u{111}' => out.push('d'),
            '\u{fe}' => out.push_str("th"),
            '\u{131}' => out.push('i'),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Ids of patients who are likely the same person: the same birth date and
/// the same normalised names (either way round, since family and given name
/// are easily swapped on the phone). `except` leaves one id out.
pub async fn find_duplicates(
    conn: &mut Db,
    family_name: &str,
    given_name: &str,
    birth_date: &str,
    except: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let rows = db::query(
        "SELECT id, family_name, given_name FROM patients WHERE birth_date = ? ORDER BY id",
    )
    .bind(birth_date)
    .fetch_all(conn)
    .await?;
    let wanted = (normalise_name(family_name), normalise_name(given_name));
    let mut ids = Vec::new();
    for row in rows {
        let id: i64 = row.get("id")?;
        if Some(id) == except {
            continue;
        }
        let family = normalise_name(&row.get::<String>("family_name")?);
        let given = normalise_name(&row.get::<String>("given_name")?);
        if (family == wanted.0 && given == wanted.1) || (family == wanted.1 && given == wanted.0) {
            ids.push(id);
        }
    }
    Ok(ids)
}
