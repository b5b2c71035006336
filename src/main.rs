//! The `dateline` binary: parse the command line, run one subcommand, print an error once and pick the exit
//! status (0 success / found, 1 nothing found, 2 error). A closed pipe (`dateline search | head`) is not an error.

mod cli;

use clap::Parser;
use cli::{
    Cli, Command, ExportArgs, FacetKind, FilterArgs, FormatArg, IngestArgs, PeriodArg, ReadArgs,
    SortArg, TextOrJson,
};
use dateline::commands::ingest::IngestConfig;
use dateline::commands::query::{self, Filters, Format, SearchConfig};
use dateline::commands::{self, Console, Status};
use dateline::dates::{DateOptions, Period};
use dateline::index::Archive;
use dateline::ingest;
use dateline::ingest::settings::ReadSettings;
use dateline::search::{NameFacet, Sort};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::Nothing) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dateline: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn ingest_config(a: &IngestArgs) -> IngestConfig {
    let mut cfg = IngestConfig::new(a.corpus.clone(), a.index.index.clone());
    cfg.writer.memory = a.memory.saturating_mul(1 << 20);
    if let Some(t) = a.threads {
        cfg.writer.threads = t.max(1);
    }
    cfg.settings = read_settings(&a.read);
    cfg.options = base_options();
    cfg.options.find_dates = !a.no_dates;
    cfg.options.find_places = !a.no_places;
    cfg.strict = a.strict;
    cfg.commit_every = std::time::Duration::from_secs(a.commit_every);
    cfg.console = Console::new(a.quiet);
    cfg
}

/// How files are read, from the flags `rebuild`, `ingest` and `export --corpus` share: one line per setting (see
/// `ingest::settings` for adding one).
fn read_settings(a: &ReadArgs) -> ReadSettings {
    ReadSettings {
        map: a.map.clone().unwrap_or_default(),
        day_first: a.day_first,
        month_first: a.month_first,
    }
}

/// What ingest does besides the reading settings.
fn base_options() -> ingest::Options {
    ingest::Options {
        // Read the clock once: every article of the run is checked against the same "now".
        dates: DateOptions {
            now: Some(dateline::clock::now()),
            ..DateOptions::default()
        },
        ..ingest::Options::default()
    }
}

fn filters(f: &FilterArgs) -> Filters {
    Filters {
        from: f.from.clone(),
        to: f.to.clone(),
        on: f.on.clone(),
        since: f.since.clone(),
        place: f.place.clone(),
        about: f.about.clone(),
        not_place: f.not_place.clone(),
        source: f.source.clone(),
        author: f.author.clone(),
        section: f.section.clone(),
    }
}

/// Opens the index for a query. The default index is built from the default corpus the first time, so that
/// `dateline search` works right after cloning.
fn open(index: &Path) -> anyhow::Result<Archive> {
    let corpus = std::env::var_os("DATELINE_CORPUS")
        .map_or_else(|| "corpus".into(), std::path::PathBuf::from);
    if !Archive::exists(index) && index == Path::new("index") && corpus.is_dir() {
        eprintln!(
            "dateline: no index yet; building it from {}/ first (`dateline rebuild` does this explicitly)",
            corpus.display()
        );
        let cfg = IngestConfig::new(corpus, index.to_path_buf());
        commands::ingest::rebuild(&cfg)?;
    }
    Archive::open(index)
}

fn run(cli: Cli) -> anyhow::Result<Status> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let status = match cli.command {
        Command::Rebuild(a) => commands::ingest::rebuild(&ingest_config(&a))?.0,
        Command::Ingest(a) => commands::ingest::update(&ingest_config(&a.ingest), a.dry_run)?.0,
        Command::Search(a) => {
            let spec = query::spec(&a.query.join(" "), &filters(&a.filters))?;
            let index = &a.index.index;
            let cfg = SearchConfig {
                spec,
                sort: a.sort.map(|s| match s {
                    SortArg::Relevance => Sort::Relevance,
                    SortArg::Newest => Sort::Newest,
                    SortArg::Oldest => Sort::Oldest,
                }),
                limit: a.limit,
                offset: a.offset,
                format: match a.format {
                    FormatArg::Text => Format::Text,
                    FormatArg::Json => Format::Json,
                    FormatArg::Jsonl => Format::Jsonl,
                    FormatArg::Csv => Format::Csv,
                },
            };
            with_archive(index, |archive| query::search(archive, &cfg, &mut out))?
        }
        Command::Show(a) => with_archive(&a.index.index, |archive| {
            query::show(
                archive,
                &a.id,
                a.format == TextOrJson::Json,
                a.explain,
                &mut out,
            )
        })?,
        Command::Stats(a) => with_archive(&a.index.index, |archive| {
            query::stats(archive, a.top, a.format == TextOrJson::Json, &mut out)
        })?,
        Command::Facets(f) => match f.kind {
            FacetKind::Places(a) => {
                let spec = query::spec(&a.query.join(" "), &filters(&a.filters))?;
                with_archive(&a.index.index, |archive| {
                    query::facet_places(
                        archive,
                        &spec,
                        a.under.as_deref(),
                        a.focus,
                        a.top,
                        a.format == TextOrJson::Json,
                        &mut out,
                    )
                })?
            }
            FacetKind::Dates(a) => {
                let spec = query::spec(&a.query.join(" "), &filters(&a.filters))?;
                let period = match a.by {
                    PeriodArg::Year => Period::Year,
                    PeriodArg::Month => Period::Month,
                    PeriodArg::Week => Period::Week,
                    PeriodArg::Day => Period::Day,
                };
                with_archive(&a.index.index, |archive| {
                    query::facet_dates(
                        archive,
                        &spec,
                        period,
                        a.format == TextOrJson::Json,
                        &mut out,
                    )
                })?
            }
            FacetKind::Sources(a) => facet_names(&a, NameFacet::Sources, &mut out)?,
            FacetKind::Authors(a) => facet_names(&a, NameFacet::Authors, &mut out)?,
            FacetKind::Sections(a) => facet_names(&a, NameFacet::Sections, &mut out)?,
        },
        Command::Export(a) => return export(&a),
        Command::Serve(a) => return serve(&a),
    };
    out.flush()?;
    Ok(status)
}

fn facet_names(
    a: &cli::NameFacetArgs,
    facet: NameFacet,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let spec = query::spec(&a.query.join(" "), &filters(&a.filters))?;
    with_archive(&a.index.index, |archive| {
        query::facet_names(
            archive,
            &spec,
            facet,
            a.top,
            a.format == TextOrJson::Json,
            out,
        )
    })
}

/// Opens the index (building the default one first, see `open`), answers from it, and leaves it open.
fn with_archive<T>(
    index: &Path,
    answer: impl FnOnce(&Archive) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let archive = open(index)?;
    let result = answer(&archive);
    leave_open(archive);
    result
}

/// A query's process ends right after its answer: the index is left for the kernel to unmap at exit, which costs
/// far less than tantivy unmapping its files one by one (an eighth of a short query's time when measured). It
/// only reads, so nothing is lost.
fn leave_open(archive: Archive) {
    std::mem::forget(archive);
}

fn serve(a: &cli::ServeArgs) -> anyhow::Result<Status> {
    use dateline::serve::{Limits, ServeConfig};
    if !Archive::exists(&a.index.index) {
        // Like the queries: the default index is built from the default corpus the first time.
        drop(open(&a.index.index)?);
    }
    let mut limits = Limits::default();
    if let Some(w) = a.workers {
        limits.workers = w.clamp(1, 256);
    }
    limits.timeout = std::time::Duration::from_secs(a.timeout.clamp(1, 3600));
    dateline::serve::serve(ServeConfig {
        index: a.index.index.clone(),
        addr: a.addr,
        allow_hosts: a.allow_host.clone(),
        limits,
        watch_every: std::time::Duration::from_millis(500),
    })?;
    Ok(Status::Ok)
}

fn export(a: &ExportArgs) -> anyhow::Result<Status> {
    use dateline::commands::export::{self, ExportConfig, ExportFormat, ExportFrom};
    if a.corpus.is_none() && !Archive::exists(&a.index.index) {
        // Like the queries: the default index is built from the default corpus the first time.
        leave_open(open(&a.index.index)?);
    }
    let from = match &a.corpus {
        // The same reading options as `rebuild`, so that the corpus gives what the index holds.
        Some(c) => {
            let mut options = base_options();
            read_settings(&a.read).apply(&mut options);
            ExportFrom::Corpus(c.clone(), options)
        }
        None => ExportFrom::Index(a.index.index.clone()),
    };
    let cfg = ExportConfig {
        from,
        format: match a.format {
            cli::ExportFormat::Ndjson => ExportFormat::Ndjson,
            cli::ExportFormat::EsBulk => ExportFormat::EsBulk,
        },
        index_name: a.index_name.clone(),
    };
    export::export_to(&cfg, a.out.as_deref())
}
