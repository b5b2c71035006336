//! The query language, parsed into plain data. All words must match by default, as in web search engines;
//! `"phrases"` (`"phrase"~N`: up to N other words in between), `-excluded` (or `NOT`), `OR` (binding
//! tighter than the implicit AND: `oil prices OR rates` is `oil AND (prices OR rates)`), parentheses,
//! `title:`/`body:`/`source:`/`author:`/`section:` fields, and `prefix*`.
//! A syntax error points at the column where it happened.

use std::fmt;

/// The fields a query word can be limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Body,
    Source,
    Author,
    Section,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Title,
        Field::Body,
        Field::Source,
        Field::Author,
        Field::Section,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Source => "source",
            Field::Author => "author",
            Field::Section => "section",
        }
    }

    fn parse(s: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A word (`prefix` when it ended in `*`), in one field or in title and body.
    Word {
        field: Option<Field>,
        text: String,
        prefix: bool,
    },
    /// Words that must appear next to each other, in order; with a `slop`, with up to that many words between them.
    Phrase {
        field: Option<Field>,
        text: String,
        slop: u32,
    },
    /// Everything must match; `Not` items exclude.
    And(Vec<Expr>),
    /// One of these must match.
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

/// A query that could not be parsed: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub query: String,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "query syntax error at column {}: {}\n  {}\n  {}^",
            self.column,
            self.message,
            self.query,
            " ".repeat(self.column.saturating_sub(1))
        )
    }
}

impl std::error::Error for SyntaxError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Or,
    And,
    Not,
    Plus,
    Field(Field),
    Word(String, bool),
    Phrase(String, u32),
}

/// The largest `"phrase"~N` taken: beyond it the words are just somewhere in the same article.
pub const MAX_SLOP: u32 = 100;

struct Lexer<'a> {
    query: &'a str,
    chars: Vec<char>,
    pos: usize,
}

fn is_delim(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || c == '"'
}

impl<'a> Lexer<'a> {
    fn error(&self, at: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            query: self.query.to_string(),
            column: at + 1,
            message: message.into(),
        }
    }

    /// Tokens with the character position where each starts.
    fn tokens(mut self) -> Result<Vec<(usize, Tok)>, SyntaxError> {
        let mut out = Vec::new();
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            let start = self.pos;
            if c.is_whitespace() {
                self.pos += 1;
            } else if c == '(' {
                out.push((start, Tok::Open));
                self.pos += 1;
            } else if c == ')' {
                out.push((start, Tok::Close));
                self.pos += 1;
            } else if c == '"' {
                let close = self.chars[start + 1..].iter().position(|&c| c == '"');
                let Some(len) = close else {
                    return Err(self.error(start, "this quote is never closed"));
                };
                let text: String = self.chars[start + 1..start + 1 + len].iter().collect();
                self.pos = start + len + 2;
                let slop = self.slop()?;
                out.push((start, Tok::Phrase(text, slop)));
            } else if (c == '-' || c == '+')
                && self
                    .chars
                    .get(start + 1)
                    .is_some_and(|n| !n.is_whitespace())
                && (start == 0 || is_delim(self.chars[start - 1]))
            {
                out.push((start, if c == '-' { Tok::Not } else { Tok::Plus }));
                self.pos += 1;
            } else {
                let mut end = start;
                while end < self.chars.len() && !is_delim(self.chars[end]) {
                    end += 1;
                }
                let word: String = self.chars[start..end].iter().collect();
                self.pos = end;
                match word.as_str() {
                    "OR" | "||" => out.push((start, Tok::Or)),
                    "AND" | "&&" => out.push((start, Tok::And)),
                    "NOT" => out.push((start, Tok::Not)),
                    _ => out.push(self.word_or_field(start, word)?),
                }
            }
        }
        Ok(out)
    }

    /// `~N` right after a closing quote: how far apart the phrase's words may be.
    fn slop(&mut self) -> Result<u32, SyntaxError> {
        if self.chars.get(self.pos) != Some(&'~') {
            return Ok(0);
        }
        let at = self.pos;
        let digits: String = self.chars[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let end = at + 1 + digits.len();
        let n = match digits.parse::<u32>() {
            Ok(n) if n <= MAX_SLOP && self.chars.get(end).is_none_or(|&c| is_delim(c)) => n,
            _ => {
                return Err(self.error(
                    at,
                    format!("`~` after a phrase takes a number of words from 0 to {MAX_SLOP}, as in \"oil prices\"~3"),
                ))
            }
        };
        self.pos = end;
        Ok(n)
    }

    fn word_or_field(&mut self, start: usize, word: String) -> Result<(usize, Tok), SyntaxError> {
        if let Some((name, rest)) = word.split_once(':') {
            let looks_like_field =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
            // `http://...` and `10:30` are words, not fields.
            if looks_like_field && !rest.starts_with('/') {
                let Some(field) = Field::parse(name) else {
                    let known: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                    return Err(self.error(
                        start,
                        format!(
                            "unknown field {name:?}; the fields are {}",
                            known.join(", ")
                        ),
                    ));
                };
                // The field applies to what follows the colon: a word here, or a phrase or group next.
                self.pos = start + name.chars().count() + 1;
                return Ok((start, Tok::Field(field)));
            }
        }
        let (text, prefix) = match word.strip_suffix('*') {
            Some(stem) if !stem.is_empty() && !stem.ends_with('*') => (stem.to_string(), true),
            Some(_) => {
                return Err(self.error(
                    start,
                    "a `*` must follow the beginning of a word, as in `elect*`",
                ))
            }
            None => (word, false),
        };
        Ok((start, Tok::Word(text, prefix)))
    }
}

struct Parser<'a> {
    query: &'a str,
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, at: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            query: self.query.to_string(),
            column: at + 1,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(p, _)| *p)
    }

    /// clauses until the end or a closing parenthesis.
    fn conjunction(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        let mut items = Vec::new();
        while let Some(t) = self.peek() {
            match t {
                Tok::Close => break,
                Tok::And => {
                    if items.is_empty() {
                        return Err(self.error(self.at(), "AND needs a term before it"));
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::Close)) {
                        return Err(self.error(self.at(), "AND needs a term after it"));
                    }
                }
                Tok::Or => return Err(self.error(self.at(), "OR needs a term before it")),
                _ => items.push(self.disjunction()?),
            }
        }
        Ok(items)
    }

    fn disjunction(&mut self) -> Result<Expr, SyntaxError> {
        let first = self.unary()?;
        let mut alts = vec![first];
        while self.peek() == Some(&Tok::Or) {
            let or_at = self.at();
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)
            ) {
                return Err(self.error(or_at, "OR needs a term after it"));
            }
            alts.push(self.unary()?);
        }
        if alts.len() == 1 {
            return Ok(alts.remove(0));
        }
        if alts.iter().any(|a| matches!(a, Expr::Not(_))) {
            return Err(self.error(
                self.at(),
                "an excluded term cannot be one side of OR; put it outside",
            ));
        }
        Ok(Expr::Or(alts))
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        match self.peek() {
            Some(Tok::Not) => {
                self.pos += 1;
                if matches!(
                    self.peek(),
                    None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)
                ) {
                    return Err(self.error(self.at(), "nothing to exclude here"));
                }
                Ok(Expr::Not(Box::new(self.atom(None)?)))
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.atom(None)
            }
            _ => self.atom(None),
        }
    }

    fn atom(&mut self, field: Option<Field>) -> Result<Expr, SyntaxError> {
        let at = self.at();
        let Some((_, tok)) = self.toks.get(self.pos).cloned() else {
            return Err(self.error(at, "the query ends where a term was expected"));
        };
        self.pos += 1;
        match tok {
            Tok::Word(text, prefix) => Ok(Expr::Word {
                field,
                text,
                prefix,
            }),
            Tok::Phrase(text, slop) => Ok(Expr::Phrase { field, text, slop }),
            Tok::Field(f) => {
                if field.is_some() {
                    return Err(self.error(at, "a field inside a field"));
                }
                if matches!(
                    self.peek(),
                    None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)
                ) {
                    return Err(self.error(
                        at,
                        format!(
                            "`{}:` needs a word, a \"phrase\" or a group after it",
                            f.name()
                        ),
                    ));
                }
                self.atom(Some(f))
            }
            Tok::Open => {
                let items = self.conjunction()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.error(at, "this parenthesis is never closed"));
                }
                self.pos += 1;
                if items.is_empty() {
                    return Err(self.error(at, "empty parentheses"));
                }
                let group = if items.len() == 1 {
                    items.into_iter().next().unwrap_or(Expr::And(Vec::new()))
                } else {
                    Expr::And(items)
                };
                Ok(match field {
                    Some(f) => with_field(group, f),
                    None => group,
                })
            }
            Tok::Close => Err(self.error(at, "this parenthesis closes nothing")),
            Tok::Or | Tok::And | Tok::Not | Tok::Plus => {
                Err(self.error(at, "a term was expected here"))
            }
        }
    }
}

/// Limits every word of a group to a field (`title:(a OR b)`).
fn with_field(e: Expr, f: Field) -> Expr {
    match e {
        Expr::Word {
            field: None,
            text,
            prefix,
        } => Expr::Word {
            field: Some(f),
            text,
            prefix,
        },
        Expr::Phrase {
            field: None,
            text,
            slop,
        } => Expr::Phrase {
            field: Some(f),
            text,
            slop,
        },
        Expr::And(v) => Expr::And(v.into_iter().map(|e| with_field(e, f)).collect()),
        Expr::Or(v) => Expr::Or(v.into_iter().map(|e| with_field(e, f)).collect()),
        Expr::Not(e) => Expr::Not(Box::new(with_field(*e, f))),
        other => other,
    }
}

/// Parses a query. An empty query (only spaces) gives `None`: every article matches.
pub fn parse(query: &str) -> Result<Option<Expr>, SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let end = chars.len();
    let toks = Lexer {
        query,
        chars,
        pos: 0,
    }
    .tokens()?;
    let mut p = Parser {
        query,
        toks,
        pos: 0,
        end,
    };
    let mut items = p.conjunction()?;
    if p.peek() == Some(&Tok::Close) {
        return Err(p.error(p.at(), "this parenthesis closes nothing"));
    }
    Ok(match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(Expr::And(items)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Expr {
        Expr::Word {
            field: None,
            text: t.into(),
            prefix: false,
        }
    }

    #[test]
    fn words_are_all_required() {
        assert_eq!(
            parse("synagogue fire").unwrap(),
            Some(Expr::And(vec![w("synagogue"), w("fire")]))
        );
        assert_eq!(parse("  ").unwrap(), None);
        assert_eq!(parse("fire").unwrap(), Some(w("fire")));
    }

    #[test]
    fn or_binds_tighter_than_the_implicit_and() {
        assert_eq!(
            parse("oil prices OR rates").unwrap(),
            Some(Expr::And(vec![
                w("oil"),
                Expr::Or(vec![w("prices"), w("rates")])
            ]))
        );
    }

    #[test]
    fn phrases_exclusions_fields_prefixes_groups() {
        let q = parse("\"interest rates\" -bank title:(oil OR gas) source:reuters elect* covid-19")
            .unwrap();
        assert_eq!(
            q,
            Some(Expr::And(vec![
                Expr::Phrase {
                    field: None,
                    text: "interest rates".into(),
                    slop: 0
                },
                Expr::Not(Box::new(w("bank"))),
                Expr::Or(vec![
                    Expr::Word {
                        field: Some(Field::Title),
                        text: "oil".into(),
                        prefix: false
                    },
                    Expr::Word {
                        field: Some(Field::Title),
                        text: "gas".into(),
                        prefix: false
                    },
                ]),
                Expr::Word {
                    field: Some(Field::Source),
                    text: "reuters".into(),
                    prefix: false
                },
                Expr::Word {
                    field: None,
                    text: "elect".into(),
                    prefix: true
                },
                w("covid-19"),
            ]))
        );
    }

    #[test]
    fn phrase_slop() {
        let phrase = |slop| Expr::Phrase {
            field: None,
            text: "church synagogue".into(),
            slop,
        };
        assert_eq!(parse("\"church synagogue\"~3").unwrap(), Some(phrase(3)));
        assert_eq!(
            parse("\"church synagogue\"~0 fire").unwrap(),
            Some(Expr::And(vec![phrase(0), w("fire")]))
        );
        assert_eq!(
            parse("\"church synagogue\" ~3").unwrap(),
            Some(Expr::And(vec![phrase(0), w("~3")])),
            "a `~` apart from the quote is a word"
        );
        for bad in ["\"a b\"~", "\"a b\"~x", "\"a b\"~3x", "\"a b\"~101"] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.column, 6, "{bad}");
            assert!(
                e.message.contains("number of words"),
                "{bad}: {}",
                e.message
            );
        }
    }

    #[test]
    fn urls_and_times_are_words() {
        assert_eq!(parse("10:30").unwrap(), Some(w("10:30")));
        assert_eq!(
            parse("https://example.org").unwrap(),
            Some(w("https://example.org"))
        );
    }

    #[test]
    fn errors_point_at_the_column() {
        let e = parse("oil \"prices").unwrap_err();
        assert_eq!(
            (e.column, e.message.as_str()),
            (5, "this quote is never closed")
        );
        assert_eq!(
            e.to_string(),
            "query syntax error at column 5: this quote is never closed\n  oil \"prices\n      ^"
        );
        assert_eq!(parse("(oil gas").unwrap_err().column, 1);
        assert_eq!(parse("oil)").unwrap_err().column, 4);
        assert_eq!(parse("oil OR").unwrap_err().column, 5);
        assert_eq!(parse("OR oil").unwrap_err().column, 1);
        assert!(parse("autor:smith")
            .unwrap_err()
            .message
            .contains("unknown field \"autor\""));
        assert_eq!(
            parse("Author:smith section:(politics OR world)").unwrap(),
            Some(Expr::And(vec![
                Expr::Word {
                    field: Some(Field::Author),
                    text: "smith".into(),
                    prefix: false
                },
                Expr::Or(vec![
                    Expr::Word {
                        field: Some(Field::Section),
                        text: "politics".into(),
                        prefix: false
                    },
                    Expr::Word {
                        field: Some(Field::Section),
                        text: "world".into(),
                        prefix: false
                    },
                ]),
            ]))
        );
        assert!(parse("title:").is_err());
        assert!(parse("()").is_err());
        assert!(parse("*").is_err());
        assert!(parse("a OR -b").is_err());
    }
}
