// A fragment of the in-page snapshot function; agent/snapshot.py joins the fragments in
// order inside `(opts) => { ... }`. It is not valid JavaScript on its own.
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
