//! Patient search latency at 100k patients (a measurement, not a test).
//!
//! `cargo bench -p frontdesk-core --bench patient_search` builds 100 000
//! fictitious patients in an encrypted temporary database, then replays what a
//! receptionist types, one search per keystroke: a family name letter by
//! letter, "given family", "family year", a birth date (ISO and US order) and
//! phone fragments. It reports p50/p95/p99 for the core call the app makes
//! (`patients::search_patients`: write transaction, search, audit row, commit)
//! and for the bare store query, overall and per kind of typing.
//!
//! `PATIENTS=n` and `ROUNDS=n` change the size and the number of typed lookups;
//! `SLOWEST=1` also prints the slowest searches (the names are fictitious).

use std::collections::BTreeMap;
use std::error::Error;
use std::time::{Duration, Instant};

use frontdesk_core::patients::{search_patients, DEFAULT_SEARCH_LIMIT};
use frontdesk_core::store::patients::{self as store_patients, ContactChannel, NewPatient};
use frontdesk_core::store::{DatabaseId, DatabaseKey, Store};
use frontdesk_core::{Actor, FixedClock};

// Comma-separated, so names with spaces ("van der Berg") stay whole.
const GIVEN: &str =
    "Amara,Bastian,Celeste,Dorian,Elodie,Fabian,Giselle,Hamish,Ingrid,Jasper,Kalinda,\
    Leander,Marisol,Nikolai,Ottilie,Percival,Quilla,Rosalind,Soren,Tamsin,James,Mary,\
    Robert,Patricia,John,Jennifer,Michael,Linda,David,Elizabeth,William,Barbara,Richard,\
    Susan,Joseph,Jessica,Thomas,Sarah,Carlos,Karen,Daniel,Lisa,Matthew,Nancy,Anthony,\
    Betty,Mark,Sandra,Donald,Ashley,Steven,Kimberly,Andrew,Emily,Joshua,Donna,Kenneth,\
    Michelle,Kevin,Carol,Brian,Amanda,George,Melissa,Timothy,Deborah,Ronald,Stephanie,\
    Jason,Rebecca,Edward,Sharon,Jeffrey,Laura,Ryan,Cynthia,Jacob,Dorothy,Gary,Amy,\
    Nicholas,Kathleen,Eric,Angela,Jonathan,Shirley,Stephen,Emma,Larry,Brenda,Justin,\
    Pamela,Scott,Nicole,Brandon,Anna,Benjamin,Samantha,Samuel,Katherine,José,María,Juan,\
    Guadalupe,Luis,Sofía,Wei,Mei,Hiroshi,Yuki,Aarav,Priya,Mohammed,Fatima,Olumide,\
    Chiamaka,Siobhán,Seán,Zoë,Chloé,François,Renée,Björn,Åsa,Søren,Łukasz,Małgorzata,\
    Dmitri,Anastasia,Kwame,Ama,Thanh,Linh,Mary-Kate,Jean-Luc,Noah,Olivia,Liam,Ava,Mateo,\
    Isabella,Elijah,Mia,Lucas,Harper";

const FAMILY: &str =
    "Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,\
    Lopez,Gonzalez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Perez,Thompson,\
    White,Harris,Sanchez,Clark,Ramirez,Lewis,Robinson,Walker,Young,Allen,King,Wright,\
    Scott,Torres,Nguyen,Hill,Flores,Green,Adams,Nelson,Baker,Hall,Rivera,Campbell,\
    Mitchell,Carter,Roberts,Gomez,Phillips,Evans,Turner,Diaz,Parker,Cruz,Edwards,Collins,\
    Reyes,Stewart,Morris,Morales,Murphy,Cook,Rogers,Gutierrez,Ortiz,Morgan,Cooper,\
    Peterson,Bailey,Reed,Kelly,Howard,Ramos,Kim,Cox,Ward,Richardson,Watson,Brooks,Chavez,\
    Wood,James,Bennett,Gray,Mendoza,Ruiz,Hughes,Price,Alvarez,Castillo,Sanders,Patel,\
    Myers,Long,Ross,Foster,Jimenez,Abernathy,Blackwood,Castellano,Drummond,Eversley,\
    Fairweather,Gallagher,Holloway,Ingleby,Jorgensen,Kettering,Marchetti,Northcott,\
    Oyelaran,Pemberton,Quartermaine,Rutherford,Sandoval,Thistlewood,Underhill,O'Brien,\
    O'Connor,McAllister,MacDonald,D'Angelo,Núñez,Muñoz,Peña,Ibáñez,Müller,Schäfer,Öztürk,\
    Åberg,Ødegård,Kowalski,Wiśniewska,Nowak,Dvořák,Novák,Papadopoulos,Nakamura,Tanaka,\
    Suzuki,Wang,Li,Zhang,Chen,Liu,Singh,Kumar,Sharma,Okafor,Adeyemi,Mensah,Haddad,Khalil,\
    Nasser,Cohen,Levi,Friedman,Ivanov,Petrova,Smirnov,Tran,Pham,Le,Vo,Hoang,Dubois,\
    Lefèvre,Girard,Rossi,Russo,Esposito,Bianchi,Romano,Costa,Silva,Santos,Oliveira,\
    Pereira,Ferreira,Almeida,van der Berg,de Vries,van Dijk,Janssen,Bakker,Visser,Smit,\
    Meijer,Mulder,de Jong,Hansen,Johansson,Larsen,Nielsen,Andersen,Lindqvist,Virtanen,\
    Korhonen,Mäkinen,Nieminen,Horvath,Nagy,Kovacs,Szabo,Toth,Popescu,Ionescu,Yilmaz,Kaya,\
    Demir,Celik,Sahin,Fitzgerald,Gallo,Brennan,Doyle,Kavanagh,Quinn,Byrne,Walsh,Ryan,\
    Carroll,Dunne";

const AREA_CODES: &str = "312,773,872,630,331,847,224,708,815,779,219,414,262,608,217,309";

/// Deterministic random numbers, so every run measures the same data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards the start of a list: common names are common.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n.saturating_sub(1))
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list.get(self.below(list.len())).copied().unwrap_or("X")
    }
}

struct Names {
    given: Vec<&'static str>,
    family: Vec<&'static str>,
    area_codes: Vec<&'static str>,
}

impl Names {
    fn new() -> Self {
        let split = |list: &'static str| list.split(',').collect::<Vec<_>>();
        Self {
            given: split(GIVEN),
            family: split(FAMILY),
            area_codes: split(AREA_CODES),
        }
    }
}

fn fictitious_patient(random: &mut SplitMix64, names: &Names) -> NewPatient {
    let mut family = names
        .family
        .get(random.skewed(names.family.len()))
        .copied()
        .unwrap_or("Smith")
        .to_owned();
    if random.below(25) == 0 {
        family = format!("{family}-{}", random.pick(&names.family));
    }
    let mut given = random.pick(&names.given).to_owned();
    if random.below(8) == 0 {
        given = format!("{given} {}", random.pick(&names.given));
    }
    let birth_date = format!(
        "{:04}-{:02}-{:02}",
        1930 + random.below(95),
        1 + random.below(12),
        1 + random.below(28)
    );
    let area = random.pick(&names.area_codes);
    let exchange = 200 + random.below(800);
    let line = random.below(10_000);
    let phone = match random.below(12) {
        0 => None,
        1..=6 => Some(format!("({area}) {exchange}-{line:04}")),
        7..=9 => Some(format!("{area}-{exchange}-{line:04}")),
        _ => Some(format!("+1 {area} {exchange} {line:04}")),
    };
    let email = (random.below(3) != 0).then(|| format!("patient{}@example.com", random.next()));
    NewPatient {
        contact_channel: if email.is_some() && random.below(3) == 0 {
            ContactChannel::Email
        } else if phone.is_some() {
            ContactChannel::Phone
        } else {
            ContactChannel::Card
        },
        family_name: family,
        given_name: given,
        birth_date,
        phone,
        email,
        language: if random.below(6) == 0 { "es" } else { "en" }.to_owned(),
        reminder_consent: random.below(10) != 0,
        notes: None,
        record: Default::default(),
    }
}

/// Every prefix of `text` from `from` characters on, as typed key by key.
fn typed(text: &str, from: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    (from.max(1)..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

fn first_word(name: &str) -> String {
    name.split([' ', '-']).next().unwrap_or(name).to_owned()
}

/// The keystroke-by-keystroke searches of one lookup of `patient`.
fn lookup(random: &mut SplitMix64, patient: &NewPatient) -> (&'static str, Vec<String>) {
    let family = first_word(&patient.family_name).to_lowercase();
    let short_family: String = family.chars().take(5).collect();
    let given = first_word(&patient.given_name);
    let year = &patient.birth_date[..4];
    let digits: String = patient
        .phone
        .as_deref()
        .unwrap_or("312 555 0101")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let national = &digits[digits.len().saturating_sub(10)..];
    match random.below(7) {
        0 | 1 => ("family name", typed(&short_family, 1)),
        2 => {
            let short_given: String = given.chars().take(4).collect();
            let typed_family: String = family.chars().take(3).collect();
            (
                "given family",
                typed(&format!("{short_given} {typed_family}"), 2),
            )
        }
        3 => ("family year", typed(&format!("{short_family} {year}"), 2)),
        4 => ("birth date", typed(&patient.birth_date, 4)),
        5 => {
            let (y, m, d) = (
                &patient.birth_date[..4],
                &patient.birth_date[5..7],
                &patient.birth_date[8..],
            );
            ("US date", typed(&format!("{m}/{d}/{y}"), 2))
        }
        _ => {
            if random.below(2) == 0 {
                let spaced = format!("{} {}-{}", &national[..3], &national[3..6], &national[6..]);
                ("phone", typed(&spaced, 3))
            } else {
                ("phone end", typed(&national[6..], 3))
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<28} n={:>5}  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        times.len(),
        ms(percentile(times, 50.0)),
        ms(percentile(times, 95.0)),
        ms(percentile(times, 99.0)),
        ms(times.last().copied().unwrap_or_default()),
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let count = env_number("PATIENTS", 100_000);
    let rounds = env_number("ROUNDS", 400);
    let dir = tempfile::tempdir()?;
    let store = Store::create(
        &dir.path().join("bench.db"),
        &DatabaseKey::generate()?,
        DatabaseId::generate()?,
    )
    .await?;

    let mut random = SplitMix64(0x00c0_ffee);
    let names = Names::new();
    let patients: Vec<NewPatient> = (0..count)
        .map(|_| fictitious_patient(&mut random, &names))
        .collect();
    let started = Instant::now();
    let mut tx = store.begin_write().await?;
    for patient in &patients {
        store_patients::insert_patient(&mut tx, patient, 0, "bench").await?;
    }
    tx.commit().await?;
    println!(
        "{count} patients inserted and indexed in {:.1} s (encrypted, one transaction)",
        started.elapsed().as_secs_f64()
    );
    let size: u64 = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("database files: {:.1} MB", size as f64 / 1e6);

    let actor = Actor::front_desk();
    let clock = FixedClock(chrono::Utc::now());
    let mut core_times: Vec<Duration> = Vec::new();
    let mut store_times: Vec<Duration> = Vec::new();
    let mut by_kind: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut by_tokens: BTreeMap<usize, Vec<Duration>> = BTreeMap::new();
    let mut found_target = 0usize;
    let mut searches = 0usize;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut conn = store.acquire().await?;
    for _ in 0..rounds {
        let index = random.below(patients.len());
        let target = &patients[index];
        // A fresh database numbers patients in insertion order from 1.
        let target_id = index as i64 + 1;
        let (kind, queries) = lookup(&mut random, target);
        let mut on_list = false;
        for query in &queries {
            let started = Instant::now();
            let results =
                search_patients(&store, &actor, &clock, query, DEFAULT_SEARCH_LIMIT).await?;
            let elapsed = started.elapsed();
            core_times.push(elapsed);
            slowest.push((elapsed, query.clone()));
            by_kind.entry(kind).or_default().push(elapsed);
            by_tokens
                .entry(query.split_whitespace().count())
                .or_default()
                .push(elapsed);
            searches += 1;
            on_list = results.patients.iter().any(|p| p.id == target_id);

            if let Some(parsed) = store_patients::SearchQuery::parse(query) {
                let started = Instant::now();
                store_patients::search_patients(&mut conn, &parsed, DEFAULT_SEARCH_LIMIT).await?;
                store_times.push(started.elapsed());
            }
        }
        if on_list {
            found_target += 1;
        }
    }
    drop(conn);
    if std::env::var_os("SLOWEST").is_some() {
        slowest.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
        for (time, query) in slowest.iter().take(25) {
            println!("{:>8.2} ms  {query:?}", time.as_secs_f64() * 1000.0);
        }
    }
    println!(
        "\n{searches} searches as typed ({rounds} lookups), {DEFAULT_SEARCH_LIMIT} results each at most"
    );
    summary("core search_patients (all)", &mut core_times);
    summary("store query only (all)", &mut store_times);
    for (kind, times) in &mut by_kind {
        summary(&format!("  {kind}"), times);
    }
    for (tokens, times) in &mut by_tokens {
        summary(&format!("  {tokens} token(s)"), times);
    }
    println!(
        "the wanted patient was among the first {DEFAULT_SEARCH_LIMIT} after the last keystroke in {:.0}% of lookups",
        100.0 * found_target as f64 / rounds.max(1) as f64
    );
    store.close().await;
    Ok(())
}
