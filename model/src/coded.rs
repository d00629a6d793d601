//! `coded_enum!`: an enum whose values have a code (JSON, URLs, file names) and a Chinese label,
//! with `Other` for a code this version does not know (decoding never fails on a new value).
//! Every such enum of the model is written with it, so the three tables (variant, code, label)
//! are one.

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal;)* } other = $other:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            #[serde(other)]
            Other,
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The code used in JSON, URLs and file names.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                    $name::Other => "other",
                }
            }
            /// The Chinese label the UI shows.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                    $name::Other => $other,
                }
            }
            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    use crate::admissions::{AdmissionType, Batch, Track};
    use crate::types::{AccountKind, Kind, Level, Nature};

    /// Each value's code is its JSON and reads back; an unknown code is `Other`, with its label.
    macro_rules! round_trips {
        ($($t:ty),*) => {$(
            for v in <$t>::ALL {
                assert_eq!(<$t>::from_code(v.code()), Some(*v));
                assert_eq!(serde_json::to_string(v).expect("encodes"), format!("\"{}\"", v.code()));
            }
            let unknown: $t = serde_json::from_str("\"new_in_2030\"").expect("decodes");
            assert_eq!((unknown, <$t>::from_code("other")), (<$t>::Other, None));
        )*};
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_other() {
        round_trips!(Level, Kind, Nature, AccountKind, Track, Batch, AdmissionType);
        assert_eq!(AccountKind::Other.label(), "官方账号");
        assert_eq!(Kind::Engineering.label(), "理工类");
    }
}
