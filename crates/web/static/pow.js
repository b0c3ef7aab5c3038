// Proof of work for anonymous public submissions (SEC-PROOF-OF-WORK), for forms marked
// `data-pow`: on submit, fetch a challenge from /api/v1/public/challenge, find a nonce such
// that SHA-256(challenge + nonce) begins with the asked number of zero bits, put both in the
// form's hidden `challenge` and `nonce` fields and submit. WebCrypto does the hashing where the
// browser offers it (HTTPS or localhost); on plain-HTTP intranets, where it does not, the small
// SHA-256 below does. Progress is announced in the form's `.pow-status` (role="status").
(function () {
  "use strict";

  function zeroBits(bytes) {
    let bits = 0;
    for (const b of bytes) {
      if (b === 0) { bits += 8; continue; }
      return bits + Math.clz32(b) - 24;
    }
    return bits;
  }

  // SHA-256 (FIPS 180-4) for when crypto.subtle is absent.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256(data) {
    const length = data.length;
    const blocks = Math.ceil((length + 9) / 64);
    const padded = new Uint8Array(blocks * 64);
    padded.set(data);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length * 8) >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
    return out;
  }

  const encoder = new TextEncoder();
  const subtle = window.crypto && window.crypto.subtle;

  async function solve(challenge, bits, progress) {
    const prefix = encoder.encode(challenge);
    const batch = 512;
    for (let start = 0; ; start += batch) {
      const inputs = [];
      for (let n = start; n < start + batch; n++) {
        const nonce = String(n);
        const data = new Uint8Array(prefix.length + nonce.length);
        data.set(prefix);
        data.set(encoder.encode(nonce), prefix.length);
        inputs.push([nonce, data]);
      }
      const digests = subtle
        ? await Promise.all(inputs.map(([, data]) => subtle.digest("SHA-256", data)))
        : inputs.map(([, data]) => sha256(data));
      for (let i = 0; i < inputs.length; i++) {
        if (zeroBits(new Uint8Array(digests[i])) >= bits) return inputs[i][0];
      }
      progress(start + batch);
      // Yield to the page so it stays responsive and the status is read out.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-pow")) return;
    event.preventDefault();
    const status = form.querySelector(".pow-status");
    const button = form.querySelector("button[type=submit]");
    const say = (text) => { if (status) status.textContent = text; };
    const working = form.dataset.powWorking || "正在进行安全验证…";
    if (button) button.disabled = true;
    try {
      const answer = await fetch("/api/v1/public/challenge", {
        headers: { Accept: "application/json" }, credentials: "same-origin" });
      const challenge = await answer.json();
      if (!answer.ok) throw new Error((challenge.error && challenge.error.message && challenge.error.message.zh) || "");
      let nonce = "";
      if (challenge.required) {
        say(working);
        nonce = await solve(challenge.challenge, challenge.difficulty_bits, (tried) => {
          say(working + " " + (form.dataset.powTried || "已计算") + " " + tried.toLocaleString());
        });
      }
      form.elements.namedItem("challenge").value = challenge.challenge || "";
      form.elements.namedItem("nonce").value = nonce;
      say(form.dataset.powDone || "验证完成，正在提交…");
      HTMLFormElement.prototype.submit.call(form);
    } catch (error) {
      say((form.dataset.powFailed || "安全验证未能完成，请稍后重试。") + (error && error.message ? " " + error.message : ""));
      if (button) { button.disabled = false; button.focus(); }
    }
  });
})();
