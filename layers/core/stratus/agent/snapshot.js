// The in-page snapshot: one frame's interactive elements (with stable ids) and its visible
// text in reading order. agent/snapshot.py evaluates this file in every frame; its value is
// the function `(opts) => JSON string`. State that must survive between snapshots (the id
// counter, element -> id map) lives on window.__stratusSnap.
((opts) => {
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

  // containers whose children are the choices (listbox, menu, tree, ...): the role an
  // unmarked child item plays
  const COMPOSITE_ROLES = {
    listbox: "option", menu: "menuitem", menubar: "menuitem", tree: "treeitem",
    tablist: "tab", radiogroup: "radio",
  };
  // the item a combobox or list points at (aria-activedescendant), and the popups that
  // inputs control (autocomplete suggestions): their children are the choices
  const activeIds = new Set();
  const popupIds = new Set();
  for (const n of document.querySelectorAll("[aria-activedescendant]")) {
    activeIds.add(n.getAttribute("aria-activedescendant"));
  }
  for (const n of document.querySelectorAll("[aria-controls],[aria-owns]")) {
    const r = n.getAttribute("role");
    if (n.tagName === "INPUT" || r === "combobox" || r === "searchbox" || r === "textbox" ||
        n.hasAttribute("aria-autocomplete") || n.hasAttribute("aria-haspopup")) {
      const ids = `${n.getAttribute("aria-controls") || ""} ${n.getAttribute("aria-owns") || ""}`;
      for (const id of ids.split(/\s+/)) if (id) popupIds.add(id);
    }
  }
  // nodes whose text became a field's name (a label that follows its field): not text
  const consumed = new WeakSet();

  const collapse = (s) => s.replace(/\s+/g, " ").trim();
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "\u2026" : s);

  // ---- text stream ----
  const parts = []; // finished lines
  let partsLen = 0; // length of parts joined with "\n", plus one separator if non-empty
  let line = "";
  let textLen = 0; // rough count of characters emitted, for the budget
  let truncated = false;
  let cut = 0; // characters of visible text left out past the budget
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
  // In a table row that is the cell before the field's. Text that reads the value of the
  // control recorded just before it (a slider's readout) is that control's, not a name.
  const readsLastValue = (text) => {
    const last = elements[elements.length - 1];
    return !!last && last.value != null && last.value !== "" &&
      collapse(String(last.value)) === text;
  };
  const takeNearby = () => {
    const row = collapse(line).replace(/\s*\|$/, "");
    const bar = row.lastIndexOf(" | ");
    const same = bar >= 0 ? row.slice(bar + 3) : row;
    if (same && readsLastValue(same)) return "";
    if (same && same.length <= 60) {
      const rest = bar >= 0 ? row.slice(0, bar) + " | " : "";
      textLen -= line.length - rest.length;
      line = rest;
      clampSpans();
      return same;
    }
    if (row || !parts.length) return "";
    const last = parts[parts.length - 1];
    const start = partsLen - last.length - 1;
    if (last.length > 40 || lastMark > start || readsLastValue(last.replace(/\s*\|$/, ""))) {
      return "";
    }
    parts.pop();
    partsLen = start;
    clampSpans();
    return last.replace(/\s*\|$/, "");
  };
  const addText = (raw) => {
    const s = raw.replace(/\s+/g, " ");
    if (truncated) {
      if (s.trim()) cut += s.length;
      return;
    }
    if (!s.trim() && !line) return;
    if (textLen + s.length > maxText) {
      const kept = Math.max(0, maxText - textLen);
      line += s.slice(0, kept);
      cut += s.length - kept;
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
  // [start, end) spans of the text that lie outside the view (the viewport, or a scrolled
  // container's box): text is placed by its own box, not by the elements around it
  const offscreenText = [];
  let offStart = -1; // start of the open span, -1 while the text is in view
  const placeText = (offscreen) => {
    if (truncated || offscreen === offStart >= 0) return;
    const at = position();
    if (offscreen) {
      offStart = at;
    } else {
      if (at > offStart) offscreenText.push([offStart, at]);
      offStart = -1;
    }
  };
  // text taken back out of the stream (it became a field's name): no span reaches past it
  const clampSpans = () => {
    const at = position();
    if (offStart > at) offStart = at;
    for (let i = offscreenText.length - 1; i >= 0 && offscreenText[i][1] > at; i--) {
      offscreenText[i][1] = at;
      offscreenText[i][0] = Math.min(offscreenText[i][0], at);
    }
  };
  const textRange = document.createRange();
  const placeTextNode = (node, ctx) => {
    textRange.selectNodeContents(node);
    const r = textRange.getBoundingClientRect();
    if (r.width > 0 || r.height > 0) placeText(isOffscreen(r, ctx));
  };
  // ---- names ----
  const BREAK_TAGS = new Set([
    "LI", "DIV", "P", "TD", "TH", "TR", "UL", "OL", "DT", "DD", "H1", "H2", "H3", "H4", "H5",
    "H6", "SECTION", "ARTICLE", "HEADER", "FOOTER", "NAV", "TABLE", "BR", "BLOCKQUOTE", "PRE",
  ]);
  const NESTED_LISTS = new Set(["UL", "OL"]);
  const textOf = (node, skip, ownOnly) => {
    // collapsed text of a subtree, skipping form controls and hidden parts; block elements
    // separate words; ownOnly leaves nested lists out (a tree item's label, not its subtree)
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
      if (ownOnly && n !== node && (NESTED_LISTS.has(tag) || n.getAttribute("role") === "group")) {
        return;
      }
      const kids = n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes;
      const gap = BREAK_TAGS.has(tag);
      if (gap) out += " ";
      for (const k of kids) walk(k);
      if (gap) out += " ";
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
  const nameOf = (el, tag, type, nearby, kind) => {
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
    const isField = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" ||
      kind === "slider";
    if (!isField) {
      const t = textOf(el, null, kind === "item" || tag === "LI");
      if (t) return t;
    }
    const ph = el.getAttribute("placeholder") || el.getAttribute("aria-placeholder");
    if (ph) return collapse(ph);
    const title = el.getAttribute("title") || el.getAttribute("alt");
    if (title) return collapse(title);
    if (isField) {
      const after = followingLabel(el, tag, type);
      if (after) {
        consumed.add(after.node);
        return after.text;
      }
      return nearby();
    }
    return hintOf(el);
  };
  // A label that follows its field (a box then its text, or a field then a <label> without
  // `for`) names that field, not the next one. Taken when nothing precedes the field in its
  // parent and the text sits on the field's row, right after it.
  const followingLabel = (el, tag, type) => {
    if (el.labels && el.labels.length) return null;
    for (let n = el.previousSibling; n; n = n.previousSibling) {
      if (n.nodeType === 3 ? n.data.trim() : n.nodeType === 1 && n.textContent.trim()) return null;
    }
    let next = el.nextSibling;
    while (next && next.nodeType === 3 && !next.data.trim()) next = next.nextSibling;
    if (!next) return null;
    let text;
    let box;
    if (next.nodeType === 3) {
      text = collapse(next.data);
      const range = document.createRange();
      range.selectNodeContents(next);
      box = range.getBoundingClientRect();
    } else if (next.nodeType === 1) {
      if (SKIP_TAGS.has(next.tagName) || next.matches(INTERACTIVE_SELECTOR) ||
          next.querySelector(INTERACTIVE_SELECTOR) || (next.tagName === "LABEL" && next.control)) {
        return null;
      }
      const toggle = type === "checkbox" || type === "radio";
      if (!toggle && next.tagName !== "LABEL" && !/^(SPAN|B|STRONG|EM|I|SMALL)$/.test(next.tagName)) {
        return null;
      }
      text = textOf(next);
      box = next.getBoundingClientRect();
    } else return null;
    if (!text || text.length > 60) return null;
    const r = el.getBoundingClientRect();
    const sameRow = box.top < r.bottom && box.bottom > r.top;
    if (!sameRow || box.left < r.right - 2 || box.left - r.right > 40) return null;
    return { node: next, text };
  };
  // Last resort for icon-like elements: an icon's title or class (fa-trash, ui-icon-stop,
  // an SVG sprite's #close), words from the id, or one or two plain class words. A long
  // list of classes (framework soup: "ui corner all ui state default") is never a name.
  const ICON_CLASS = /^(?:fa[srlbdk]?|bi|icon|icons|glyphicon|ui-icon|mdi|ti|la[srb]?|oi|octicon|gg|ri|bx|fi|ion|feather|lucide)-([a-z][a-z0-9-]*)$/;
  const ICON_MODIFIER = /^(?:solid|regular|light|thin|duotone|brands|lg|xs|sm|xl|fw|\dx|spin|pulse|border|inverse|flip-\w+|rotate-\d+|stack(-\dx)?|pull-\w+)$/;
  const GENERIC_CLASSES = /^(icon|icons|fa|fas|far|fab|btn|button|clickable|active|selected|material-icons|ui|is|has|js|pointer|hover|focus|disabled|enabled|open|closed|show|hide|hidden|visible|checked|current|default|primary|secondary|small|large|item|wrapper|container|inner|outer|content|text|label|link|row|col|clearfix|handle)$/;
  const iconName = (n) => {
    for (const token of n.classList || []) {
      const m = ICON_CLASS.exec(token);
      if (m && !ICON_MODIFIER.test(m[1])) return m[1].replace(/[-_]+/g, " ");
    }
    return "";
  };
  // An empty element drawn by an icon font or sprite class (<span class="ui-icon
  // ui-icon-stop">): the icon's name, else "".
  const emptyIcon = (n) => (n.firstElementChild || (n.textContent || "").trim() ? "" : iconName(n));
  // the icon a named element shows beside its text (a menu item's), when the name leaves it out
  const iconBeside = (el, name) => {
    const said = new Set(name.toLowerCase().split(/\W+/));
    const marked = el.querySelectorAll("[class]");
    for (let i = 0; i < Math.min(marked.length, 50); i++) {
      const icon = emptyIcon(marked[i]);
      if (icon) return icon.split(" ").every((w) => said.has(w)) ? "" : icon;
    }
    return "";
  };
  const spriteName = (n) => {
    const use = n.querySelector && n.querySelector("use");
    const ref = use && (use.getAttribute("href") || use.getAttribute("xlink:href"));
    const frag = ref && ref.includes("#") ? ref.slice(ref.lastIndexOf("#") + 1) : "";
    return frag.replace(/^(icon|ico|i|svg|sprite)[-_]/, "").replace(/[-_]+/g, " ");
  };
  // An element replaced by an image through CSS (`content: url(x.png)`): what it shows is
  // that image, named by its file (a board cell drawn as x.png reads "image x").
  const drawnImage = (el) => {
    const m = /^url\("?([^")]*)"?\)$/.exec(getComputedStyle(el).content || "");
    const file = m ? m[1].split(/[?#]/)[0].split("/").pop() || "" : "";
    return file.replace(/\.[a-z0-9]+$/i, "").replace(/[-_]+/g, " ").trim();
  };
  const hintOf = (el) => {
    const own = iconName(el);
    if (own) return own;
    const drawn = drawnImage(el);
    for (const n of el.querySelectorAll("[title],[aria-label],svg title,[class]")) {
      if (n.tagName === "title") {
        const t = collapse(n.textContent || "");
        if (t) return t;
        continue;
      }
      const t = n.getAttribute("title") || n.getAttribute("aria-label");
      if (t && t.trim()) return collapse(t);
      const icon = iconName(n);
      if (icon) return icon;
    }
    const sprite = spriteName(el);
    if (sprite) return sprite;
    const words = [];
    const plain = (token) => token && token.length <= 24 &&
      !/\d{3,}|[A-Z].*[a-z].*[A-Z]|__|--/.test(token) && !GENERIC_CLASSES.test(token);
    if (plain(el.id)) words.push(el.id.replace(/[-_]+/g, " "));
    const classes = Array.from(el.classList);
    if (!words.length && classes.length <= 2) {
      for (const token of classes) {
        if (!plain(token) || /^(ui|js|is|has|css|sc|jsx|mui|ant|chakra|tw)-/i.test(token)) continue;
        const word = token.replace(/^(fa|icon|btn|glyphicon)-/, "").replace(/[-_]+/g, " ");
        if (word && !words.includes(word)) words.push(word);
      }
    }
    // the image is named only where it says more than the name (not "more" drawn as more.png)
    const said = new Set(words.join(" ").split(" "));
    const adds = drawn.split(" ").some((w) => w && !said.has(w) && !GENERIC_CLASSES.test(w));
    if (adds) return [...words.slice(0, 2), "image " + drawn].join(" ");
    return [...words.slice(0, 2), swatchColour(el)].join(" ").trim();
  };
  // An element that shows nothing but its background colour (a colour swatch) is named by
  // that colour: "colour #e34c26".
  const swatchColour = (el) => {
    if ((el.textContent || "").trim() || el.querySelector("img,svg,canvas,video,picture")) {
      return "";
    }
    const style = getComputedStyle(el);
    const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(style.backgroundColor);
    if (!m || Number(m[4]) === 0 || style.backgroundImage !== "none") return "";
    const hex = m.slice(1, 4).map((v) => Number(v).toString(16).padStart(2, "0")).join("");
    return "colour #" + hex;
  };

  // ---- values and state ----
  const SLIDER_HANDLE = /slider[-_]?(handle|thumb)|(handle|thumb)[-_]?slider|noUi-handle|range[-_]?thumb/i;
  const isSliderHandle = (el) => typeof el.className === "string" && SLIDER_HANDLE.test(el.className);
  // value, min and max of a slider: the input's own, ARIA's, jQuery UI's, or the handle's
  // place along its track (in percent)
  const sliderOf = (el, tag) => {
    if (tag === "INPUT") return { value: el.value, min: el.min || "0", max: el.max || "100" };
    for (const n of [el, el.parentElement]) {
      if (n && n.hasAttribute("aria-valuenow")) {
        return {
          value: n.getAttribute("aria-valuetext") || n.getAttribute("aria-valuenow"),
          min: n.getAttribute("aria-valuemin"), max: n.getAttribute("aria-valuemax"),
        };
      }
    }
    const track = el.parentElement;
    if (!track) return null;
    const jq = win.jQuery;
    if (jq && jq.fn && jq.fn.slider) {
      try {
        const t = jq(track);
        return {
          value: String(t.slider("value")),
          min: String(t.slider("option", "min")), max: String(t.slider("option", "max")),
        };
      } catch { /* not a jQuery UI slider after all */ }
    }
    const t = track.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const vertical = t.height > t.width;
    const span = vertical ? t.height : t.width;
    if (!(span > 0)) return null;
    const at = vertical ? t.bottom - (r.top + r.height / 2) : r.left + r.width / 2 - t.left;
    const pct = Math.max(0, Math.min(100, Math.round((at / span) * 100)));
    return { value: pct + "%", min: "0%", max: "100%" };
  };
  const STATE_CLASS = /^(?:is-|state-|ui-state-)?(active|selected|current|checked|pressed|on)$/;
  const statesOf = (el, tag) => {
    const states = [];
    const native = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "OPTION";
    if (el.getAttribute("aria-selected") === "true") states.push("selected");
    if (el.getAttribute("aria-pressed") === "true") states.push("pressed");
    if (el.getAttribute("aria-expanded") === "true") states.push("expanded");
    const current = el.getAttribute("aria-current");
    if (current && current !== "false") states.push("current");
    if (((tag === "INPUT" || tag === "TEXTAREA") && el.readOnly) ||
        el.getAttribute("aria-readonly") === "true") {
      states.push("readonly");
    }
    if (tag === "SELECT" && el.multiple) states.push("multiple");
    if (!native && !states.length && el.getAttribute("aria-checked") === null) {
      // state carried only by a class: a selected tab, a checked custom box
      for (const token of el.classList) {
        const m = STATE_CLASS.exec(token);
        if (!m) continue;
        const word = m[1] === "checked" || m[1] === "on" ? "checked"
          : m[1] === "pressed" ? "pressed" : "selected";
        if (!states.includes(word)) states.push(word);
      }
    }
    if (el.id && activeIds.has(el.id) && !states.includes("selected")) states.push("active");
    return states;
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
  // the element's own sign of being clicked: a listener, an onclick, a tab stop, or being
  // draggable (a drag source is something to act on)
  const ownSignal = (el) => el.hasAttribute("onclick") || typeof el.onclick === "function" ||
    el.getAttribute("draggable") === "true" ||
    (clickables && clickables.has(el)) ||
    (el.getAttribute("tabindex") !== null && parseInt(el.getAttribute("tabindex"), 10) >= 0);
  // a choice inside a listbox, menu, suggestion popup or list with a listener
  const isItem = (el, tag, ctx) => ctx.items !== null && tag !== "UL" && tag !== "OL" &&
    (tag === "LI" || el.hasAttribute("tabindex") || (el.id && activeIds.has(el.id)) ||
      el.parentElement === ctx.items.root) && !!(el.textContent || "").trim();
  // an element known to be clickable only through a script listener
  const hasScriptControl = (el) => {
    if (!clickables) return false;
    const all = el.getElementsByTagName("*");
    const n = Math.min(all.length, 3000);
    for (let i = 0; i < n; i++) if (clickables.has(all[i])) return true;
    return false;
  };
  // "" (not interactive), "own", "item" or "cursor": why the element counts as clickable
  const weakInteractive = (el, tag, style, ctx) => {
    if (tag === "BODY" || tag === "HTML" || tag === "LABEL") return "";
    let why = "";
    if (ownSignal(el)) why = "own";
    else if (isItem(el, tag, ctx)) why = "item";
    else if (style.cursor === "pointer" && !ctx.parentPointer) why = "cursor";
    if (!why) return "";
    // a container of real controls (event delegation, styled cards) is not itself the target
    if (el.querySelector(INTERACTIVE_SELECTOR)) return "";
    // nor is a wrapper pointed only by its cursor (a :hover rule) around script-only controls
    if (why === "cursor" && hasScriptControl(el)) return "";
    return why;
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

  const valueOf = (info, text) => {
    info.value = clip(text, maxValue);
    if (text.length > maxValue) info.valueLength = text.length;
  };
  const describe = (el, tag, type, role, ctx, rect, offscreen, nearby, kind) => {
    const info = { n: 0, tag: tag.toLowerCase(), offset: 0 };
    const slider = role === "slider" || kind === "slider";
    info.role = role || (slider ? "slider" : kind === "item" && ctx.items.role) || null;
    info.type = tag === "INPUT" ? type : el.getAttribute("type") && tag === "BUTTON" ? type : null;
    info.name = clip(nameOf(el, tag, type, nearby, slider ? "slider" : kind), maxName);
    const isField = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    const icon = info.name && !isField && !slider ? iconBeside(el, info.name) : "";
    if (icon) info.icon = icon;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (type === "checkbox" || type === "radio") {
        info.checked = el.checked;
      } else if (type === "password" || isSecretCode(el)) {
        info.value = el.value ? "\u2022\u2022\u2022" : "";
      } else if (type === "file") {
        info.value = Array.from(el.files || [], (f) => f.name).join(", ");
      } else if (!(tag === "INPUT" && INPUT_ROLES[type] === "button")) {
        valueOf(info, el.value);
      }
    } else if (el.isContentEditable) {
      valueOf(info, collapse(el.innerText || ""));
    } else if (role === "checkbox" || role === "radio" || role === "switch") {
      const a = el.getAttribute("aria-checked");
      info.checked = a === "true";
    }
    if (slider) {
      const s = sliderOf(el, tag);
      if (s) {
        info.value = s.value;
        info.min = s.min;
        info.max = s.max;
      }
    }
    const states = statesOf(el, tag);
    const checkedClass = states.indexOf("checked");
    if (checkedClass >= 0) {
      states.splice(checkedClass, 1);
      if (info.checked === undefined) info.checked = true;
    }
    if (states.length) info.states = states;
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
    // what a choice submits (when it says more than its label), and the files a picker takes
    if (tag === "INPUT" && (type === "radio" || type === "checkbox") && el.hasAttribute("value")) {
      attrs.value = clip(el.value, 80);
    }
    if (type === "file" && el.accept) attrs.accept = clip(el.accept, 80);
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
      if (ctx.textVisible && !ctx.suppress && !consumed.has(node)) {
        if (!truncated && node.data.trim()) placeTextNode(node, ctx);
        addText(node.data);
      }
      return;
    }
    if (node.nodeType !== 1 || consumed.has(node)) return;
    const el = node;
    const tag = el.tagName;
    if (tag === "svg") {
      visitSvg(el, ctx);
      return;
    }
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
    const overflowClips = style.overflowX !== "visible" || style.overflowY !== "visible";
    let rect = null;
    // visually hidden text for screen readers ("3 results are available"): kept out of
    // the visible text (it still names what it labels)
    let srOnly = ctx.srOnly;
    if (!srOnly && (style.position === "absolute" || style.position === "fixed")) {
      if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") {
        srOnly = true;
      } else if (overflowClips) {
        rect = el.getBoundingClientRect();
        srOnly = rect.width <= 1 && rect.height <= 1;
      }
    }
    // (a visually hidden block breaks no line: it shows nothing)
    const block = BLOCK_DISPLAYS.has(display) && srOnly === ctx.srOnly;
    if (block) breakLine();
    else if (display === "table-cell" && el.previousElementSibling) {
      // cell boundaries stay visible: a space alone cannot tell "New York | 3" from "New | York 3"
      if (!truncated) {
        rect = el.getBoundingClientRect();
        placeText(isOffscreen(rect, ctx));
      }
      addText(/\s$/.test(line) ? "| " : " | ");
    }

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
    if (overflowClips && tag !== "HTML" && tag !== "BODY") {
      rect = el.getBoundingClientRect();
      child = { ...ctx, clip: {
        top: Math.max(ctx.clip.top, rect.top), bottom: Math.min(ctx.clip.bottom, rect.bottom),
        left: Math.max(ctx.clip.left, rect.left), right: Math.min(ctx.clip.right, rect.right),
      } };
    }
    if (ariaHidden !== ctx.ariaHidden || transparent !== ctx.transparent ||
        cssVisible !== ctx.textVisible || pointer !== ctx.parentPointer || srOnly !== ctx.srOnly) {
      if (child === ctx) child = { ...ctx };
      child.ariaHidden = ariaHidden;
      child.transparent = transparent;
      child.srOnly = srOnly;
      child.textVisible = cssVisible && !transparent && !srOnly;
      child.parentPointer = pointer;
    }
    // a container of choices: its unmarked children become addressable items
    const itemRole = COMPOSITE_ROLES[explicitRole] ||
      ((el.id && popupIds.has(el.id)) || ((tag === "UL" || tag === "OL") && ownSignal(el))
        ? "" : null);
    if (itemRole !== null) {
      if (child === ctx) child = { ...ctx };
      child.items = { root: el, role: itemRole || null };
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
      if (alt && alt.trim()) {
        if (!truncated) placeText(isOffscreen(el.getBoundingClientRect(), ctx));
        addText(" " + alt.trim() + " ");
      }
    }

    const strong = !ariaHidden && strongInteractive(el, tag, type, explicitRole || implicitRole);
    // a container of choices is not itself one: its items are
    const weak = !strong && !ariaHidden && itemRole === null && weakInteractive(el, tag, style, ctx);
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
        const kind = !strong && isSliderHandle(el) ? "slider" : weak === "item" ? "item" : null;
        entry = describe(el, tag, type, role || null, ctx, rect, offscreen, nearby, kind);
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
    if (!entry && child.textVisible && !child.suppress && !truncated) {
      const icon = emptyIcon(el); // an icon in running text (an instruction's): its name
      if (icon) {
        rect = rect || el.getBoundingClientRect();
        if (rect.width > 0 && rect.height > 0) {
          placeText(isOffscreen(rect, ctx));
          addText((/\s$/.test(line) ? "" : " ") + "(icon " + icon + ")");
        }
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

  // SVG: its text is page text; its parts with listeners (a pie menu's slices) are elements
  const SVG_SKIP = new Set([
    "title", "desc", "defs", "style", "script", "clipPath", "mask", "symbol", "marker",
    "linearGradient", "radialGradient", "pattern", "filter", "metadata",
  ]);
  // An unnamed shape that listens (a pie slice) is named by the text drawn over it (its
  // label, a sibling painted later): that text is then the shape's name, not an element or
  // text of its own, and a click on the shape lands beside the label, on the shape.
  const svgLabelOf = (shape, svg) => {
    const r = shape.getBoundingClientRect();
    for (const t of svg.getElementsByTagName("text")) {
      if (consumed.has(t)) continue;
      const b = t.getBoundingClientRect();
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      if (!(b.width > 0) || x < r.left || x > r.right || y < r.top || y > r.bottom) continue;
      const text = collapse(t.textContent || "");
      if (!text || text.length > 60) continue;
      const stack = document.elementsFromPoint(x, y); // the label on top, the shape below
      if (stack.length && t.contains(stack[0]) && stack.includes(shape)) {
        consumed.add(t);
        return text;
      }
    }
    return "";
  };
  const visitSvg = (svg, ctx) => {
    const svgText = (n, c) => {
      const t = collapse(n.textContent || "");
      if (t && c.textVisible && !c.suppress) {
        if (!truncated) placeText(isOffscreen(n.getBoundingClientRect(), c));
        addText(" " + t + " ");
      }
    };
    const walkSvg = (n, c) => {
      const t = n.tagName;
      if (SVG_SKIP.has(t) || consumed.has(n)) return;
      const role = (n.getAttribute("role") || "").trim().split(/\s+/)[0];
      const listens = (clickables && clickables.has(n)) || n.hasAttribute("onclick") ||
        (role && WIDGET_ROLES.has(role)) ||
        (t === "a" && (n.hasAttribute("href") || n.hasAttribute("xlink:href")));
      const hasText = t === "text" || n.getElementsByTagName("text").length > 0;
      if (!listens && !hasText) return; // shapes without listeners or text: nothing to say
      const style = win.getComputedStyle(n);
      if (style.display === "none") return;
      let inner = c;
      const visible = style.visibility !== "hidden" && style.opacity !== "0";
      if (visible !== c.textVisible) inner = { ...c, textVisible: visible && !c.srOnly };
      if (listens && !c.ariaHidden && !c.suppress && visible && n.getAttribute("aria-hidden") !== "true") {
        const rect = n.getBoundingClientRect();
        if (rect.width > 0 && rect.height > 0) {
          const entry = describe(n, t, null, role || (t === "a" ? "link" : null), c, rect,
            isOffscreen(rect, c), () => "", null);
          const named = n.hasAttribute("aria-label") || n.hasAttribute("aria-labelledby") ||
            n.querySelector("title");
          const label = named || hasText ? "" : svgLabelOf(n, svg);
          if (label) entry.name = clip(label, maxName); // over a hint from its id or class
          entry.offset = position();
          lastMark = entry.offset;
          entry.el = n;
          entry.strong = true;
          elements.push(entry);
          if (entry.name) inner = { ...inner, suppress: true };
        }
      }
      if (t === "text") {
        svgText(n, inner);
        return;
      }
      for (const k of n.children) walkSvg(k, inner);
    };
    walkSvg(svg, ctx);
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
      parentPointer: false, legend: null, srOnly: false, items: null,
    });
  }
  flush();
  const textEnd = Math.max(0, partsLen - 1);
  if (offStart >= 0 && textEnd > offStart) offscreenText.push([offStart, textEnd]);
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
    cut,
    offscreenText,
    elements,
    iframes,
  });
});
