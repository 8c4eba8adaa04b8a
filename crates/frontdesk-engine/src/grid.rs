//! The practice's booking grid: visits start only at whole multiples of the
//! grid after local midnight.

/// Smallest and largest grid a practice may use, in minutes.
pub const GRID_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// Rounds a minute-of-day up to the next grid line (or keeps it when on one).
pub fn ceil_to_grid(minute_of_day: u32, grid_min: u32) -> u32 {
    let grid = grid_min.max(1);
    minute_of_day.div_ceil(grid) * grid
}

/// Whether a minute-of-day lies on the grid.
pub fn is_on_grid(minute_of_day: u32, grid_min: u32) -> bool {
    minute_of_day % grid_min.max(1) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_up_to_the_next_grid_line() {
        assert_eq!(ceil_to_grid(481, 15), 495);
        assert_eq!(ceil_to_grid(480, 15), 480);
        assert_eq!(ceil_to_grid(0, 7), 0);
        assert!(is_on_grid(495, 15));
        assert!(!is_on_grid(496, 15));
    }
}
