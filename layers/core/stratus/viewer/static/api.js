// The JSON API, called with the API key kept in this tab's sessionStorage.
const KEY_NAME = "stratus.apiKey";

export const session = {
  key: () => sessionStorage.getItem(KEY_NAME),
  signIn: (key) => sessionStorage.setItem(KEY_NAME, key),
  signOut: () => sessionStorage.removeItem(KEY_NAME),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function describe(detail, fallback) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((e) => [Array.isArray(e.loc) ? e.loc.join(".") : e.field, e.msg || e.message]
        .filter(Boolean).join(": "))
      .join("; ");
  }
  return fallback;
}

export async function api(path, { method = "GET", body, key = session.key() } = {}) {
  const headers = { "x-api-key": key || "", accept: "application/json" };
  const init = { method, headers, credentials: "omit", cache: "no-store" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!response.ok) {
    const message = describe(data && data.detail, `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, message);
  }
  return data;
}

export const isAuthFailure = (error) =>
  error instanceof ApiError && (error.status === 401 || error.status === 403);
