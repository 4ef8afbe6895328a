"""The cost of the per-user proof on the phone (PROTOCOL.md P8): prints one JSON object.

  unlock_ms            session.unlock with the right PIN: PBKDF2 (210,000 rounds)
                       to the wrapping key, AES-GCM unwrap of the token and proof
                       key, the HMAC key imported, the session opened; median of 20
  sign_ms              userSig alone (HMAC-SHA-256 of the canonical mutation with
                       the non-extractable key); median of 20 batches of 50, per mutation
  add_signed_ms        outbox.addMutation in the unlocked user's name (signed,
                       hashed, committed to IndexedDB); median of 20
  baseline_*           measured in the same run: the PIN check the phone made
                       before P8 (PBKDF2 deriveBits alone), and addMutation in a
                       name the phone cannot sign for (no user_sig)

Run: .venv/bin/python bench/pwa_proof.py [--quick]  (Debian's Chromium; --quick: 5 runs)
"""
from __future__ import annotations

import json
import logging
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from backend.testing import make_demo_app  # noqa: E402
from tests.browser.conftest import PIN, Server, launch_persistent  # noqa: E402

logging.disable(logging.CRITICAL)

MEASURE = """async ({runs, pin}) => {
  const session = await import('/page/session.js');
  const outbox = await import('/lib/outbox.js');
  const { unlocked, userSig } = await import('/lib/unlocked.js');
  const uid = (await unlocked()).user_id;
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t; };
  const unlock = [], pbkdf2 = [], sign = [], addSigned = [], addPlain = [];
  const user = await session.getUser(uid);
  for (let i = 0; i < runs; i++) {
    unlock.push(await time(() => session.unlock(uid, pin)));
    pbkdf2.push(await time(async () => {
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: crypto.getRandomValues(new Uint8Array(16)),
                                       iterations: user.pin.iterations }, base, 256);
    }));
  }
  const proof = (await unlocked()).proof;
  const m = { seq: 1, id: '0190f7c2-0000-7000-8000-000000000000', kind: 'log.entry', space: 'hv', occurred_at: Date.now(),
              user_id: uid, prev: '0'.repeat(64), payload: { category: 'patrol', text: 'Patrol round: all fire doors closed, nothing unusual.', location: 'Block 3 lobby' } };
  for (let i = 0; i < runs; i++) {
    sign.push(await time(async () => { for (let k = 0; k < 50; k++) await userSig(proof, { ...m, seq: k + 1 }); }) / 50);
    const payload = { category: 'patrol', text: `Bench entry ${i}`, location: '' };
    // Alternated, each after a pause: the page re-renders after every write (the outbox changed).
    const pair = [[addSigned, uid], [addPlain, uid + 100000]];
    for (const [list, who] of i % 2 ? pair.reverse() : pair) {
      await new Promise((r) => setTimeout(r, 100));
      list.push(await time(() => outbox.addMutation({ kind: 'log.entry', payload, userId: who })));
    }
  }
  const entries = await outbox.outboxEntries();
  return { unlock: median(unlock), pbkdf2: median(pbkdf2), sign: median(sign), addSigned: median(addSigned),
           addPlain: median(addPlain), signed: entries.filter((e) => e.mutation.user_sig).length,
           unsigned: entries.filter((e) => !e.mutation.user_sig).length };
}"""


def main() -> None:
    runs = 5 if "--quick" in sys.argv[1:] else 20
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-"))
    app = make_demo_app(f"sqlite:///{tmp}/bench.db")
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    server = Server(url=f"http://127.0.0.1:{srv.server_port}", app=app)
    with sync_playwright() as pw:
        phone = launch_persistent(pw, tmp / "profile", server)
        phone.setup("guard1")
        phone.context.set_offline(True)   # nothing syncs away while the outbox is measured
        got = phone.page.evaluate(MEASURE, {"runs": runs, "pin": PIN})
        phone.context.close()
    srv.shutdown()
    assert got["signed"] == runs and got["unsigned"] == runs, got
    print(json.dumps({
        "unlock_ms": round(got["unlock"], 1),
        "sign_ms_per_mutation": round(got["sign"], 3),
        "add_signed_ms": round(got["addSigned"], 2),
        "baseline_pin_check_ms": round(got["pbkdf2"], 1),
        "baseline_add_unsigned_ms": round(got["addPlain"], 2),
        "runs": runs,
        "browser": "Debian Chromium, headless",
    }))


if __name__ == "__main__":
    main()
