// The step timeline: each step's actions (what, on which element, result), the model's
// reasoning, and the screenshot taken after it.
import { cost, externalLink, h, json, statusBadge } from "./dom.js";

const SCREENSHOT_TYPES = ["screenshot_final", "screenshot_action"];
const MODEL_TYPES = { llm_prompt: "prompt", llm_request: "request", llm_response: "reply" };

function paramText(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

// The element an action aimed at, as a person would name it: "Email" (textbox), e3.
function elementOf(action) {
  const target = action.params && action.params.target;
  const name = target && typeof target === "object" ? target.name || target.text : null;
  const role = target && typeof target === "object" ? target.role || target.tag : null;
  if (!name && !action.element_id) return null;
  return [" on ", name ? h("q", {}, name) : null, role ? ` (${role})` : null,
    action.element_id ? [name ? ", " : "element ", h("code", {}, action.element_id)] : null];
}

function actionItem(action) {
  const params = Object.entries(action.params || {}).filter(([name]) => name !== "target");
  const result = action.success
    ? h("span", { class: "ok" }, "✓ succeeded")
    : h("span", { class: "bad" }, `✗ failed${action.error ? `: ${action.error}` : ""}`);
  return h("li", { class: "action" },
    h("p", {},
      h("strong", { class: "action-type" }, action.action_type),
      elementOf(action),
      " — ", result),
    params.length ? h("dl", { class: "params" }, params.map(([name, value]) =>
      [h("dt", {}, name), h("dd", {}, paramText(value))])) : null,
    action.reasoning ? h("p", { class: "reasoning" },
      h("span", { class: "label" }, "Reasoning: "), action.reasoning) : null,
    action.data !== null && action.data !== undefined ? json(action.data) : null);
}

function screenshotOf(stepArtifacts) {
  for (const type of SCREENSHOT_TYPES) {
    const shots = stepArtifacts.filter((a) => a.artifact_type === type);
    if (shots.length) return shots[shots.length - 1];
  }
  return null;
}

function stepItem(step, stepArtifacts, urlOf, runDone) {
  const number = step.order + 1;
  const label = `Step ${number}${step.retry_index ? ` (retry ${step.retry_index})` : ""}`;
  const shot = screenshotOf(stepArtifacts);
  const modelFiles = stepArtifacts.filter((a) => a.artifact_type in MODEL_TYPES);
  const pending = step.status === "running" && !runDone;
  return h("li", { class: "step", id: `step-${step.step_id}`, dataset: { status: step.status } },
    h("h3", {}, label, " ", statusBadge(step.status)),
    h("p", { class: "meta" },
      step.url ? ["On ", externalLink(step.url)] : null,
      ` · ${step.input_token_count + step.output_token_count} tokens · ${cost(step.step_cost)}`),
    step.actions.length
      ? h("ol", { class: "actions-list", "aria-label": `${label} actions` },
        step.actions.map(actionItem))
      : h("p", { class: "hint" }, pending ? "Working…" : "No actions."),
    step.failure_reason ? h("p", { class: "failure" }, step.failure_reason) : null,
    shot ? h("figure", { class: "shot" },
      h("a", { href: urlOf(shot), target: "_blank", rel: "noopener noreferrer" },
        h("img", { src: urlOf(shot), alt: `The page after ${label.toLowerCase()}`,
          loading: "lazy", width: "640", height: "400" })),
      h("figcaption", {}, `After ${label.toLowerCase()}`)) : null,
    modelFiles.length ? h("p", { class: "model-files" }, "Model exchange: ",
      modelFiles.map((a, i) => [i ? ", " : "", externalLink(urlOf(a), MODEL_TYPES[a.artifact_type])]))
      : null);
}

export function renderTimeline(steps, artifacts, urlOf, runDone) {
  if (!steps.length) return h("p", { class: "hint" }, runDone ? "No steps." : "No steps yet.");
  const byStep = new Map();
  for (const artifact of artifacts) {
    if (!artifact.step_id) continue;
    if (!byStep.has(artifact.step_id)) byStep.set(artifact.step_id, []);
    byStep.get(artifact.step_id).push(artifact);
  }
  return h("ol", { class: "steps", id: "steps" },
    steps.map((step) => stepItem(step, byStep.get(step.step_id) || [], urlOf, runDone)));
}
