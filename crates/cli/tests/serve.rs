//! `jianquan serve` as an operator runs it: it answers, and SIGTERM stops it cleanly (no new
//! connections, requests in flight finished, the pool closed, exit status 0).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = std::env::temp_dir().join(format!("jianquan-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_jianquan"))
        .args(["--database", &format!("sqlite://{}/serve.db", dir.display()), "serve", "--addr", &addr])
        .env("RUST_LOG", "warn")
        .env("JIANQUAN_LEDGER_DIR", dir.join("ledger"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let health = loop {
        if let Some(answer) = get(&addr, "/health") {
            break answer;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.to_ascii_lowercase().contains("x-frame-options: deny"), "the edge's headers are on: {health}");
    let killed = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(stopping.elapsed() < Duration::from_secs(30), "the server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut log = String::new();
    server.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(status.success(), "exit status {status}: {log}");
    assert!(log.contains("stopping") && log.contains("stopped"), "{log}");
    assert!(get(&addr, "/health").is_none(), "no longer listening");
    let _ = std::fs::remove_dir_all(dir);
}
