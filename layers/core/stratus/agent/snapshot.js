// Page snapshot for one frame: interactive elements with stable ids, and visible text.
// Evaluated as a function expression: (opts) => result. State that must survive between
// snapshots (the id counter, element -> id map) lives on window.__stratusSnap.
(opts) => {
  const win = window;
  const state =
    win.__stratusSnap ||
    (win.__stratusSnap = { seq: 0, ids: new WeakMap(), frameSeq: 0 });
  const maxText = opts.maxTextChars;
  const maxName = 120;
  // a data: export link or an editor's textarea can hold megabytes: every step would store
  // them and every prompt would spend its budget on them
  const maxValue = 20000;
  const maxHref = 2000;
  const viewW = win.innerWidth || document.documentElement.clientWidth;
  const viewH = win.innerHeight || document.documentElement.clientHeight;
  const clickables = win.__stratusClickables; // WeakSet filled by the init script, if any
  const origin = location.origin;

  const SKIP_TAGS = new Set([
    "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE", "META", "LINK", "svg",
  ]);
  const WIDGET_ROLES = new Set([
    "button", "link", "checkbox", "radio", "tab", "menuitem", "menuitemcheckbox",
    "menuitemradio", "option", "switch", "combobox", "textbox", "slider", "spinbutton",
    "searchbox", "treeitem", "gridcell", "listbox",
  ]);
  const LEAF_ROLES = new Set([
    "button", "link", "checkbox", "radio", "tab", "menuitem", "option", "switch", "treeitem",
  ]);
  const BLOCK_DISPLAYS = new Set([
    "block", "flex", "grid", "table", "table-row", "list-item", "table-caption",
    "flow-root", "table-row-group", "table-header-group", "table-footer-group",
  ]);
  const STABLE_ATTRS = ["name", "id", "placeholder", "aria-label", "data-testid", "type",
    "autocomplete"];
  const IMPLICIT_ROLES = {
    A: "link", BUTTON: "button", SELECT: "combobox", TEXTAREA: "textbox", SUMMARY: "button",
  };
  const INPUT_ROLES = {
    checkbox: "checkbox", radio: "radio", button: "button", submit: "button", reset: "button",
    image: "button", range: "slider", number: "spinbutton", search: "searchbox",
  };

  const collapse = (s) => s.replace(/\s+/g, " ").trim();
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "\u2026" : s);

  // ---- text stream ----
  const parts = []; // finished lines
  let partsLen = 0; // length of parts joined with "\n", plus one separator if non-empty
  let line = "";
  let textLen = 0; // rough count of characters emitted, for the budget
  let truncated = false;
  const flush = () => {
    const t = line.trim();
    line = "";
    if (!t) return;
    parts.push(t);
    partsLen += t.length + 1;
  };
  // where the next output would start in the final text
  const position = () => partsLen + line.trim().length;
  let lastMark = -1; // position of the last element or frame recorded
  // An unlabeled field's name from the text just before it: the rest of its row, or a short
  // line with nothing recorded after it. That text then leaves the stream (it is the name).
  const takeNearby = () => {
    const same = collapse(line);
    if (same && same.length <= 60) {
      textLen -= line.length;
      line = "";
      return same;
    }
    if (same || !parts.length) return "";
    const last = parts[parts.length - 1];
    const start = partsLen - last.length - 1;
    if (last.length > 40 || lastMark > start) return "";
    parts.pop();
    partsLen = start;
    return last;
  };
  const addText = (raw) => {
    if (truncated) return;
    const s = raw.replace(/\s+/g, " ");
    if (!s.trim() && !line) return;
    if (textLen + s.length > maxText) {
      line += s.slice(0, Math.max(0, maxText - textLen));
      truncated = true;
      textLen = maxText;
      return;
    }
    line += s;
    textLen += s.length;
  };
  const breakLine = () => {
    if (line.trim()) textLen += 1;
    flush();
  };

  // ---- names ----
  const textOf = (node, skip) => {
    // collapsed text of a subtree, skipping form controls and hidden parts
    let out = "";
    const walk = (n) => {
      if (n.nodeType === 3) {
        out += n.data;
        return;
      }
      if (n.nodeType !== 1 || n === skip) return;
      const tag = n.tagName;
      if (SKIP_TAGS.has(tag) || tag === "SELECT" || tag === "TEXTAREA") return;
      if (tag === "INPUT") return;
      if (tag === "IMG") {
        out += " " + (n.getAttribute("alt") || "") + " ";
        return;
      }
      if (n.hidden || n.getAttribute("aria-hidden") === "true" || out.length > 400) return;
      const kids = n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes;
      for (const k of kids) walk(k);
    };
    walk(node);
    return collapse(out);
  };
  const byIds = (el, ids) => {
    const root = el.getRootNode();
    return ids
      .split(/\s+/)
      .map((id) => (root.getElementById ? root.getElementById(id) : null) || document.getElementById(id))
      .filter(Boolean)
      .map((n) => textOf(n))
      .join(" ");
  };
  const nameOf = (el, tag, type, nearby) => {
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby) {
      const t = collapse(byIds(el, labelledby));
      if (t) return t;
    }
    const aria = el.getAttribute("aria-label");
    if (aria && aria.trim()) return collapse(aria);
    if (el.labels && el.labels.length) {
      const t = collapse(Array.from(el.labels, (l) => textOf(l, el)).join(" "));
      if (t) return t;
    }
    if (tag === "INPUT") {
      if (type === "submit" || type === "button" || type === "reset") {
        return el.value || (type === "submit" ? "Submit" : type === "reset" ? "Reset" : "");
      }
      if (type === "image") return el.getAttribute("alt") || el.value || "Submit";
    }
    const isField = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    if (!isField) {
      const t = textOf(el);
      if (t) return t;
    }
    const ph = el.getAttribute("placeholder") || el.getAttribute("aria-placeholder");
    if (ph) return collapse(ph);
    const title = el.getAttribute("title") || el.getAttribute("alt");
    if (title) return collapse(title);
    if (isField) return nearby();
    return hintOf(el);
  };
  // last resort for icon-like elements: words from the id and class (e.g. "trash", "reply")
  const GENERIC_CLASSES = /^(icon|icons|fa|fas|far|fab|btn|button|clickable|active|selected|material-icons)$/;
  const hintOf = (el) => {
    const words = [];
    for (const token of [el.id, ...el.classList]) {
      if (!token || token.length > 24 || /\d{3,}|[A-Z].*[a-z].*[A-Z]|__|--/.test(token)) continue;
      if (GENERIC_CLASSES.test(token)) continue;
      const word = token.replace(/^(fa|icon|btn|glyphicon)-/, "").replace(/[-_]+/g, " ");
      if (word && !words.includes(word)) words.push(word);
    }
    return words.slice(0, 3).join(" ");
  };

  // ---- interactivity ----
  const strongInteractive = (el, tag, type, role) => {
    switch (tag) {
      case "A":
        return el.hasAttribute("href");
      case "BUTTON":
      case "SELECT":
      case "TEXTAREA":
      case "SUMMARY":
        return true;
      case "INPUT":
        return type !== "hidden";
      default:
    }
    if (role && WIDGET_ROLES.has(role)) return true;
    if (el.isContentEditable) {
      const p = el.parentElement;
      return !(p && p.isContentEditable);
    }
    return false;
  };
  const INTERACTIVE_SELECTOR =
    "a[href],button,input:not([type=hidden]),select,textarea,[role],[onclick],[tabindex],[contenteditable]";
  const weakInteractive = (el, tag, style, parentPointer) => {
    if (tag === "BODY" || tag === "HTML" || tag === "LABEL") return false;
    const signal = el.hasAttribute("onclick") || typeof el.onclick === "function" ||
      (clickables && clickables.has(el)) ||
      (el.getAttribute("tabindex") !== null && parseInt(el.getAttribute("tabindex"), 10) >= 0) ||
      (style.cursor === "pointer" && !parentPointer);
    if (!signal) return false;
    // a container of real controls (event delegation, styled cards) is not itself the target
    return !el.querySelector(INTERACTIVE_SELECTOR);
  };
  const elements = [];
  const iframes = [];
  const idFor = (el) => {
    let n = state.ids.get(el);
    if (n === undefined) {
      n = ++state.seq;
      state.ids.set(el, n);
    }
    if (el.getAttribute("data-sid") !== String(n)) el.setAttribute("data-sid", String(n));
    return n;
  };

  // one-time codes are secrets like passwords: shown as filled, never by value
  const SECRET_CODE = /(one-time-code|otp|2fa|mfa|totp|verification|security.?code)/i;
  const isSecretCode = (el) =>
    el.getAttribute("autocomplete") === "one-time-code" ||
    SECRET_CODE.test(`${el.name || ""} ${el.id || ""}`);

  const describe = (el, tag, type, role, ctx, rect, offscreen, nearby) => {
    const info = { n: 0, tag: tag.toLowerCase(), offset: 0 };
    info.role = role || null;
    info.type = tag === "INPUT" ? type : el.getAttribute("type") && tag === "BUTTON" ? type : null;
    info.name = clip(nameOf(el, tag, type, nearby), maxName);
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (type === "checkbox" || type === "radio") {
        info.checked = el.checked;
      } else if (type === "password" || isSecretCode(el)) {
        info.value = el.value ? "\u2022\u2022\u2022" : "";
      } else if (type === "file") {
        info.value = Array.from(el.files || [], (f) => f.name).join(", ");
      } else if (!(tag === "INPUT" && INPUT_ROLES[type] === "button")) {
        info.value = clip(el.value, maxValue);
      }
    } else if (el.isContentEditable) {
      info.value = clip(collapse(el.innerText || ""), 200);
    } else if (role === "checkbox" || role === "radio" || role === "switch") {
      const a = el.getAttribute("aria-checked");
      info.checked = a === "true";
    }
    info.disabled = !!(el.disabled || el.matches(":disabled") ||
      el.getAttribute("aria-disabled") === "true");
    info.required = !!(el.required || el.getAttribute("aria-required") === "true");
    if (tag === "SELECT") {
      info.options = Array.from(el.options)
        .slice(0, 500)
        .map((o) => {
          const option = { value: o.value, text: collapse(o.text), selected: o.selected };
          if (o.disabled || o.matches(":disabled")) option.disabled = true;
          return option;
        });
    }
    if (tag === "A") {
      const href = el.getAttribute("href");
      if (href !== null) {
        let h = el.href || href;
        if (h.startsWith(origin + "/")) h = h.slice(origin.length);
        info.href = clip(h, maxHref);
      }
    }
    info.offscreen = offscreen;
    info.group = ctx.legend || (type === "radio" ? el.getAttribute("name") : null) || null;
    const attrs = {};
    for (const a of STABLE_ATTRS) {
      const v = el.getAttribute(a);
      if (v !== null && v !== "") attrs[a] = v.length > 80 ? v.slice(0, 80) : v;
    }
    info.attrs = attrs;
    return info;
  };

  const isOffscreen = (rect, ctx) => {
    const c = ctx.clip;
    return (
      rect.bottom <= Math.max(0, c.top) || rect.top >= Math.min(viewH, c.bottom) ||
      rect.right <= Math.max(0, c.left) || rect.left >= Math.min(viewW, c.right)
    );
  };

  // ---- the walk ----
  const walkChildren = (el, ctx) => {
    let kids;
    if (el.shadowRoot) kids = el.shadowRoot.childNodes;
    else if (el.tagName === "SLOT") {
      const assigned = el.assignedNodes({ flatten: true });
      kids = assigned.length ? assigned : el.childNodes;
    } else kids = el.childNodes;
    for (const k of kids) visit(k, ctx);
  };

  const visit = (node, ctx) => {
    if (node.nodeType === 3) {
      if (ctx.textVisible && !ctx.suppress) addText(node.data);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node;
    const tag = el.tagName;
    if (SKIP_TAGS.has(tag)) return;
    const style = win.getComputedStyle(el);
    const type = tag === "INPUT" ? (el.getAttribute("type") || "text").toLowerCase() : null;
    const display = style.display;
    if (display === "none") {
      if (tag === "INPUT" && (type === "checkbox" || type === "radio")) visitHiddenToggle(el, type, ctx);
      return;
    }
    if (tag === "BR") {
      breakLine();
      return;
    }
    const block = BLOCK_DISPLAYS.has(display);
    if (block) breakLine();
    else if (display === "table-cell" && line && !/\s$/.test(line)) addText(" ");

    const ariaHidden = ctx.ariaHidden || el.getAttribute("aria-hidden") === "true";
    const transparent = ctx.transparent || style.opacity === "0";
    const cssVisible = style.visibility !== "hidden" && style.visibility !== "collapse";
    const pointer = style.cursor === "pointer";
    const explicitRole = (el.getAttribute("role") || "").trim().split(/\s+/)[0];
    const implicitRole = tag === "INPUT"
      ? INPUT_ROLES[type] || (type === "file" || type === "color" ? "" : "textbox")
      : IMPLICIT_ROLES[tag] || "";
    const role = explicitRole || implicitRole;

    let child = ctx;
    const overflowClips = style.overflowX !== "visible" || style.overflowY !== "visible";
    let rect = null;
    if (overflowClips && tag !== "HTML" && tag !== "BODY") {
      rect = el.getBoundingClientRect();
      child = { ...ctx, clip: {
        top: Math.max(ctx.clip.top, rect.top), bottom: Math.min(ctx.clip.bottom, rect.bottom),
        left: Math.max(ctx.clip.left, rect.left), right: Math.min(ctx.clip.right, rect.right),
      } };
    }
    if (ariaHidden !== ctx.ariaHidden || transparent !== ctx.transparent ||
        cssVisible !== ctx.textVisible || pointer !== ctx.parentPointer) {
      if (child === ctx) child = { ...ctx };
      child.ariaHidden = ariaHidden;
      child.transparent = transparent;
      child.textVisible = cssVisible && !transparent;
      child.parentPointer = pointer;
    }
    if (tag === "FIELDSET") {
      const legend = el.querySelector(":scope > legend");
      if (legend) {
        if (child === ctx) child = { ...ctx };
        child.legend = clip(textOf(legend), 60);
      }
    }
    if (tag === "IFRAME" || tag === "FRAME") {
      if (!el.dataset.sfr) el.dataset.sfr = String(++state.frameSeq);
      breakLine();
      lastMark = position();
      iframes.push({ sfr: el.dataset.sfr, offset: lastMark });
      return;
    }
    if (tag === "IMG" && cssVisible && !transparent && !ctx.suppress) {
      const alt = el.getAttribute("alt");
      if (alt && alt.trim()) addText(" " + alt.trim() + " ");
    }

    const strong = !ariaHidden && strongInteractive(el, tag, type, explicitRole || implicitRole);
    const weak = !strong && !ariaHidden && weakInteractive(el, tag, style, ctx.parentPointer);
    let entry = null;
    let slot = -1;
    if (strong || weak) {
      rect = rect || el.getBoundingClientRect();
      const sized = rect.width > 0 && rect.height > 0;
      const toggle = tag === "INPUT" && (type === "checkbox" || type === "radio" || type === "file");
      const visible = (cssVisible && !transparent && sized) || (toggle && (sized || hasRenderedLabel(el)));
      if (visible) {
        const nearby = () => takeNearby(); // text before it in the same row, or a short line
        const offscreen = !sized || isOffscreen(rect, ctx);
        entry = describe(el, tag, type, role || null, ctx, rect, offscreen, nearby);
        entry.offset = position();
        lastMark = entry.offset;
        entry.el = el;
        entry.strong = strong;
        slot = elements.length;
        elements.push(entry);
      }
    }
    if (tag === "LABEL" && el.control && !el.control.getAttribute("aria-label") &&
        !el.control.getAttribute("aria-labelledby")) {
      // its text becomes the control's name
      if (child === ctx) child = { ...ctx };
      child.suppress = true;
    }
    if (entry) {
      const leafish = tag === "A" || tag === "BUTTON" || tag === "SUMMARY" ||
        LEAF_ROLES.has(explicitRole) || !entry.strong;
      if (leafish && entry.name && (textOf(el).length <= maxName)) {
        if (child === ctx) child = { ...ctx };
        child.suppress = true;
      }
    }
    const countBefore = elements.length;
    if (tag !== "SELECT" && tag !== "TEXTAREA") walkChildren(el, child);
    if (entry && !entry.strong && elements.length > countBefore && !(child.suppress && !ctx.suppress)) {
      // a container whose clickable parts are listed on their own, and whose text stayed in
      // the text stream: drop it (when its text went into its name, keep it to keep the text)
      elements.splice(slot, 1);
    }
    if (block) breakLine();
  };

  const hasRenderedLabel = (el) =>
    !!(el.labels && Array.from(el.labels).some((l) => l.getClientRects().length > 0));

  const visitHiddenToggle = (el, type, ctx) => {
    if (!hasRenderedLabel(el) || ctx.ariaHidden) return;
    const entry = describe(el, "INPUT", type, type, ctx, null, false, () => "");
    const lab = el.labels[0].getBoundingClientRect();
    entry.offscreen = isOffscreen(lab, ctx);
    entry.offset = position();
    entry.el = el;
    entry.strong = true;
    elements.push(entry);
  };

  const root = document.documentElement;
  if (root) {
    visit(root, {
      clip: { top: -1e9, bottom: 1e9, left: -1e9, right: 1e9 },
      textVisible: true, transparent: false, ariaHidden: false, suppress: false,
      parentPointer: false, legend: null,
    });
  }
  flush();
  for (const e of elements) {
    e.n = idFor(e.el);
    delete e.el;
    delete e.strong;
  }
  // one string crosses the protocol much faster than a nested object
  return JSON.stringify({
    url: location.href,
    title: document.title || "",
    text: parts.join("\n"),
    elements,
    iframes,
  });
}
