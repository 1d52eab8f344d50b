// The runs of the organization, newest first: a status filter and pages of 20.
import { api } from "./api.js";
import { cost, duration, externalLink, h, replace, STATUSES, statusBadge, when } from "./dom.js";

const PAGE_SIZE = 20;

function filterForm(status) {
  const select = h("select", { id: "status", name: "status" },
    h("option", { value: "" }, "All"),
    STATUSES.map((value) =>
      h("option", { value, selected: value === status }, value.replace("_", " "))));
  return h("form", { class: "filters", method: "get", action: "/ui/" },
    h("label", { for: "status" }, "Status"), select,
    h("button", { type: "submit" }, "Filter"));
}

function pageLink(status, page, label, rel) {
  const query = new URLSearchParams();
  if (status) query.set("status", status);
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return h("a", { href: `/ui/${search ? `?${search}` : ""}`, rel }, label);
}

function short(text, length = 120) {
  if (!text) return "—";
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

const COLUMNS = ["Run", "Status", "Engine", "Prompt", "Start URL", "Created", "Duration", "Steps",
  "Cost"];

function row(run) {
  const cells = [
    h("a", { href: `/ui/runs/${encodeURIComponent(run.run_id)}` }, run.run_id),
    statusBadge(run.status),
    run.engine,
    short(run.prompt),
    run.url ? externalLink(run.url, short(run.url, 60)) : "—",
    when(run.created_at),
    duration(run.duration_seconds),
    String(run.step_count),
    cost(run.cost),
  ];
  const classes = ["", "", "", "prompt", "url", "", "num", "num", "num"];
  return h("tr", { dataset: { runId: run.run_id } }, cells.map((cell, i) =>
    h(i ? "td" : "th", { scope: i ? null : "row", class: classes[i] || null,
      "data-label": COLUMNS[i] }, cell)));
}

export async function renderRuns(main, params) {
  const status = STATUSES.includes(params.get("status")) ? params.get("status") : "";
  const page = Math.max(parseInt(params.get("page") || "1", 10) || 1, 1);
  document.title = "Runs · Stratus runs";
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if (status) query.set("status", status);
  const runs = await api(`/v1/viewer/runs?${query}`);
  const heading = h("h1", {}, status ? `Runs: ${status.replace("_", " ")}` : "Runs");
  const body = runs.length
    ? h("div", { class: "scroll", role: "region", "aria-labelledby": "runs-caption", tabindex: "0" },
      h("table", { id: "runs" },
        h("caption", { id: "runs-caption" }, `Page ${page}, newest first`),
        h("thead", {}, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, name)))),
        h("tbody", {}, runs.map(row))))
    : h("p", { id: "no-runs" }, page > 1 ? "No more runs." : "No runs yet.");
  const pager = h("nav", { class: "pager", "aria-label": "Pages" },
    page > 1 ? pageLink(status, page - 1, "← Newer", "prev") : null,
    runs.length === PAGE_SIZE ? pageLink(status, page + 1, "Older →", "next") : null);
  replace(main,
    h("div", { class: "heading" }, heading, h("a", { class: "button", href: "/ui/new" },
      "Start a run")),
    filterForm(status), body, pager);
}
