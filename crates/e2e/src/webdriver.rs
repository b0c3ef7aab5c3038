//! A minimal W3C WebDriver client over HTTP: just the commands the journey needs.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde_json::{Value, json};

pub struct Browser {
    base: String,
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn call(method: &str, url: &str, body: Option<Value>) -> anyhow::Result<Value> {
    let mut response = match (method, body) {
        ("GET", _) => ureq::get(url).config().http_status_as_error(false).build().call()?,
        ("DELETE", _) => ureq::delete(url).config().http_status_as_error(false).build().call()?,
        (_, body) => {
            ureq::post(url).config().http_status_as_error(false).build().send_json(body.unwrap_or_else(|| json!({})))?
        }
    };
    let status = response.status();
    let value: Value = response.body_mut().read_json().with_context(|| format!("{method} {url}"))?;
    if !status.is_success() {
        bail!("{method} {url}: {status} {}", value["value"]["message"]);
    }
    Ok(value["value"].clone())
}

impl Browser {
    pub fn start(port: u16, profile: &Path) -> anyhow::Result<Self> {
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN",
                     "--window-size=1280,1000", format!("--user-data-dir={}", profile.display())]
        }}}});
        let session = call("POST", &format!("http://127.0.0.1:{port}/session"), Some(caps))?;
        let id = session["sessionId"].as_str().ok_or_else(|| anyhow!("no session id: {session}"))?;
        Ok(Self { base: format!("http://127.0.0.1:{port}/session/{id}") })
    }

    pub fn goto(&self, url: &str) -> anyhow::Result<()> {
        call("POST", &format!("{}/url", self.base), Some(json!({"url": url}))).map(|_| ())
    }

    pub fn url(&self) -> anyhow::Result<String> {
        Ok(call("GET", &format!("{}/url", self.base), None)?.as_str().unwrap_or_default().to_owned())
    }

    fn find(&self, using: &str, value: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match call("POST", &format!("{}/element", self.base), Some(json!({"using": using, "value": value}))) {
                Ok(found) => {
                    return found[ELEMENT_KEY].as_str().map(str::to_owned).ok_or_else(|| anyhow!("no element id"));
                }
                Err(error) if Instant::now() > deadline => return Err(error.context(format!("element {value}"))),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    pub fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let id = self.find("css selector", css)?;
        call("POST", &format!("{}/element/{id}/value", self.base), Some(json!({"text": text}))).map(|_| ())
    }

    pub fn click(&self, css: &str) -> anyhow::Result<()> {
        let id = self.find("css selector", css)?;
        call("POST", &format!("{}/element/{id}/click", self.base), Some(json!({}))).map(|_| ())
    }

    pub fn click_link(&self, text: &str) -> anyhow::Result<()> {
        let id = self.find("link text", text)?;
        call("POST", &format!("{}/element/{id}/click", self.base), Some(json!({}))).map(|_| ())
    }

    pub fn text(&self, css: &str) -> anyhow::Result<String> {
        let id = self.find("css selector", css)?;
        Ok(call("GET", &format!("{}/element/{id}/text", self.base), None)?.as_str().unwrap_or_default().to_owned())
    }

    pub fn wait_for_url(&self, part: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.url()?.contains(part) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        bail!("the browser did not reach {part} (at {})", self.url()?)
    }

    /// Waits up to 10 seconds for `done` to hold. An error while checking counts as "not yet":
    /// an element read while the page navigates goes stale.
    pub fn wait_until(&self, what: &str, done: impl Fn() -> anyhow::Result<bool>) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = None;
        while Instant::now() < deadline {
            match done() {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(error) => last = Some(error),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let why = last.map(|e| format!("; last error: {e:#}")).unwrap_or_default();
        bail!("timed out waiting for {what} (at {}){why}", self.url()?)
    }

    /// Sets the window's size in CSS pixels (a desktop at 1440, a phone at 390).
    pub fn set_size(&self, width: u32, height: u32) -> anyhow::Result<()> {
        let rect = json!({"width": width, "height": height});
        call("POST", &format!("{}/window/rect", self.base), Some(rect)).map(|_| ())
    }

    /// Runs a script in the page and returns its value.
    pub fn script(&self, js: &str) -> anyhow::Result<Value> {
        call("POST", &format!("{}/execute/sync", self.base), Some(json!({"script": js, "args": []})))
    }

    /// Forgets every cookie of the current site: the browser is an anonymous visitor again.
    pub fn clear_cookies(&self) -> anyhow::Result<()> {
        call("DELETE", &format!("{}/cookie", self.base), None).map(|_| ())
    }

    pub fn screenshot(&self) -> anyhow::Result<Vec<u8>> {
        use base64_decode::decode;
        let encoded = call("GET", &format!("{}/screenshot", self.base), None)?;
        decode(encoded.as_str().unwrap_or_default())
    }

    pub fn quit(&self) {
        let _ = call("DELETE", &self.base, None);
    }
}

/// Base64 decoding for screenshots (standard alphabet), to avoid a dependency for one call.
mod base64_decode {
    pub fn decode(text: &str) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let mut buffer = 0u32;
        let mut bits = 0;
        for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => anyhow::bail!("bad base64"),
            };
            buffer = (buffer << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        Ok(out)
    }
}
