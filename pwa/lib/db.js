// A small IndexedDB wrapper: one database, one helper, withStore(mode, fn).
// fn gets the transaction's object stores and may await req(...) on them (IDB
// promises keep the transaction alive) but nothing else: awaiting fetch or
// crypto inside would let the transaction commit under it.

const DB_NAME = "gatehouse";
const DB_VERSION = 2;
export const STORES = ["kv", "users", "outbox", "entities", "parked", "sent"];

let dbPromise = null;

function open() {
  dbPromise ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = (e) => {
      const db = r.result;
      if (e.oldVersion < 1) {
        db.createObjectStore("kv"); // device, chain head, settings, cursors, session
        db.createObjectStore("users", { keyPath: "id" }); // who may unlock this phone
        db.createObjectStore("outbox", { keyPath: "seq" }); // mutations not yet acknowledged
        db.createObjectStore("parked", { keyPath: "seq" }); // mutations the server refused (409)
        const ents = db.createObjectStore("entities", { keyPath: ["uid", "kind", "id"] });
        ents.createIndex("uid_kind", ["uid", "kind"]);
      }
      // v2: acknowledged mutations, kept a while in case the server is restored from a backup
      if (e.oldVersion < 2) db.createObjectStore("sent", { keyPath: "seq" });
    };
    r.onsuccess = () => {
      const db = r.result;
      db.onversionchange = () => { db.close(); dbPromise = null; };
      resolve(db);
    };
    r.onerror = () => { dbPromise = null; reject(r.error); };
    r.onblocked = () => reject(new Error("database blocked by another tab"));
  });
  return dbPromise;
}

export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Runs fn(stores) in one transaction; resolves with fn's result once the
// transaction has committed (so a write is durable before the UI says "done").
export async function withStore(mode, fn, names = STORES) {
  const db = await open();
  const tx = db.transaction(names, mode, { durability: "strict" });
  const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error("transaction aborted"));
  });
  let result;
  try {
    result = await fn(stores);
  } catch (err) {
    try { tx.abort(); } catch { /* already finished */ }
    throw err;
  }
  await done;
  return result;
}

export const kvGet = (key) => withStore("readonly", (s) => req(s.kv.get(key)), ["kv"]);
export const kvSet = (key, value) => withStore("readwrite", (s) => req(s.kv.put(value, key)), ["kv"]);

// Erases everything this phone holds (a phone the server no longer accepts,
// set up again). Other tabs close their connection on "versionchange".
export async function eraseAll() {
  if (dbPromise) (await dbPromise).close();
  dbPromise = null;
  await new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(DB_NAME);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
  });
}
