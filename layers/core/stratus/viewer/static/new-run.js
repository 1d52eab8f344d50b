// Starting a run: POST /v1/run/tasks, then on to the run's page.
import { api } from "./api.js";
import { errorBox, h, replace } from "./dom.js";

const ENGINES = ["skyvern-1.0", "skyvern-2.0", "openai-cua", "anthropic-cua", "ui-tars"];

function field(id, label, control, hint) {
  return h("div", { class: "field" },
    h("label", { for: id }, label), control,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

function readBody(form) {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) || "").trim();
  const body = { prompt: text("prompt"), engine: text("engine") };
  if (text("url")) body.url = text("url");
  if (text("webhook_url")) body.webhook_url = text("webhook_url");
  if (text("max_steps")) body.max_steps = Number(text("max_steps"));
  if (text("schema")) {
    try {
      body.data_extraction_schema = JSON.parse(text("schema"));
    } catch (error) {
      throw new Error(`The extraction schema is not valid JSON: ${error.message}`);
    }
  }
  return body;
}

export function renderNewRun(main) {
  document.title = "Start a run · Stratus runs";
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", id: "new-run" },
    h("h1", {}, "Start a run"),
    field("prompt", "Goal", h("textarea", { id: "prompt", name: "prompt", rows: "4", required: true,
      "aria-describedby": "prompt-hint" }),
    "What the agent should do, in plain language, with any details it needs."),
    field("url", "Start URL", h("input", { id: "url", name: "url", type: "url",
      placeholder: "https://" })),
    field("engine", "Engine", h("select", { id: "engine", name: "engine" },
      ENGINES.map((engine) => h("option", { value: engine }, engine)))),
    field("schema", "Extraction schema (JSON, optional)", h("textarea", { id: "schema",
      name: "schema", rows: "4", class: "mono", spellcheck: "false",
      "aria-describedby": "schema-hint" }),
    'A JSON schema for the output, e.g. {"type": "object", "properties": {...}}.'),
    field("max_steps", "Max steps", h("input", { id: "max_steps", name: "max_steps",
      type: "number", min: "1", max: "100", inputmode: "numeric" })),
    field("webhook_url", "Webhook URL", h("input", { id: "webhook_url", name: "webhook_url",
      type: "url", placeholder: "https://" })),
    h("button", { type: "submit" }, "Start run"),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    replace(status, "Starting…");
    try {
      const run = await api("/v1/run/tasks", { method: "POST", body: readBody(form) });
      location.assign(`/ui/runs/${encodeURIComponent(run.run_id)}`);
    } catch (error) {
      replace(status, errorBox(`The run was not started: ${error.message}`));
      button.disabled = false;
    }
  });
  replace(main, form);
  form.querySelector("#prompt").focus();
}
