// Canonical JSON, PROTOCOL.md section 1: the bytes that hashes and signatures
// are computed over. sync/canonical.py is the server's twin; the shared vectors
// in tests/vectors/canonical.json keep the two equal.

export function canonical(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON: NaN and infinities are invalid");
      return String(value); // Number.prototype.toString; -0 writes "0"
    case "string":
      return JSON.stringify(value); // lower-case \u00xx escapes, non-ASCII kept
    case "object":
      if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
      return `{${Object.keys(value)
        .filter((k) => value[k] !== undefined) // as JSON.stringify: absent, not null
        .sort() // UTF-16 code-unit order
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
        .join(",")}}`;
    default:
      throw new TypeError(`canonical JSON: cannot encode ${typeof value}`);
  }
}

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");

export async function sha256Hex(text) {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

// hash(m): lower-case hex SHA-256 of the canonical JSON of the mutation as sent.
export function hashOf(value) {
  return sha256Hex(canonical(value));
}

export const ZERO_HASH = "0".repeat(64);
