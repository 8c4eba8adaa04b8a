//! What a panic prints: where it happened, never its payload (a panic
//! message could hold patient data from a value being formatted). Both
//! binaries — the desktop shell and `frontdesk-cli` — install this one hook.

/// Replaces the panic hook with one that writes `"{program}: internal error
/// at FILE:LINE"` to stderr and nothing else.
pub fn install(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        eprintln!("{program}: internal error at {}", place(info.location()));
    }));
}

fn place(location: Option<&std::panic::Location<'_>>) -> String {
    location
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_else(|| "an unknown place".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_file_and_line_only() {
        let here = std::panic::Location::caller();
        assert_eq!(
            place(Some(here)),
            format!("{}:{}", here.file(), here.line())
        );
        assert_eq!(place(None), "an unknown place");
    }
}
