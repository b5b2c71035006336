//! The command line: every subcommand and flag, with its short help (`-h`) and long help (`--help`), in one place.
//! Nothing here knows tantivy or file formats; `main.rs` turns these values into plain configs.

use clap::{Args, Parser, Subcommand, ValueEnum};
use dateline::index::writer::WriterOptions;
use dateline::ingest::read::FieldMap;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "dateline",
    version,
    about = "A full-text searchable news archive: find what was reported, when, and where.",
    long_about = "dateline turns a folder of news articles (plain text, HTML, JSON/JSONL, CSV, Markdown) into a \
search engine on your own machine. It finds each article's publication date and the places it is about, \
and lets you search by words, dates and places.",
    after_help = "Examples:\n  dateline rebuild --corpus corpus/\n  dateline search \"synagogue fire\"\n  \
dateline search attack --from 2024-06 --to 2024-06 --place Dagestan\n  dateline facets places --under Russia\n  \
dateline facets sources\n  dateline facets dates --by month\n\nExit status: 0 found something / succeeded, 1 nothing matched, 2 error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the index from scratch from the corpus folder.
    #[command(
        long_about = "Build the index from scratch from the corpus folder.\n\n\
The new index is built beside the old one and replaces it only when it is complete: a failed or \
interrupted rebuild leaves the previous index searchable. Files that cannot be read are reported and \
skipped; the rest of the corpus is indexed.\n\n\
Exit status: 0 when the index was built (warnings may have been printed), 1 when files were skipped and \
no article at all could be indexed (or, with --strict, when anything was skipped), 2 on error."
    )]
    Rebuild(IngestArgs),
    /// Update the index with what changed in the corpus: new, changed and deleted files.
    #[command(
        long_about = "Update the index with what changed in the corpus: new files are added, changed \
files re-indexed, deleted files removed. Files whose size and modification time are unchanged are not \
read again; a run with nothing changed does no indexing work and says so. Creates the index if there is none.\n\n\
Files are read with the reading settings the index was built with (--map, --day-first, --month-first; \
`dateline stats` shows them): they need not be given again, and different ones are an error, since only \
`rebuild` can read the whole corpus the new way.\n\n\
The work is committed in steps: if the process is killed, the index keeps its last committed state and the \
next `dateline ingest` finishes the job.\n\n\
Exit status as for `rebuild`."
    )]
    Ingest(IngestUpdateArgs),
    /// Search articles by words, dates and places.
    #[command(
        long_about = "Search articles by words, dates and places.\n\n\
Query syntax: all words must match (`synagogue fire`); \"exact phrase\"; -excluded (or NOT word); \
a OR b (binds tighter than the implicit AND); parentheses; title:word, body:word, source:word, author:word, \
section:word; \
prefix* (elect* finds election, electoral). Words are matched without accents and by stem: \
`zurich` finds Zürich, `attacks` finds attacked.\n\n\
Without a query every article matching the filters is listed, newest first: \
`dateline search --format jsonl --limit 100000` dumps the archive.\n\n\
Exit status: 0 when something matched, 1 when nothing did, 2 on error.",
        after_help = "Examples:\n  dateline search \"synagogue fire\"\n  dateline search '\"interest rates\" -bank'\n  \
dateline search 'title:(oil OR gas)' --from 2019 --to 2019-06\n  dateline search attack --place Dagestan --sort newest\n  \
dateline search --since 7d --format jsonl"
    )]
    Search(SearchArgs),
    /// Print one whole article with its metadata.
    Show(ShowArgs),
    /// Print what the index holds: articles, date span, size, duplicates, reading settings, top sources, authors
    /// and sections.
    Stats(StatsArgs),
    /// Count matching articles by place, calendar period, source, author or section.
    Facets(FacetsArgs),
    /// Write every article as JSON lines for Quickwit or OpenSearch/Elasticsearch (see docs/scale-out.md).
    #[command(
        long_about = "Write every article, with its dates and places, as one JSON object per line \
(`--format ndjson`) or as an OpenSearch/Elasticsearch `_bulk` body (`--format es-bulk`), for moving the archive \
to a distributed search engine. Reads the index (default) or, with --corpus, the corpus folder directly; both \
give the same documents. Streams: memory stays flat whatever the archive size. See docs/scale-out.md.",
        after_help = "Examples:\n  dateline export --format ndjson --out archive.ndjson\n  \
dateline export --corpus corpus/ --format es-bulk | curl -s -H 'Content-Type: application/x-ndjson' \\\n      \
-XPOST localhost:9200/dateline/_bulk --data-binary @-"
    )]
    Export(ExportArgs),
    /// Serve the archive to a browser and as a JSON API, on this machine (see docs/serve.md).
    #[command(
        long_about = "Serve the archive to a browser (search, attention over time, a map, facets) and as a JSON \
API that mirrors the command line's JSON (/api/search, /api/facets/places|dates|sources, /api/articles/ID, \
/api/stats), from one process that keeps the index open. It follows `ingest` and `rebuild` without a restart. \
It listens on 127.0.0.1 (this machine only) unless --addr says otherwise, answers only requests addressed to it \
(--allow-host for other names), writes nothing, and bounds what each request may cost. Stop it with Ctrl-C.",
        after_help = "Examples:\n  dateline serve                       # http://127.0.0.1:8080/\n  \
dateline serve --addr 127.0.0.1:9000 --index /data/index\n  \
curl 'http://127.0.0.1:8080/api/search?q=fire&place=Russia&limit=3'"
    )]
    Serve(ServeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Address and port to listen on; 127.0.0.1 is this machine only, 0.0.0.0 every network (port 0: any free one).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Another host name requests may be addressed to (as in `http://NAME:PORT/`), besides the address itself.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Searches run at once (more wait briefly, then get "busy"); default: twice the cores.
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Seconds a request may take before it is answered with an error.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per line (Quickwit, jq, any NDJSON loader).
    Ndjson,
    /// The OpenSearch/Elasticsearch `_bulk` form: an action line with `_id` before each document.
    EsBulk,
}

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// Read articles from this corpus folder instead of the index.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Ndjson)]
    pub format: ExportFormat,
    /// Write to this file instead of stdout (`-` is stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The index name in `es-bulk` action lines.
    #[arg(long, value_name = "NAME", default_value = "dateline")]
    pub index_name: String,
    /// With --corpus: read files as `rebuild` would with these flags, so both exports agree.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How files are read: shared by `rebuild`, `ingest` and `export --corpus`.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// Read ambiguous numeric dates like 03/04/2024 day-first (3 April). Without this flag or --month-first such
    /// a date is not guessed (the next evidence decides), except dotted dates (03.04.2024), read day-first.
    #[arg(long, conflicts_with = "month_first")]
    pub day_first: bool,
    /// Read ambiguous numeric dates like 03/04/2024 month-first (March 4).
    #[arg(long)]
    pub month_first: bool,
    /// Field names of JSON, CSV and front-matter files that dateline does not know, as
    /// `title=headline,body=content,date=pub_time` (targets: title, body, date, source, url, author, section,
    /// language, and ignore for a field not to read; repeat a target to try several names in order;
    /// `source=meta.site.name` follows nested JSON objects). Stored with the index: `ingest` reads with it.
    #[arg(long, value_name = "FIELD=NAME,...")]
    pub map: Option<FieldMap>,
}

/// Where the index lives.
#[derive(Args, Debug, Clone)]
pub struct IndexArg {
    /// The index folder.
    #[arg(
        long,
        value_name = "DIR",
        env = "DATELINE_INDEX",
        default_value = "index"
    )]
    pub index: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct IngestArgs {
    /// The folder of articles to index (searched recursively).
    #[arg(
        long,
        value_name = "DIR",
        env = "DATELINE_CORPUS",
        default_value = "corpus"
    )]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub index: IndexArg,
    /// Indexing memory budget in MB, shared by the indexing threads (at least 15 per thread).
    #[arg(long, value_name = "MB", default_value_t = WriterOptions::DEFAULT_MEMORY_MB)]
    pub memory: usize,
    /// Indexing threads (default: half the cores, 1 to 4; the rest read and enrich the articles).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Treat any skipped file or warning as a failure (exit 1); a rebuild then leaves the old index in place.
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no summary: only per-file warnings and errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Seconds between commits of a long ingest (what a killed run can lose).
    #[arg(long, value_name = "SECS", default_value_t = 30, hide = true)]
    pub commit_every: u64,
    /// Do not look for publication dates (to measure what dates cost).
    #[arg(long, hide = true)]
    pub no_dates: bool,
    /// Do not look for places (to measure what geoparsing costs).
    #[arg(long, hide = true)]
    pub no_places: bool,
}

#[derive(Args, Debug, Clone)]
pub struct IngestUpdateArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Print what would be added, re-indexed and removed, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Filters shared by `search` and `facets`.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Published on or after this date: YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Published on or before this date, inclusive: `--to 2024-06` runs through June 30.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Published on this day (or month, or year): YYYY-MM-DD, YYYY-MM, YYYY.
    #[arg(long, value_name = "DAY", conflicts_with_all = ["from", "to", "since"])]
    pub on: Option<String>,
    /// Published in the last N days, weeks, months or years: 7d, 2w, 3m, 1y.
    #[arg(long, value_name = "AGE", conflicts_with = "from")]
    pub since: Option<String>,
    /// Mentions this place: a path (Russia/Dagestan) or a name (Derbent). Repeat for any of several.
    #[arg(long, value_name = "PLACE")]
    pub place: Vec<String>,
    /// Is about this place (the dateline, the headline, the lead, repeated mentions). Repeat for any of several.
    #[arg(long, value_name = "PLACE")]
    pub about: Vec<String>,
    /// Does not mention this place. Repeat to exclude several.
    #[arg(long, value_name = "PLACE")]
    pub not_place: Vec<String>,
    /// From this source, the whole name as `facets sources` prints it (case and accents aside). Repeat for any of
    /// several.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// By this author, one person's whole name as `facets authors` prints it. Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// In this section, as `facets sections` prints it. Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub section: Vec<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortArg {
    /// Best match first (the default with a query).
    Relevance,
    /// Most recent first (the default without a query).
    Newest,
    /// Oldest first.
    Oldest,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    /// Human-readable.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one row per hit.
    Csv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct SearchArgs {
    /// The query (several words are joined): see `dateline search --help` for the syntax.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// How many hits to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits first (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits (default: relevance with a query, newest without).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Args, Debug, Clone)]
pub struct ShowArgs {
    /// The article id, as search prints it (a corpus path, with #N for files that hold several articles).
    pub id: String,
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Also say why each place was found: how the geoparser judged every name and chose its reading.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Args, Debug, Clone)]
pub struct StatsArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// How many top sources, authors and sections to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Args, Debug)]
pub struct FacetsArgs {
    #[command(subcommand)]
    pub kind: FacetKind,
}

#[derive(Subcommand, Debug)]
pub enum FacetKind {
    /// Count matching articles per place, one level below --under (countries by default).
    #[command(
        after_help = "Examples:\n  dateline facets places\n  dateline facets places --under Russia\n  \
dateline facets places attack --from 2024 --focus --top 5"
    )]
    Places(PlaceFacetArgs),
    /// A calendar histogram of matching articles: per year, month, ISO week or day.
    #[command(after_help = "Examples:\n  dateline facets dates --by month\n  \
dateline facets dates election --from 2019-01 --to 2019-12 --by week --format json")]
    Dates(DateFacetArgs),
    /// Count matching articles per source (a publication, or the site of its URL).
    #[command(after_help = "Examples:\n  dateline facets sources\n  \
dateline facets sources election --from 2019 --format json")]
    Sources(NameFacetArgs),
    /// Count matching articles per author (an article by two people counts for each).
    #[command(after_help = "Examples:\n  dateline facets authors\n  \
dateline facets authors --source Reuters --section politics --top 0")]
    Authors(NameFacetArgs),
    /// Count matching articles per section (the publisher's section or category).
    #[command(after_help = "Examples:\n  dateline facets sections\n  \
dateline facets sections flood --place Germany")]
    Sections(NameFacetArgs),
}

#[derive(Args, Debug, Clone)]
pub struct NameFacetArgs {
    /// Only count articles matching this query.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Show only the K most frequent (0 for all).
    #[arg(long, value_name = "K", default_value_t = 20)]
    pub top: usize,
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Args, Debug, Clone)]
pub struct PlaceFacetArgs {
    /// Only count articles matching this query.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Count the places one level below this one (a path or a name): countries by default.
    #[arg(long, value_name = "PLACE")]
    pub under: Option<String>,
    /// Show only the K most frequent (0 for all).
    #[arg(long, value_name = "K", default_value_t = 20)]
    pub top: usize,
    /// Count the places articles are about rather than every place they mention.
    #[arg(long)]
    pub focus: bool,
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodArg {
    Year,
    Month,
    /// ISO 8601 weeks (Monday first), labelled 2024-W25.
    Week,
    Day,
}

#[derive(Args, Debug, Clone)]
pub struct DateFacetArgs {
    /// Only count articles matching this query.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// The calendar period of each bar.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub by: PeriodArg,
    #[arg(long, short = 'f', value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    #[command(flatten)]
    pub index: IndexArg,
}
