// Building elements without HTML strings: text always goes in as text.
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const TERMINAL = new Set(["completed", "failed", "terminated", "timed_out", "canceled"]);
export const STATUSES = [
  "created", "queued", "running", "completed", "failed", "terminated", "timed_out", "canceled",
];

export function statusBadge(status) {
  return h("span", { class: `status status-${status}` }, status.replace("_", " "));
}

export function when(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return h("time", { datetime: iso, title: iso }, date.toLocaleString());
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function secondsBetween(start, end) {
  if (!start || !end) return null;
  return Math.max((new Date(end) - new Date(start)) / 1000, 0);
}

export function cost(value) {
  if (!value) return "$0";
  return `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
}

export function json(value) {
  return h("pre", { class: "json", tabindex: "0" }, JSON.stringify(value, null, 2));
}

// Only web addresses become links (never javascript: or data: URLs from a run's data).
export function externalLink(href, text) {
  if (!/^https?:\/\//i.test(href || "")) return text || href || "—";
  return h("a", { href, rel: "noopener noreferrer", target: "_blank" }, text || href);
}

export function errorBox(message) {
  return h("p", { class: "error", role: "alert" }, message);
}
