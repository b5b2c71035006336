//! The reading settings: the flags that change what a corpus file gives (`--map`, `--day-first`,
//! `--month-first`, ...), as one serializable struct. `rebuild` stores them with the index (the generation's
//! `dateline.json`), `ingest` reads new and changed files with them and refuses different ones (they would leave the
//! archive read two ways; `rebuild` applies new ones to the whole corpus), and `stats` shows them.
//!
//! **Adding a reading setting** is one field here and two lines elsewhere:
//! 1. a field of [`ReadSettings`] named like its flag (serde writes it in kebab-case: `date_from_path` is
//!    `--date-from-path`), with `#[serde(default, skip_serializing_if = ...)]` at its default value (`is_false` for
//!    a switch, `Option::is_none` for an optional value such as a file), and a `///` line;
//! 2. the clap flag in `cli.rs` (`ReadArgs`) and one line in `main.rs` (`read_settings`) filling the field;
//! 3. one line in [`ReadSettings::apply`] handing it to the code that reads (`ingest::Options`).
//!
//! Storing, comparing and showing need nothing more: they go through serde, a switch shows as `--flag`, a value
//! as `--flag VALUE`. A file-valued setting should store the path as given; a setting the stored index has and
//! this binary does not know makes the index incompatible (rebuild), so nothing is read with half the settings.

use super::read::FieldMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How the corpus was read. The default (no flags) is what `dateline rebuild` without reading flags uses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReadSettings {
    /// `--map`: extra JSON/CSV/front-matter field names.
    #[serde(default, skip_serializing_if = "FieldMap::is_empty")]
    pub map: FieldMap,
    /// `--day-first`: ambiguous numeric dates are day-first.
    #[serde(default, skip_serializing_if = "is_false")]
    pub day_first: bool,
    /// `--month-first`: ambiguous numeric dates are month-first.
    #[serde(default, skip_serializing_if = "is_false")]
    pub month_first: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `ingest` was given reading settings the index was not built with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the index was read with {}, and this ingest asks for {}; ingest reads only new and changed files, so the \
     archive would be read two ways. To read the whole corpus the new way, run `dateline rebuild {}` (add any of \
     the index's settings you want to keep); to go on as the index was built, run `dateline ingest` without \
     reading flags: it uses the index's",
    shown(.stored), shown(.given), .given.join(" ")
)]
pub struct SettingsConflict {
    /// The index's settings, as flags.
    pub stored: Vec<String>,
    /// This run's, as flags.
    pub given: Vec<String>,
}

fn shown(flags: &[String]) -> String {
    if flags.is_empty() {
        "no reading flags".to_string()
    } else {
        flags.join(" ")
    }
}

impl ReadSettings {
    /// The settings as the flags that give them, sorted by flag: `["--day-first", "--map body=short_description"]`;
    /// empty for the defaults.
    pub fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (key, value) in self.entries() {
            match value {
                Value::Bool(true) => out.push(format!("--{key}")),
                Value::Bool(false) | Value::Null => {}
                Value::Array(items) => {
                    for v in items {
                        out.push(format!("--{key} {}", plain(&v)));
                    }
                }
                other => out.push(format!("--{key} {}", plain(&other))),
            }
        }
        out
    }

    /// The settings as shown to people: their flags, or `(defaults)`.
    pub fn describe(&self) -> String {
        let flags = self.flags();
        if flags.is_empty() {
            "(defaults)".to_string()
        } else {
            flags.join(" ")
        }
    }

    pub fn is_default(&self) -> bool {
        self.entries().is_empty()
    }

    /// The non-default settings as serde writes them, key by key.
    fn entries(&self) -> Vec<(String, Value)> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map.into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// What an `ingest` reads with, given the settings `stored` with the index and the flags of this run: the
    /// stored ones, when every setting given agrees with them (a flag not given takes the index's value).
    pub fn for_ingest(
        stored: &ReadSettings,
        given: &ReadSettings,
    ) -> Result<ReadSettings, SettingsConflict> {
        let stored_entries = stored.entries();
        let agrees = given
            .entries()
            .iter()
            .all(|(k, v)| stored_entries.iter().any(|(sk, sv)| sk == k && sv == v));
        if agrees {
            Ok(stored.clone())
        } else {
            Err(SettingsConflict {
                stored: stored.flags(),
                given: given.flags(),
            })
        }
    }

    /// Hands the settings to the code that reads: the field map to the readers, the date order to `dates`.
    pub fn apply(&self, opts: &mut super::Options) {
        opts.read.field_map = self.map.clone();
        opts.dates.day_first = if self.day_first {
            Some(true)
        } else if self.month_first {
            Some(false)
        } else {
            None
        };
    }
}

/// A value as typed after its flag: strings without quotes unless they hold a space.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) if s.contains(char::is_whitespace) => format!("'{s}'"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(map: &str, day_first: bool, month_first: bool) -> ReadSettings {
        ReadSettings {
            map: FieldMap::parse(map).unwrap(),
            day_first,
            month_first,
        }
    }

    #[test]
    fn settings_show_as_their_flags_and_round_trip() {
        let x = s("body=short_description", true, false);
        assert_eq!(x.flags(), ["--day-first", "--map body=short_description"]);
        assert_eq!(x.describe(), "--day-first --map body=short_description");
        let json = serde_json::to_string(&x).unwrap();
        assert_eq!(json, r#"{"map":"body=short_description","day-first":true}"#);
        assert_eq!(serde_json::from_str::<ReadSettings>(&json).unwrap(), x);
        assert_eq!(
            serde_json::to_string(&ReadSettings::default()).unwrap(),
            "{}"
        );
        assert_eq!(ReadSettings::default().describe(), "(defaults)");
        assert!(ReadSettings::default().is_default() && !x.is_default());
        // A setting this version does not know is refused, not ignored.
        assert!(serde_json::from_str::<ReadSettings>(r#"{"date-from-moon":true}"#).is_err());
    }

    #[test]
    fn ingest_keeps_the_index_settings_and_refuses_others() {
        let stored = s("body=short_description", true, false);
        // No flags, or flags that agree: the index's settings.
        assert_eq!(
            ReadSettings::for_ingest(&stored, &ReadSettings::default()),
            Ok(stored.clone())
        );
        assert_eq!(
            ReadSettings::for_ingest(&stored, &s("", true, false)),
            Ok(stored.clone())
        );
        assert_eq!(
            ReadSettings::for_ingest(&stored, &stored),
            Ok(stored.clone())
        );
        // Anything else is a conflict that says what to do.
        let err = ReadSettings::for_ingest(&stored, &s("", false, true)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("the index was read with --day-first --map body=short_description, and this ingest asks for --month-first"),
            "{msg}"
        );
        assert!(msg.contains("`dateline rebuild --month-first`"), "{msg}");
        assert!(ReadSettings::for_ingest(&stored, &s("body=text", false, false)).is_err());
        assert!(ReadSettings::for_ingest(&ReadSettings::default(), &s("", true, false)).is_err());
    }

    #[test]
    fn apply_sets_what_the_readers_use() {
        let mut o = super::super::Options::default();
        s("title=hed", false, true).apply(&mut o);
        assert_eq!(o.read.field_map.to_string(), "title=hed");
        assert_eq!(o.dates.day_first, Some(false));
        ReadSettings::default().apply(&mut o);
        assert!(o.read.field_map.is_empty());
        assert_eq!(o.dates.day_first, None);
    }
}
