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
