// One run: its goal and settings, live status, the step timeline with screenshots, the
// output, files and webhook deliveries; cancel while it runs, resend its webhook after.
import { api } from "./api.js";
import {
  cost, duration, errorBox, externalLink, h, json, replace, secondsBetween, statusBadge,
  TERMINAL, when,
} from "./dom.js";
import { renderTimeline } from "./timeline.js";

const POLL_MS = 1500;
const WEBHOOK_POLLS_AFTER_END = 10;

function section(id, title) {
  const body = h("div", { class: "section-body" });
  const element = h("section", { id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title), body);
  return { element, body };
}

function settingsList(run, steps) {
  const request = run.run_request || {};
  const rows = [
    ["Goal", h("p", { class: "goal" }, request.prompt || "—")],
    ["Start URL", request.url ? externalLink(request.url) : "—"],
    ["Engine", request.engine || "—"],
    ["Max steps", request.max_steps ?? "default"],
    ["Webhook URL", request.webhook_url || "none"],
    ["Created", when(run.created_at)],
    ["Started", when(run.started_at)],
    ["Finished", when(run.finished_at)],
    ["Duration", duration(secondsBetween(run.started_at, run.finished_at))],
    ["Steps", String(run.step_count)],
    ["Cost", cost(steps.reduce((sum, step) => sum + (step.step_cost || 0), 0))],
  ];
  const list = h("dl", { class: "settings" },
    rows.map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
  const schema = request.data_extraction_schema;
  return [list, schema ? [h("h3", {}, "Extraction schema"), json(schema)] : null];
}

class RunView {
  constructor(main, runId) {
    this.main = main;
    this.runId = runId;
    this.path = encodeURIComponent(runId);
    this.shown = new Map(); // section -> the JSON last rendered there
    this.imageUrls = new Map(); // artifact id -> the first signed URL (keeps images steady)
    this.webhookPolls = 0;
    this.timer = null;
  }

  build() {
    this.title = h("h1", {}, `Run ${this.runId}`);
    this.status = h("p", { id: "run-status", role: "status", "aria-live": "polite" });
    this.actions = h("div", { class: "actions", id: "run-actions" });
    this.notice = h("div", { id: "run-notice", "aria-live": "polite" });
    this.settings = section("settings", "Goal and settings");
    this.failure = section("failure", "Failure");
    this.output = section("output", "Output");
    this.files = section("files", "Downloaded files");
    this.timeline = section("timeline", "Steps");
    this.recording = section("recording", "Recording");
    this.webhooks = section("webhook", "Webhook");
    replace(this.main, this.title, this.status, this.actions, this.notice,
      this.settings.element, this.failure.element, this.output.element, this.files.element,
      this.timeline.element, this.recording.element, this.webhooks.element);
  }

  changed(name, value) {
    const text = JSON.stringify(value);
    if (this.shown.get(name) === text) return false;
    this.shown.set(name, text);
    return true;
  }

  async fetchAll() {
    const [run, steps, artifacts, attempts, recording] = await Promise.all([
      api(`/v1/runs/${this.path}`),
      api(`/api/v1/tasks/${this.path}/steps`),
      api(`/v1/runs/${this.path}/artifacts`),
      api(`/v1/viewer/runs/${this.path}/webhook_attempts`),
      api(`/v1/viewer/runs/${this.path}/recording`),
    ]);
    return { run, steps, artifacts, attempts, recording };
  }

  async refresh() {
    const data = await this.fetchAll();
    this.render(data);
    return data;
  }

  stableUrl(artifact) {
    if (!this.imageUrls.has(artifact.artifact_id)) {
      this.imageUrls.set(artifact.artifact_id, artifact.signed_url);
    }
    return this.imageUrls.get(artifact.artifact_id);
  }

  // The videos play one after another (a context's video ends where the next begins);
  // each step's Playwright trace downloads for `npx playwright show-trace`.
  renderRecording(recording) {
    const { videos, traces } = recording;
    this.recording.element.hidden = !videos.length && !traces.length;
    const player = h("video", { id: "recording-video", controls: "", preload: "metadata",
      playsinline: "" });
    let index = 0;
    const play = (i) => {
      index = i;
      player.src = videos[i].url;
    };
    player.addEventListener("ended", () => {
      if (index + 1 < videos.length) {
        play(index + 1);
        player.play();
      }
    });
    if (videos.length) play(0);
    replace(this.recording.body,
      videos.length ? player : h("p", { class: "hint" }, "No video was recorded."),
      videos.length > 1 ? h("p", { class: "hint" }, `${videos.length} parts, played in order.`)
        : null,
      traces.length ? h("ul", { id: "recording-traces" }, traces.map((t) =>
        h("li", {}, externalLink(t.url, `Trace of step ${t.step ?? "?"}`), " ",
          h("span", { class: "hint" }, `${Math.ceil(t.bytes / 1024)} KB`)))) : null);
  }

  render({ run, steps, artifacts, attempts, recording }) {
    document.title = `${run.status} · Run ${run.run_id} · Stratus runs`;
    const done = TERMINAL.has(run.status);
    if (this.changed("status", run.status)) {
      replace(this.status, "Status: ", statusBadge(run.status),
        done ? null : h("span", { class: "hint" }, " (updating live)"));
      this.renderActions(run, done);
    }
    if (this.changed("settings", [run, steps.map((s) => s.step_cost)])) {
      replace(this.settings.body, settingsList(run, steps));
    }
    if (this.changed("failure", [run.failure_reason, run.errors])) {
      this.failure.element.hidden = !run.failure_reason && !run.errors.length;
      replace(this.failure.body,
        run.failure_reason ? h("p", { class: "failure", id: "failure-reason" }, run.failure_reason)
          : null,
        run.errors.length ? json(run.errors) : null);
    }
    if (this.changed("output", run.output)) {
      replace(this.output.body, run.output === null ? h("p", {}, done ? "No output." : "None yet.")
        : json(run.output));
    }
    if (this.changed("files", run.downloaded_files)) {
      this.files.element.hidden = !run.downloaded_files.length;
      replace(this.files.body, h("ul", {}, run.downloaded_files.map((file) =>
        h("li", {}, externalLink(file.url, file.filename), " ",
          h("span", { class: "hint" }, `sha256 ${file.checksum.slice(0, 12)}…`)))));
    }
    if (this.changed("timeline", [steps, artifacts.map((a) => a.artifact_id)])) {
      replace(this.timeline.body, renderTimeline(steps, artifacts, (a) => this.stableUrl(a), done));
    }
    if (this.changed("recording", recording.videos.concat(recording.traces).map((f) => f.key))) {
      this.renderRecording(recording);
    }
    if (this.changed("webhooks", [attempts, run.run_request.webhook_url, done])) {
      this.renderWebhooks(run, attempts, done);
    }
  }

  renderActions(run, done) {
    const buttons = [];
    if (!done) {
      buttons.push(h("button", { type: "button", id: "cancel-run", class: "danger",
        onclick: (event) => this.cancel(event.currentTarget) }, "Cancel run"));
    }
    replace(this.actions, buttons);
  }

  renderWebhooks(run, attempts, done) {
    const url = run.run_request.webhook_url;
    const table = attempts.length ? h("div", { class: "scroll", role: "region", tabindex: "0",
      "aria-label": "Webhook deliveries" },
    h("table", { id: "webhook-attempts" },
      h("thead", {}, h("tr", {}, ["When", "Trigger", "URL", "Result", "Time"].map((name) =>
        h("th", { scope: "col" }, name)))),
      h("tbody", {}, attempts.map((attempt) => h("tr", {},
        h("td", {}, when(attempt.created_at)),
        h("td", {}, attempt.trigger === "retry" ? "resent" : "run finished"),
        h("td", { class: "url" }, attempt.url),
        h("td", {}, attempt.status_code !== null ? `HTTP ${attempt.status_code}`
          : `error: ${attempt.error || "no answer"}`),
        h("td", { class: "num" }, `${attempt.duration_ms} ms`)))))) : null;
    const resend = done && url ? h("button", { type: "button", id: "resend-webhook",
      onclick: (event) => this.resend(event.currentTarget) }, "Resend webhook") : null;
    replace(this.webhooks.body,
      h("p", {}, url ? ["Sent to ", h("span", { class: "mono" }, url), " when the run ends."]
        : "This run has no webhook URL."),
      table ?? (url ? h("p", { class: "hint" }, done ? "No delivery recorded yet."
        : "Nothing sent yet.") : null),
      resend);
  }

  async cancel(button) {
    button.disabled = true;
    replace(this.notice, "Canceling…");
    try {
      await api(`/v1/runs/${this.path}/cancel`, { method: "POST" });
      replace(this.notice, "Cancel requested: the run stops at the next step boundary.");
      await this.refresh();
    } catch (error) {
      replace(this.notice, errorBox(`Could not cancel: ${error.message}`));
      button.disabled = false;
    }
  }

  async resend(button) {
    button.disabled = true;
    replace(this.notice, "Resending the webhook…");
    try {
      const report = await api(`/v1/runs/${this.path}/retry_webhook`, { method: "POST" });
      replace(this.notice, h("p", { id: "resend-result" }, report.status_code !== null
        ? `Webhook resent: the receiver answered HTTP ${report.status_code}.`
        : `Webhook resent, but no answer came back: ${report.error}`));
      await this.refresh();
    } catch (error) {
      replace(this.notice, errorBox(`Could not resend: ${error.message}`));
    } finally {
      const again = document.getElementById("resend-webhook");
      if (again) again.disabled = false;
    }
  }

  schedule() {
    this.timer = setTimeout(() => this.tick(), POLL_MS);
  }

  async tick() {
    try {
      const { run, attempts } = await this.refresh();
      const done = TERMINAL.has(run.status);
      const awaitingWebhook = run.run_request.webhook_url && !attempts.length;
      if (!done || (awaitingWebhook && this.webhookPolls++ < WEBHOOK_POLLS_AFTER_END)) {
        this.schedule();
      }
    } catch (error) {
      replace(this.notice, errorBox(`Updates stopped: ${error.message}`));
    }
  }
}

export async function renderRun(main, runId) {
  const view = new RunView(main, runId);
  const data = await view.fetchAll(); // an unknown run or a refused key fails the page here
  view.build();
  view.render(data);
  const awaitingWebhook = data.run.run_request.webhook_url && !data.attempts.length;
  if (!TERMINAL.has(data.run.status) || awaitingWebhook) view.schedule();
}
