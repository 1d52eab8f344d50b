// Sign-in: the key is checked against the API, then kept in this tab's sessionStorage only.
import { api, isAuthFailure, session } from "./api.js";
import { errorBox, h, replace } from "./dom.js";

export function renderSignIn(main, onSignedIn) {
  document.title = "Sign in · Stratus runs";
  const status = h("div", { "aria-live": "polite" });
  const input = h("input", {
    id: "api-key", name: "api-key", type: "password", required: true,
    autocomplete: "off", spellcheck: "false", "aria-describedby": "api-key-help",
  });
  const form = h(
    "form", { class: "card narrow", id: "sign-in" },
    h("h1", {}, "Sign in"),
    h("label", { for: "api-key" }, "API key"),
    input,
    h("p", { id: "api-key-help", class: "hint" },
      "The key of your organization (stratus keys create). It stays in this browser tab ",
      "and is sent only in the x-api-key header."),
    h("button", { type: "submit" }, "Sign in"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    replace(status, "Checking…");
    try {
      await api("/v1/viewer/runs?page_size=1", { key });
      session.signIn(key);
      onSignedIn();
    } catch (error) {
      replace(status, errorBox(isAuthFailure(error)
        ? "That API key was not accepted." : `Could not sign in: ${error.message}`));
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
}
