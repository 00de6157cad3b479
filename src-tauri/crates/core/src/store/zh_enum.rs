//! [`zh_enum!`](crate::zh_enum): the closed lists clerks choose from (岗位类别, 学历, 证件状态 …)
//! as Rust enums whose stored, serialised and shown value is the Chinese label, with the other
//! spellings sheets use (硕士 for 研究生) accepted when parsing.

/// Declare an enum of Chinese labels:
///
/// ```
/// ledger_core::zh_enum! {
///     /// 学历
///     pub enum Education { Graduate = "研究生" | "硕士" | "博士", Bachelor = "本科" }
/// }
/// assert_eq!(Education::parse(" 硕 士"), Some(Education::Graduate));
/// assert_eq!(Education::Bachelor.label(), "本科");
/// assert_eq!(serde_json::to_string(&Education::Graduate).unwrap(), "\"研究生\"");
/// ```
///
/// gives `Education::ALL`, `label()`, `parse()` (label or any alias, blanks ignored) and serde and
/// ts-rs forms that are the label.
#[macro_export]
macro_rules! zh_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $label:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum $name {
            $(#[serde(rename = $label)] $variant),+
        }

        impl $name {
            /// Every value, in the order they are offered.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Chinese label, which is also the stored value.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value a label (or another spelling of it) names; spaces are ignored.
            pub fn parse(s: &str) -> Option<$name> {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                match s.as_str() {
                    $($label $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The labels, joined for an error message: `研究生、本科、大专`.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("、")
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("未知的取值“{s}”").into()))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.label()))
            }
        }
    };
}
