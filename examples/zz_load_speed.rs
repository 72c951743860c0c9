//! scratch: loader throughput
use sourced::{ClaimFile, LoadOptions};
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut csv = String::from("id,quantity,source,low,high,best,stated,confidence\n");
    let mut json = String::from("{\"claims\": [\n");
    let mut x: u64 = 12345;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let lo = (x % 10000) as f64;
        let hi = lo + ((x >> 20) % 5000) as f64 + 1.0;
        let s = (x >> 40) % 50;
        let best = (lo + hi) / 2.0;
        csv.push_str(&format!("c{i},q,s{s},{lo},{hi},{best},2024-10-23,0.8\n"));
        json.push_str(&format!("{}{{\"id\": \"c{i}\", \"quantity\": \"q\", \"source\": \"s{s}\", \"estimate\": {{\"low\": {lo}, \"high\": {hi}, \"best\": {best}}}, \"stated\": \"2024-10-23\", \"confidence\": 0.8}}\n", if i == 0 { "" } else { "," }));
    }
    json.push_str("]}\n");
    let o = LoadOptions::strict();
    let only = std::env::args().nth(2).unwrap_or_default();
    if only == "csv" {
        for _ in 0..5 {
            let t = Instant::now();
            let f = ClaimFile::from_csv_str(&csv, &LoadOptions::strict()).unwrap();
            let dt = t.elapsed().as_secs_f64();
            println!(
                "csv  {} claims {:.0} MB/s",
                f.claims.len(),
                csv.len() as f64 / 1e6 / dt
            );
        }
        return;
    }
    for _ in 0..2 {
        let t = Instant::now();
        let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        let mut rec = csv::ByteRecord::new();
        let mut k = 0;
        while r.read_byte_record(&mut rec).unwrap() {
            k += rec.len();
        }
        let dt = t.elapsed().as_secs_f64();
        println!("csv raw {k} {:.0} MB/s", csv.len() as f64 / 1e6 / dt);
        let t = Instant::now();
        let _: serde::de::IgnoredAny = serde_json::from_str(&json).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("json skip {:.0} MB/s", json.len() as f64 / 1e6 / dt);
    }
    for _ in 0..3 {
        let t = Instant::now();
        let f = ClaimFile::from_csv_str(&csv, &o).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!(
            "csv  {} claims {:.1} MB in {:.3}s = {:.0} MB/s",
            f.claims.len(),
            csv.len() as f64 / 1e6,
            dt,
            csv.len() as f64 / 1e6 / dt
        );
        drop(f);
        let t = Instant::now();
        let f = ClaimFile::from_json_str(&json, &o).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!(
            "json {} claims {:.1} MB in {:.3}s = {:.0} MB/s",
            f.claims.len(),
            json.len() as f64 / 1e6,
            dt,
            json.len() as f64 / 1e6 / dt
        );
    }
}
