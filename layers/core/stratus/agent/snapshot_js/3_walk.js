// A fragment of the in-page snapshot function; agent/snapshot.py joins the fragments in
// order inside `(opts) => { ... }`. It is not valid JavaScript on its own.
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
      if (ctx.textVisible && !ctx.suppress && !consumed.has(node)) addText(node.data);
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
      if (alt && alt.trim()) addText(" " + alt.trim() + " ");
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
  const visitSvg = (svg, ctx) => {
    const svgText = (n, c) => {
      const t = collapse(n.textContent || "");
      if (t && c.textVisible && !c.suppress) addText(" " + t + " ");
    };
    const walkSvg = (n, c) => {
      const t = n.tagName;
      if (SVG_SKIP.has(t)) return;
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
