// A fragment of the in-page snapshot function; agent/snapshot.py joins the fragments in
// order inside `(opts) => { ... }`. It is not valid JavaScript on its own.
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
  const spriteName = (n) => {
    const use = n.querySelector && n.querySelector("use");
    const ref = use && (use.getAttribute("href") || use.getAttribute("xlink:href"));
    const frag = ref && ref.includes("#") ? ref.slice(ref.lastIndexOf("#") + 1) : "";
    return frag.replace(/^(icon|ico|i|svg|sprite)[-_]/, "").replace(/[-_]+/g, " ");
  };
  const hintOf = (el) => {
    const own = iconName(el);
    if (own) return own;
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
    return words.slice(0, 2).join(" ");
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
      } catch (e) { /* not a jQuery UI slider after all */ }
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
  const statesOf = (el, tag, role) => {
    const states = [];
    const native = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "OPTION";
    if (el.getAttribute("aria-selected") === "true") states.push("selected");
    if (el.getAttribute("aria-pressed") === "true") states.push("pressed");
    if (el.getAttribute("aria-expanded") === "true") states.push("expanded");
    const current = el.getAttribute("aria-current");
    if (current && current !== "false") states.push("current");
    if ((tag === "INPUT" || tag === "TEXTAREA") && el.readOnly) states.push("readonly");
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
    const states = statesOf(el, tag, role);
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
