//! `QuerySpec` → tantivy query. Text goes through the same analyzer as at indexing time; every filter (dates,
//! places, sources, authors, sections) is wrapped in a zero-score `ConstScoreQuery`, so filters select articles but never change their scores.

use super::query::{self, Expr, Field};
use super::QuerySpec;
use crate::article::PlacePath;
use crate::dates::TimeBound;
use crate::index::document::{epoch_day, facet};
use crate::index::schema::{Fields, KEY_ANALYZER, NAME_ANALYZER, NEWS_ANALYZER};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Term};

/// Title matches count twice as much as body matches.
const TITLE_BOOST: f32 = 2.0;

/// The parts of a search: the scored text query (also used for snippets) and the complete query with filters.
pub struct Built {
    /// The text part alone; `None` when the query is empty.
    pub text: Option<Box<dyn Query>>,
    /// Text and filters together: what selects the articles.
    pub full: Box<dyn Query>,
}

struct Ctx {
    fields: Fields,
    news: TextAnalyzer,
    name: TextAnalyzer,
}

impl Ctx {
    fn targets(&self, field: Option<Field>) -> Vec<(tantivy::schema::Field, bool, f32)> {
        // (field, uses the name analyzer, boost)
        match field {
            None => vec![
                (self.fields.title, false, TITLE_BOOST),
                (self.fields.body, false, 1.0),
            ],
            Some(Field::Title) => vec![(self.fields.title, false, 1.0)],
            Some(Field::Body) => vec![(self.fields.body, false, 1.0)],
            Some(Field::Source) => vec![(self.fields.source, true, 1.0)],
            Some(Field::Author) => vec![(self.fields.author, true, 1.0)],
            Some(Field::Section) => vec![(self.fields.section, true, 1.0)],
        }
    }

    fn analyze(&mut self, name_analyzer: bool, text: &str) -> Vec<(usize, String)> {
        let analyzer = if name_analyzer {
            &mut self.name
        } else {
            &mut self.news
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// A word or phrase in one field: a term, or a phrase when the text analyzes to several tokens ("U.S.").
    fn text_in(
        &mut self,
        field: tantivy::schema::Field,
        name_analyzer: bool,
        text: &str,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        let tokens = self.analyze(name_analyzer, text);
        match tokens.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &tokens[0].1),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let mut q = PhraseQuery::new_with_offset(
                    tokens
                        .into_iter()
                        .map(|(pos, t)| (pos, Term::from_field_text(field, &t)))
                        .collect(),
                );
                q.set_slop(slop);
                Some(Box::new(q))
            }
        }
    }

    /// `elect*`: every indexed term of the field that starts with the folded, lowercased word.
    fn prefix_in(&mut self, field: tantivy::schema::Field, text: &str) -> Option<Box<dyn Query>> {
        let folded: String = self
            .analyze(true, text)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        if folded.is_empty() {
            return None;
        }
        let pattern = format!("{}.*", regex_syntax_escape(&folded));
        RegexQuery::from_pattern(&pattern, field)
            .ok()
            .map(|q| Box::new(q) as Box<dyn Query>)
    }

    /// A word or phrase in its fields; `None` when it holds nothing searchable (only punctuation, as in
    /// `Russia - Ukraine` or `Q & A`): such a word is left out of the query rather than matching nothing.
    fn leaf(
        &mut self,
        field: Option<Field>,
        text: &str,
        prefix: bool,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (f, name_analyzer, boost) in self.targets(field) {
            let q = if prefix {
                self.prefix_in(f, text)
            } else {
                self.text_in(f, name_analyzer, text, slop)
            };
            if let Some(q) = q {
                let q: Box<dyn Query> = if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                };
                alts.push((Occur::Should, q));
            }
        }
        one_or_any(alts)
    }

    /// The query of an expression; `None` when it holds no searchable word at all.
    fn expr(&mut self, e: &Expr) -> Option<Box<dyn Query>> {
        match e {
            Expr::Word {
                field,
                text,
                prefix,
            } => self.leaf(*field, text, *prefix, 0),
            Expr::Phrase { field, text, slop } => self.leaf(*field, text, false, *slop),
            Expr::Or(items) => {
                let alts = items
                    .iter()
                    .filter_map(|i| self.expr(i))
                    .map(|q| (Occur::Should, q))
                    .collect();
                one_or_any(alts)
            }
            Expr::Not(_) => self.conjunction(std::slice::from_ref(e)),
            Expr::And(items) => self.conjunction(items),
        }
    }

    /// Items that must all match, `Not` items excluded. A conjunction of exclusions alone starts from every article.
    fn conjunction(&mut self, items: &[Expr]) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for item in items {
            let (occur, q) = match item {
                Expr::Not(inner) => (Occur::MustNot, self.expr(inner)),
                other => (Occur::Must, self.expr(other)),
            };
            if let Some(q) = q {
                clauses.push((occur, q));
            }
        }
        if clauses.is_empty() {
            return None;
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Any of these alternatives: the one itself when there is one, `None` when there are none.
fn one_or_any(mut alts: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    match alts.len() {
        0 => None,
        1 => alts.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(alts))),
    }
}

fn regex_syntax_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn any_place(field: tantivy::schema::Field, places: &[PlacePath]) -> Box<dyn Query> {
    // A facet term matches its descendants too: `/Russia` finds `/Russia/Dagestan/Derbent`.
    Box::new(BooleanQuery::new(
        places
            .iter()
            .map(|p| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_facet(field, &facet(p)),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

/// Any of these names, whole (case and accents aside), in a `*_key` field: `--source`, `--author`, `--section`.
fn any_name(
    field: tantivy::schema::Field,
    key: &mut TextAnalyzer,
    names: &[String],
) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        names
            .iter()
            .map(|n| {
                let mut stream = key.token_stream(n.trim());
                let term = stream.next().map(|t| t.text.clone()).unwrap_or_default();
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, &term),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

fn to_tantivy_date(d: chrono::DateTime<chrono::Utc>) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_secs(d.timestamp())
}

/// Builds the query for a spec. A syntax error in the text is returned as is, to be shown with its column.
pub fn build(
    index: &Index,
    fields: &Fields,
    spec: &QuerySpec,
) -> Result<Built, query::SyntaxError> {
    let parsed = query::parse(&spec.text)?;
    let analyzer = |name: &str| {
        index
            .tokenizers()
            .get(name)
            .unwrap_or_else(|| TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default()))
    };
    let mut ctx = Ctx {
        fields: *fields,
        news: analyzer(NEWS_ANALYZER),
        name: analyzer(NAME_ANALYZER),
    };
    // A query of punctuation only (`-`, `&`) has nothing to search for: it matches nothing.
    let text = parsed
        .as_ref()
        .map(|e| ctx.expr(e).unwrap_or_else(|| Box::new(EmptyQuery)));

    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Each bound is its own range, on the publisher's day or on the instant, as it was written.
    for (bound, is_start) in [(spec.from, true), (spec.until, false)] {
        let Some(bound) = bound else { continue };
        let term = match bound {
            TimeBound::Day(d) => Term::from_field_i64(fields.published_day, epoch_day(d)),
            TimeBound::Instant(t) => {
                Term::from_field_date_for_search(fields.published, to_tantivy_date(t))
            }
        };
        let range = if is_start {
            RangeQuery::new(Bound::Included(term), Bound::Unbounded)
        } else {
            RangeQuery::new(Bound::Unbounded, Bound::Excluded(term))
        };
        filters.push((Occur::Must, filter(Box::new(range))));
    }
    if !spec.places.is_empty() {
        filters.push((Occur::Must, filter(any_place(fields.places, &spec.places))));
    }
    if !spec.about.is_empty() {
        filters.push((Occur::Must, filter(any_place(fields.focus, &spec.about))));
    }
    if !spec.not_places.is_empty() {
        filters.push((Occur::MustNot, any_place(fields.places, &spec.not_places)));
    }
    let mut key = analyzer(KEY_ANALYZER);
    for (field, names) in [
        (fields.source_key, &spec.sources),
        (fields.author_key, &spec.authors),
        (fields.section_key, &spec.sections),
    ] {
        if !names.is_empty() {
            filters.push((Occur::Must, filter(any_name(field, &mut key, names))));
        }
    }

    let full: Box<dyn Query> = match (&text, filters.is_empty()) {
        (None, true) => Box::new(AllQuery),
        (Some(t), true) => t.box_clone(),
        (t, false) => {
            let base: Box<dyn Query> = t
                .as_ref()
                .map_or_else(|| filter(Box::new(AllQuery)), |t| t.box_clone());
            let mut clauses = vec![(Occur::Must, base)];
            clauses.extend(filters);
            Box::new(BooleanQuery::new(clauses))
        }
    };
    Ok(Built { text, full })
}
