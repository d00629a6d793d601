//! The trend chart's geometry (pure): years and values to SVG coordinates in a fixed
//! `viewBox`, which the browser scales to the screen.

/// The drawing area inside the `viewBox`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    /// Room for the value labels on the left.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    /// Room for the year labels below.
    pub bottom: f64,
}

impl Frame {
    pub const SMALL: Frame =
        Frame { width: 320.0, height: 150.0, left: 48.0, right: 12.0, top: 14.0, bottom: 24.0 };

    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", num(self.width), num(self.height))
    }
}

/// A value axis: its range with some room, and whether bigger values sit higher (scores) or
/// lower (ranks: rank 1 is the best, so it is drawn at the top).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub inverted: bool,
}

impl Scale {
    /// The range covering `values`, widened by a tenth on each side (and never empty).
    pub fn covering(values: impl IntoIterator<Item = f64>, inverted: bool) -> Option<Scale> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            return None;
        }
        let room = ((hi - lo) * 0.1).max(1.0);
        Some(Scale { min: (lo - room).max(0.0), max: hi + room, inverted })
    }
}

/// x for the `i`-th of `n` years, spread evenly (one year sits in the middle).
pub fn x_of(frame: &Frame, i: usize, n: usize) -> f64 {
    let span = frame.width - frame.left - frame.right;
    if n <= 1 {
        return frame.left + span / 2.0;
    }
    frame.left + span * i as f64 / (n - 1) as f64
}

/// y for a value.
pub fn y_of(frame: &Frame, scale: &Scale, value: f64) -> f64 {
    let span = frame.height - frame.top - frame.bottom;
    let range = (scale.max - scale.min).max(f64::EPSILON);
    let share = ((value - scale.min) / range).clamp(0.0, 1.0);
    let share = if scale.inverted { share } else { 1.0 - share };
    frame.top + span * share
}

/// The SVG `points` of a polyline through the known values; a gap (`None`) is skipped.
pub fn polyline(frame: &Frame, scale: &Scale, values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (x_of(frame, i, values.len()), y_of(frame, scale, v))))
        .collect()
}

/// A number with at most one decimal (`12`, `12.5`, `-0.5`), written with integer arithmetic:
/// float formatting would add its own tens of kilobytes to the wasm.
pub fn num(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    if t.is_multiple_of(10) {
        format!("{sign}{}", t / 10)
    } else {
        format!("{sign}{}.{}", t / 10, t % 10)
    }
}

/// `x,y x,y …` with one decimal.
pub fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect::<Vec<_>>().join(" ")
}

/// Three labelled values for the axis: bottom, middle and top of the range, rounded.
pub fn ticks(scale: &Scale) -> [f64; 3] {
    let mid = (scale.min + scale.max) / 2.0;
    [scale.min.round(), mid.round(), scale.max.round()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Frame = Frame { width: 100.0, height: 60.0, left: 10.0, right: 10.0, top: 5.0, bottom: 5.0 };

    #[test]
    fn spreads_years_across_the_width() {
        assert_eq!(x_of(&F, 0, 3), 10.0);
        assert_eq!(x_of(&F, 1, 3), 50.0);
        assert_eq!(x_of(&F, 2, 3), 90.0);
        assert_eq!(x_of(&F, 0, 1), 50.0);
    }

    #[test]
    fn scores_rise_and_ranks_fall() {
        let score = Scale { min: 0.0, max: 100.0, inverted: false };
        assert_eq!(y_of(&F, &score, 100.0), 5.0);
        assert_eq!(y_of(&F, &score, 0.0), 55.0);
        let rank = Scale { inverted: true, ..score };
        assert_eq!(y_of(&F, &rank, 0.0), 5.0);
        assert_eq!(y_of(&F, &rank, 100.0), 55.0);
        // Out of range values stay inside the frame.
        assert_eq!(y_of(&F, &score, 500.0), 5.0);
    }

    #[test]
    fn covers_values_with_room_and_skips_gaps() {
        let s = Scale::covering([400.0, 500.0], false).expect("range");
        assert_eq!((s.min, s.max), (390.0, 510.0));
        let flat = Scale::covering([400.0], false).expect("range");
        assert_eq!((flat.min, flat.max), (399.0, 401.0));
        assert_eq!(Scale::covering([], false), None);
        let points = polyline(&F, &s, &[Some(450.0), None, Some(510.0)]);
        assert_eq!(points.len(), 2);
        assert_eq!(points[1], (90.0, 5.0));
        assert_eq!(points_attr(&points), "10,30 90,5");
        assert_eq!(ticks(&s), [390.0, 450.0, 510.0]);
        assert_eq!(
            (num(12.0), num(12.54), num(-0.5), num(413.6)),
            ("12".into(), "12.5".into(), "-0.5".into(), "413.6".into())
        );
    }
}
