// fetch() for the Gatehouse API. Errors arrive in one envelope
// {code, status, message, reason, errors}; `reason` is what the phone translates.
// A user token issued on this phone works only beside the phone's device token
// (the server binds the two), so every call with a token carries it.
import { kvGet } from "./db.js";

export class ApiError extends Error {
  constructor(status, reason, message, errors = null) {
    super(message || reason);
    this.status = status; // 0 when the network failed
    this.reason = reason;
    this.errors = errors;
  }
}

export async function api(path, { method = "GET", body, token, deviceToken, timeoutMs = 20000 } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  if (token && deviceToken === undefined) deviceToken = (await kvGet("device"))?.device_token;
  if (deviceToken) headers["X-Device-Token"] = deviceToken;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let resp;
  try {
    resp = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal: ctl.signal,
    });
  } catch (err) {
    throw new ApiError(0, "network", String(err?.message ?? err));
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  const text = await resp.text().catch(() => "");
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!resp.ok) {
    const reason = data?.reason || defaultReason(resp.status);
    throw new ApiError(resp.status, reason, data?.message || resp.statusText, data?.errors ?? null);
  }
  return data;
}

function defaultReason(status) {
  if (status === 401) return "token_invalid";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 413) return "batch_too_large";
  if (status === 503) return "storage_unavailable";
  if (status >= 500) return "server_error";
  return "bad_request";
}
