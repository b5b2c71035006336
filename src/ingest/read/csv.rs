//! CSV and TSV articles: a header row names the columns (the names of `fields`, case-insensitive, plus the user's
//! field map), then one article per row. CSV follows RFC 4180, so quoted fields may span lines; TSV has no quoting
//! (a tab or newline cannot occur inside a field). Read row by row: a bad row is a warning with its line number
//! and the rest is read. Fields are decoded one by one (UTF-8, else the legacy encoding the first odd field
//! suggests).

use super::encoding::PieceDecoder;
use super::fields::{self, FieldValue, Target, UnreadField, UnreadTally};
use super::{cap_body, unreadable, ReadOptions, Record};
use std::collections::HashMap;
use std::io::{self, BufRead};

/// At most this many per-row warnings are listed; the rest are counted in one.
const MAX_LISTED_WARNINGS: usize = 50;

/// Reads CSV (or TSV) from `input`, handing each article to `sink`.
pub fn read_stream(
    mut input: impl BufRead,
    tsv: bool,
    opts: &ReadOptions,
    warnings: &mut Vec<String>,
    unread: &mut Vec<UnreadField>,
    sink: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let what = if tsv { "TSV" } else { "CSV" };
    let mut decoder = PieceDecoder::for_sample(input.fill_buf()?);
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut row = ::csv::ByteRecord::new();
    let to_io = |e: ::csv::Error| match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    // The header: the first row that is not blank.
    let header: Vec<String> = loop {
        if !rdr.read_byte_record(&mut row).map_err(to_io)? {
            return Err(unreadable(format!("the {what} file has no header row")));
        }
        if row.iter().any(|f| !f.is_empty()) {
            break row
                .iter()
                .map(|f| {
                    let name = decoder.decode(f);
                    name.trim_start_matches('\u{feff}').trim().to_lowercase()
                })
                .collect();
        }
    };
    let mut columns: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        columns.entry(name.as_str()).or_insert(i);
    }
    let mut tally = UnreadTally::new("column", &opts.field_map);
    // The columns no target reads (the first of each name: a repeated name is read as its first).
    let unknown: Vec<usize> = (0..header.len())
        .filter(|&i| columns.get(header[i].as_str()) == Some(&i) && !tally.is_known(&header[i]))
        .collect();
    let has = |t: Target| opts.field_map.names(t).any(|n| columns.contains_key(n));
    if !has(Target::Title) && !has(Target::Body) {
        return Err(unreadable(format!(
            "the {what} header has no title or text column (its columns: {}); name one with a field map such as body=<column>",
            header.join(", ")
        )));
    }
    let mut bad = 0usize;
    loop {
        match rdr.read_byte_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                match e.into_kind() {
                    ::csv::ErrorKind::Io(io) => {
                        warnings.extend(decoder.warning("fields"));
                        return Err(io);
                    }
                    other => {
                        bad += 1;
                        if bad <= MAX_LISTED_WARNINGS {
                            let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
                            warnings.push(format!("{at}unreadable row ({other:?}); skipped"));
                        }
                        continue;
                    }
                }
            }
        }
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        if row.len() == 1
            && row
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        if row.len() != header.len() {
            bad += 1;
            if bad <= MAX_LISTED_WARNINGS {
                warnings.push(format!(
                    "line {line}: {} fields where the header has {}; row skipped",
                    row.len(),
                    header.len()
                ));
            }
            continue;
        }
        let values: Vec<String> = row.iter().map(|f| decoder.decode(f).into_owned()).collect();
        let lookup = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| values.get(i))
                .map(|v| FieldValue::Text(v.clone()))
        };
        let mut rec = fields::build(&opts.field_map, &lookup);
        tally.record(
            &rec,
            unknown
                .iter()
                .filter_map(|&i| Some((header[i].as_str(), values.get(i)?.as_str()))),
        );
        if rec.title.is_none() && rec.body.trim().is_empty() {
            bad += 1;
            if bad <= MAX_LISTED_WARNINGS {
                warnings.push(format!("line {line}: no title and no text; row skipped"));
            }
            continue;
        }
        cap_body(
            &mut rec,
            opts.max_body_bytes,
            &format!("line {line}: "),
            warnings,
        );
        sink(rec);
    }
    if bad > MAX_LISTED_WARNINGS {
        warnings.push(format!(
            "{} more bad rows not listed",
            bad - MAX_LISTED_WARNINGS
        ));
    }
    warnings.extend(decoder.warning("fields"));
    unread.extend(tally.finish());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn run(input: &[u8], tsv: bool, opts: &ReadOptions) -> (Vec<Record>, Vec<String>) {
        let mut w = Vec::new();
        let mut out = Vec::new();
        let mut unread = Vec::new();
        read_stream(
            Cursor::new(input.to_vec()),
            tsv,
            opts,
            &mut w,
            &mut unread,
            &mut |r| out.push(r),
        )
        .unwrap();
        w.extend(unread.iter().map(ToString::to_string));
        (out, w)
    }

    #[test]
    fn wikinews_style_csv_with_multiline_quoted_text() {
        let input = "url,date,title,text\r\n\
            https://en.wikinews.org/wiki/A,2019-01-02,\"Floods, again\",\"First paragraph.\r\n\r\nSecond \"\"quoted\"\" one.\"\r\n\
            https://en.wikinews.org/wiki/B,\"January 3, 2019\",Quake,Short.\r\n";
        let (r, w) = run(input.as_bytes(), false, &ReadOptions::default());
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].title.as_deref(), Some("Floods, again"));
        assert_eq!(r[0].body, "First paragraph.\r\n\r\nSecond \"quoted\" one.");
        assert_eq!(r[0].dates, ["2019-01-02"]);
        assert_eq!(r[0].url.as_deref(), Some("https://en.wikinews.org/wiki/A"));
        assert_eq!(r[1].dates, ["January 3, 2019"]);
    }

    #[test]
    fn an_extra_text_column_is_named_and_sections_and_authors_are_read() {
        let input = "title,text,date,Category,Writer,Standfirst\n\
            Floods,Rivers rose.,2024-01-02,Weather,Ann Lee,The river burst its banks after three days of rain in the hills.\n\
            Budget,The council voted.,2024-01-03,Politics,Bo Chen,A budget that raises school spending passed by seven votes to two.\n";
        let (r, w) = run(input.as_bytes(), false, &ReadOptions::default());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].section.as_deref(), Some("Weather"));
        assert_eq!(r[1].author.as_deref(), Some("Bo Chen"));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("column \"standfirst\" holds text in 2 of 2 records"),
            "{w:?}"
        );
        assert!(
            w[0].contains("--map body=standfirst would read it as the body instead"),
            "{w:?}"
        );
        let opts = ReadOptions {
            field_map: fields::FieldMap::parse("ignore=standfirst").unwrap(),
            ..ReadOptions::default()
        };
        let (_, w) = run(input.as_bytes(), false, &opts);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_bad_row_is_a_warning_with_its_line() {
        let input =
            "Title,Body,Published\nOne,First.,2020-01-01\nTwo,oops\nThree,Third.,2020-01-03\n";
        let (r, w) = run(input.as_bytes(), false, &ReadOptions::default());
        assert_eq!(r.len(), 2);
        assert_eq!(w, ["line 3: 2 fields where the header has 3; row skipped"]);
    }

    #[test]
    fn tsv_and_the_field_map() {
        let opts = ReadOptions {
            field_map: fields::FieldMap::parse("title=hed,body=copy,date=when").unwrap(),
            ..ReadOptions::default()
        };
        let input = b"hed\tcopy\twhen\nStorm\tA storm \"hit\" the coast.\t2021-02-03\n";
        let (r, w) = run(input, true, &opts);
        assert!(w.is_empty());
        assert_eq!(r[0].title.as_deref(), Some("Storm"));
        assert_eq!(r[0].body, "A storm \"hit\" the coast.");
        assert_eq!(r[0].dates, ["2021-02-03"]);
    }

    #[test]
    fn legacy_encoded_fields_are_decoded() {
        let (r, _) = run(
            b"title,text\nCaf\xe9,Cr\xe8me br\xfbl\xe9e au menu.\n",
            false,
            &ReadOptions::default(),
        );
        assert_eq!(r[0].title.as_deref(), Some("Café"));
    }

    #[test]
    fn a_header_without_article_columns_is_refused() {
        let mut w = Vec::new();
        let err = read_stream(
            Cursor::new(b"a,b\n1,2\n".to_vec()),
            false,
            &ReadOptions::default(),
            &mut w,
            &mut Vec::new(),
            &mut |_| {},
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("no title or text column (its columns: a, b)"),
            "{err}"
        );
    }
}
