//! Generated realistic days (`benches/repair_generator/`, the benchmark's
//! generator): every day is accepted, every plan is valid, its printed
//! cost is the recomputed cost, and it is no dearer than the baseline;
//! and the plan depends only on the file (the same plan twice).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod repair_support;

#[path = "../benches/repair_generator/mod.rs"]
mod repair_generator;

use frontdesk_engine::repair;
use proptest::prelude::*;
use repair_generator::{DaySpec, DAYS};

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn generated_days_get_valid_plans_no_dearer_than_the_baseline(
        visits in 2usize..=40,
        seed in 0u64..10_000,
        day in proptest::option::of(0..DAYS.len()),
        grid in proptest::option::of(prop::sample::select(vec![5u32, 10, 15, 20])),
    ) {
        let mut spec = DaySpec::new(visits, seed);
        spec.day = day.map(|index| (DAYS[index].0.to_owned(), DAYS[index].1.to_owned()));
        spec.grid_min = grid;
        let text = serde_json::to_string(&repair_generator::generate(&spec)).unwrap();
        let day = repair_support::read(&text);
        prop_assert_eq!(day.visits_to_plan().len(), visits);
        if repair::baseline(&day).is_ok() {
            repair_support::solve_and_check(&day);
            let again = repair::solve(&day).unwrap();
            prop_assert_eq!(repair::solve(&day).unwrap(), again);
        }
    }
}
