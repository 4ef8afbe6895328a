"""Issue 7 finding 2 in the browser (PROTOCOL.md P8): a shared phone, a guard
and a supervisor both signed in on it. The guard, unlocked with his PIN, cannot
produce a countersign the server accepts as hers, even by calling the app's
modules from the page; she, unlocked with her own PIN, can, offline."""
from __future__ import annotations

from tests.browser.conftest import PIN
from tests.phone import bearer, body, login

SUP_PIN = "975310"


def switch_to(p, name: str, pin: str) -> None:
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("button", name=name).click()
    p.page.get_by_label("PIN", exact=True).fill(pin)
    p.page.get_by_role("button", name="Unlock").click()
    p.page.wait_for_function("location.hash === '#/log'")


# What a guard can do from the page's console with the app's own modules.
FORGE = """async ({entryId, supId}) => {
  const outbox = await import('/lib/outbox.js');
  const db = await import('/lib/db.js');
  const canonical = await import('/lib/canonical.js');
  const unlocked = await import('/lib/unlocked.js');
  const { uuid7 } = await import('/lib/uuid7.js');
  const open = await unlocked.unlocked();
  // 1. The app's own writer, in her name.
  const plain = await outbox.addMutation({ kind: 'log.countersign', payload: { entry_id: entryId, note: 'forged 1' }, userId: supId });
  // 2. Signed with the only proof key he can reach (his own), written straight into the outbox.
  const forged = await outbox.exclusive('gatehouse-outbox', async () => {
    const chain = await db.kvGet('chain');
    const device = await db.kvGet('device');
    const m = { seq: chain.seq + 1, id: uuid7(Date.now()), kind: 'log.countersign', space: device.site.id,
                occurred_at: Date.now(), user_id: supId, prev: chain.hash, payload: { entry_id: entryId, note: 'forged 2' } };
    m.user_sig = await unlocked.userSig(open.proof, m);
    const hash = await canonical.hashOf(m);
    await db.withStore('readwrite', (s) => { s.outbox.add({ seq: m.seq, mutation: m, hash, created_at: Date.now(), status: 'pending', reasons: [], result: null }); s.kv.put({ seq: m.seq, hash }, 'chain'); }, ['kv', 'outbox']);
    return m;
  });
  // 3. Her PIN, guessed.
  const session = await import('/page/session.js');
  let guess = null;
  try { await session.unlock(supId, '000000'); } catch (e) { guess = e.reason; }
  // What IndexedDB holds of the users and of the open session.
  const users = await session.users();
  return { ids: [plain.mutation.id, forged.id], unlockedUser: open.user_id, guess,
           clearTokens: users.filter((u) => 'token' in u).length,
           wrapped: users.map((u) => Boolean(u.pin && u.pin.vault)),
           proofExtractable: open.proof.extractable };
}"""


def test_a_guard_cannot_countersign_as_the_supervisor_on_a_shared_phone_and_she_can_offline(phone, server):
    # An entry by guard2 from another phone, for the supervisor to countersign.
    other = server.api_phone("guard2")
    entry = other.write("log.entry", {"category": "facility", "text": "Proof test: lift 3 alarm", "location": "Block C"})
    other.sync()

    p = phone().setup("guard1")
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("link", name="Sign in with password (online)").click()
    p.login("super1")
    # Her PIN: at least 6 digits for a supervisor.
    p.page.wait_for_function("location.hash === '#/pin'")
    p.page.get_by_label("New PIN").fill("2468")
    p.page.get_by_label("Repeat the PIN").fill("2468")
    p.page.get_by_role("button", name="Save PIN").click()
    p.page.wait_for_selector("#view .notice.error >> text=at least 6 digits")
    p.page.get_by_label("New PIN").fill(SUP_PIN)
    p.page.get_by_label("Repeat the PIN").fill(SUP_PIN)
    p.page.get_by_role("button", name="Save PIN").click()
    p.page.wait_for_function("location.hash === '#/log'")
    p.sync()
    sup_id = p.page.evaluate("async () => (await import('/lib/unlocked.js')).unlocked().then((o) => o.user_id)")

    # The guard takes the phone and unlocks it with his own PIN.
    switch_to(p, "Chan Tai Man", PIN)
    got = p.page.evaluate(FORGE, {"entryId": entry["id"], "supId": sup_id})
    assert got["unlockedUser"] != sup_id and got["guess"] == "pin_wrong"
    assert got["clearTokens"] == 0 and got["wrapped"] == [True, True] and got["proofExtractable"] is False
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    admin = bearer(login(server.http(), "admin")["token"])
    items = {i["mutation"]["id"]: i for i in body(server.http().get("/api/review/items?site_id=hv&status=all", headers=admin))["items"]}
    for mutation_id in got["ids"]:
        assert items[mutation_id]["type"] == "rejected"
        assert items[mutation_id]["reasons"][0]["code"] == "signer_unproven"
    assert next(e for e in server.entries() if e["id"] == entry["id"])["review"] is None

    # The supervisor, offline, unlocks with her PIN and countersigns.
    p.context.set_offline(True)
    switch_to(p, "Ho Wing Sze", SUP_PIN)
    p.go(f"#/log/{entry['id']}")
    p.page.get_by_role("button", name="Countersign").click()
    p.page.wait_for_selector("#view >> text=Countersign not yet synced")
    p.context.set_offline(False)
    p.sync()
    p.page.wait_for_selector("[data-testid=countersign] >> text=Countersigned by Ho Wing Sze")
    review = next(e for e in server.entries() if e["id"] == entry["id"])["review"]
    assert review["user_name"] == "Ho Wing Sze" and review["approved"] is True


def test_signing_out_forgets_the_user_on_the_phone_and_on_the_server(phone, server):
    p = phone().setup("super1")
    device_id = p.page.evaluate("async () => (await import('/lib/db.js')).kvGet('device').then((d) => d.device_id)")
    p.go("#/settings")
    p.page.once("dialog", lambda d: d.accept())
    p.page.get_by_role("button", name="Sign out").click()
    p.page.wait_for_function("location.hash === '#/login'")
    assert p.page.evaluate("async () => (await import('/lib/unlocked.js')).unlocked()") is None
    with server.app.app_context():
        from sqlalchemy import select
        from backend.db import database
        from backend.identity.models import DeviceUser, User
        with database().write() as s:
            sup = s.scalar(select(User.id).where(User.username == "super1"))
            assert s.get(DeviceUser, (device_id, sup)) is None
