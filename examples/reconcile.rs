//! `reconcile`: read claim files and print the disagreement report of every quantity.
//!
//! ```text
//! cargo run --example reconcile -- examples/data/seed_article.json
//! cargo run --example reconcile -- examples/data/seed_article.json --format json
//! cargo run --example reconcile -- examples/data/seed_article.json --format svg --output troops.svg \
//!     --quantity nk-troops-in-russia
//! ```
//!
//! Run with `--help` for every option and the exit codes.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use sourced::{
    ClaimFile, ClaimSet, Error, Lexicon, LoadOptions, Method, PrepareOptions, Problem, Report,
    Supersession,
};

const HELP: &str = "\
reconcile — the disagreement report of sourced claims

USAGE
    cargo run --example reconcile -- FILE... [OPTIONS]

    Reads every FILE (JSON when it ends in .json, CSV when it ends in .csv; the forms are
    described in the crate docs of `sourced::ClaimFile`), groups the claims by quantity and
    prints one report per quantity: every claim with its interval and verdict, the consensus
    with its support (independent sources) and supporting claims, the conflicting pairs with
    their gap and ratio, the clusters, the falsetickers and the spread.

OPTIONS
    --format FORMAT     text (default): a plain-text report, 100 columns wide
                        markdown: the same as Markdown tables
                        json: for programs: {\"quantities\": [{\"quantity\", \"unit\", \"method\",
                              \"claims\": [...], \"consensus\": [...], \"conflicts\": [...],
                              \"falsetickers\": [...], ...}], \"problems\": [...]}
                        svg: a forest plot per quantity (one row per claim), stacked in one file
    --method METHOD     agreement (default): k-of-n agreement (Marzullo), the values held by
                              the most independent sources; ties are all reported
                        ntp: NTP selection (RFC 5905), the fewest falsetickers such that a
                              majority of independent sources agrees, or \"no majority\"
                        weighted: k-of-n agreement with each source counted by confidence x weight
                        brooks-iyengar: Brooks-Iyengar fusion, a fault-tolerant point and
                              interval for f faulty sources of n
    --lexicon NAME      the hedge lexicon that reads estimates given as text (\"more than 3,000\"):
                        standard (default): the table of the crate docs, \"about X\" within
                              half the rounding unit of X or a relative tolerance
                        conservative: as standard, but vague words (\"dozens\", \"hundreds\")
                              start at their lowest customary figure (after ACLED's rules)
    --supersession RULE source (default): a later claim of the same source replaces its
                              earlier ones about the same time
                        group: a later claim of the same independence group does (the White
                              House's figure replaces the U.S. government's earlier one)
                        off: only explicit \"supersedes\" links
    --quantity ID       report only the quantity ID (repeatable)
    --lenient           report invalid records on stderr and reconcile the valid claims
                        (default: any invalid record stops the run)
    --output PATH       write the report to PATH instead of standard output
    -h, --help          print this help

EXIT CODES
    0   the report was written
    1   the report could not be written (PATH not writable)
    2   invalid input or usage: every problem is listed on stderr, one per line, with the
        file, the claim id (or CSV line or byte offset), the field and the reason; with
        --lenient, invalid records are listed but do not stop the run

EXAMPLE
    cargo run --example reconcile -- examples/data/seed_article.json --method ntp
    cargo run --example reconcile -- claims.csv --lenient --format json --output report.json
";

/// The lexicons `--lexicon` knows (each also by its versioned name, e.g. `standard-1`).
const LEXICONS: [&str; 2] = ["standard", "conservative"];

/// The lexicon called `name`.
fn lexicon(name: &str) -> Result<Lexicon, String> {
    Lexicon::named(name)
        .ok_or_else(|| format!("unknown lexicon {name:?} (known: {})", LEXICONS.join(", ")))
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
    Svg,
}

/// The parsed command line.
#[derive(Debug)]
struct Args {
    files: Vec<PathBuf>,
    format: Format,
    method: Method,
    lexicon: String,
    supersession: Supersession,
    quantities: Vec<String>,
    lenient: bool,
    output: Option<PathBuf>,
}

/// What the command line asked for.
enum Command {
    Help,
    Run(Args),
}

fn value(args: &mut impl Iterator<Item = String>, flag: &str) -> Result<String, String> {
    args.next()
        .filter(|v| !v.starts_with("--"))
        .ok_or_else(|| format!("{flag} needs a value (see --help)"))
}

fn parse_args(raw: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = raw.into_iter();
    let mut parsed = Args {
        files: Vec::new(),
        format: Format::Text,
        method: Method::Agreement,
        lexicon: "standard".to_owned(),
        supersession: Supersession::BySource,
        quantities: Vec::new(),
        lenient: false,
        output: None,
    };
    while let Some(arg) = args.next() {
        // Accept `--flag=value` as well as `--flag value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut take = |name: &str| match &inline {
            Some(v) => Ok(v.clone()),
            None => value(&mut args, name),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--format" => {
                parsed.format = match take("--format")?.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    "svg" => Format::Svg,
                    other => {
                        return Err(format!(
                            "unknown format {other:?} (expected text, markdown, json or svg)"
                        ));
                    }
                }
            }
            "--method" => {
                let name = take("--method")?;
                parsed.method = name.parse().map_err(|e: Error| e.to_string())?;
            }
            "--lexicon" => parsed.lexicon = take("--lexicon")?,
            "--supersession" => {
                parsed.supersession = match take("--supersession")?.as_str() {
                    "source" => Supersession::BySource,
                    "group" => Supersession::ByGroup,
                    "off" => Supersession::Off,
                    other => {
                        return Err(format!(
                            "unknown supersession rule {other:?} (expected source, group or off)"
                        ));
                    }
                }
            }
            "--quantity" => parsed.quantities.push(take("--quantity")?),
            "--output" => parsed.output = Some(PathBuf::from(take("--output")?)),
            "--lenient" => parsed.lenient = true,
            "--" => parsed.files.extend(args.by_ref().map(PathBuf::from)),
            f if f.starts_with('-') && f != "-" => {
                return Err(format!("unknown option {f:?} (see --help)"));
            }
            _ => parsed.files.push(PathBuf::from(arg)),
        }
    }
    if parsed.files.is_empty() {
        return Err("no claim file given (see --help)".to_owned());
    }
    Ok(Command::Run(parsed))
}

/// The problems of an error, one line each, prefixed with the file.
fn problem_lines(file: &str, error: &Error) -> Vec<String> {
    match error {
        Error::Invalid(problems) => problems.iter().map(|p| format!("{file}: {p}")).collect(),
        other => vec![format!("{file}: {other}")],
    }
}

/// Loads every file: the claims, and every problem found (strict: all files are read before
/// failing, so that every problem of every file is listed).
fn load(args: &Args) -> Result<(ClaimSet, Vec<Problem>), Vec<String>> {
    let lexicon = lexicon(&args.lexicon).map_err(|e| vec![e])?;
    let options = if args.lenient {
        LoadOptions::lenient()
    } else {
        LoadOptions::strict()
    }
    .with_lexicon(lexicon);
    let mut claims = ClaimSet::new();
    let mut problems = Vec::new();
    let mut fatal = Vec::new();
    let several = args.files.len() > 1;
    for path in &args.files {
        let name = path.display().to_string();
        match ClaimFile::from_path(path, &options) {
            Ok(file) => {
                for p in file.problems.iter() {
                    eprintln!("{name}: {p}");
                    let mut p = p.clone();
                    if several {
                        p.message = format!("{name}: {}", p.message);
                    }
                    problems.push(p);
                }
                claims.extend(file.claims);
            }
            Err(e) => fatal.extend(problem_lines(&name, &e)),
        }
    }
    if !fatal.is_empty() {
        return Err(fatal);
    }
    Ok((claims, problems))
}

fn run(args: &Args) -> Result<String, (u8, Vec<String>)> {
    let (mut claims, problems) = load(args).map_err(|lines| (2, lines))?;
    if !args.quantities.is_empty() {
        let unknown: Vec<String> = args
            .quantities
            .iter()
            .filter(|q| claims.group(q).is_none())
            .map(|q| format!("no claims about quantity {q:?}"))
            .collect();
        if !unknown.is_empty() {
            return Err((2, unknown));
        }
        claims = claims
            .into_iter()
            .filter(|c| args.quantities.iter().any(|q| q == c.quantity().id()))
            .collect();
    }
    let lexicon = lexicon(&args.lexicon).map_err(|e| (2, vec![e]))?;
    let report = Report::builder()
        .method(args.method)
        .lexicon(lexicon.name())
        .prepare(PrepareOptions::new().supersession(args.supersession))
        .problems(problems)
        .build(&claims)
        .map_err(|e| (2, problem_lines("input", &e)))?;
    Ok(match args.format {
        Format::Text => report.to_string(),
        Format::Markdown => report.to_markdown(),
        Format::Json => {
            let mut json = report
                .to_json()
                .map_err(|e| (1, vec![format!("cannot write JSON: {e}")]))?;
            json.push('\n');
            json
        }
        Format::Svg => report.to_svg(),
    })
}

fn main() -> ExitCode {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("reconcile: {message}");
            return ExitCode::from(2);
        }
    };
    let args = match command {
        Command::Help => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Command::Run(args) => args,
    };
    let text = match run(&args) {
        Ok(text) => text,
        Err((code, lines)) => {
            eprintln!(
                "reconcile: {} problem{}:",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            );
            for line in lines {
                eprintln!("  {line}");
            }
            return ExitCode::from(code);
        }
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text).map_err(|e| format!("{}: {e}", path.display())),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| format!("standard output: {e}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("reconcile: cannot write the report: {message}");
            ExitCode::from(1)
        }
    }
}
