//! How numbers and dates read on the page.

/// Counts the way Chinese sites print them: 9800, 1.2万, 14.9万, 3亿.
pub fn count(n: u64) -> String {
    fn scaled(n: u64, unit: u64, suffix: &str) -> String {
        // One decimal, rounded half up, with a trailing .0 dropped (u128: any u64 fits).
        let tenths = (u128::from(n) * 10 + u128::from(unit) / 2) / u128::from(unit);
        if tenths % 10 == 0 {
            format!("{}{suffix}", tenths / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    }
    match n {
        0..=9_999 => n.to_string(),
        10_000..=99_994_999 => scaled(n, 10_000, "万"),
        _ => scaled(n, 100_000_000, "亿"),
    }
}

/// `2023-11-21` → `2023年11月21日`; anything else is shown as it came.
pub fn date_long(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && [m, d].iter().all(|p| p.parse::<u8>().is_ok()) => {
            format!("{y}年{}月{}日", m.trim_start_matches('0'), d.trim_start_matches('0'))
        }
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(10_000), "1万");
        assert_eq!(count(12_345), "1.2万");
        assert_eq!(count(149_000), "14.9万");
        assert_eq!(count(149_960), "15万");
        assert_eq!(count(99_994_999), "9999.5万");
        assert_eq!(count(99_995_000), "1亿");
        assert_eq!(count(250_000_000), "2.5亿");
        assert_eq!(count(u64::MAX), "184467440737.1亿", "hostile data cannot overflow");
    }

    #[test]
    fn dates() {
        assert_eq!(date_long("2023-11-21"), "2023年11月21日");
        assert_eq!(date_long("2024-01-05"), "2024年1月5日");
        assert_eq!(date_long("昨天"), "昨天");
        assert_eq!(date_long(""), "");
    }
}
