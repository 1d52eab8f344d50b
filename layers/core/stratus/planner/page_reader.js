// Reads a page's structured content for the built-in planner: tables, repeated items,
// label/value pairs, status messages and headings. Evaluated with page.evaluate.
() => {
  const visible = (el) => {
    if (!el || !el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none" && style.opacity !== "0";
  };
  const text = (el) => (el ? (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim() : "");
  const hintOf = (el) => {
    const parts = [];
    for (const attr of ["itemprop", "data-field", "data-label", "data-name", "aria-label", "class", "name"]) {
      const value = el.getAttribute && el.getAttribute(attr);
      if (value) parts.push(value);
    }
    return parts.join(" ");
  };

  const tables = [];
  const tableEls = [...document.querySelectorAll("table, [role=table], [role=grid]")].filter(visible);
  for (const table of tableEls) {
    const isAria = table.tagName !== "TABLE";
    const rowEls = isAria
      ? [...table.querySelectorAll("[role=row]")]
      : [...table.rows].filter((r) => r.closest("table") === table);
    const rows = [];
    let header = null;
    const rowHeaders = [];
    for (const row of rowEls) {
      if (!visible(row)) continue;
      const cells = isAria
        ? [...row.querySelectorAll("[role=columnheader], [role=cell], [role=gridcell], [role=rowheader]")]
        : [...row.cells];
      const allHeads = cells.length > 0 && cells.every((c) =>
        c.tagName === "TH" || c.getAttribute("role") === "columnheader");
      const inHead = row.parentElement && row.parentElement.tagName === "THEAD";
      if (header === null && (allHeads || inHead)) {
        header = cells.map(text);
        continue;
      }
      rows.push(cells.map(text));
      rowHeaders.push(cells.length === 2 && (cells[0].tagName === "TH" || cells[0].getAttribute("role") === "rowheader"));
    }
    const caption = text(table.querySelector("caption")) || table.getAttribute("aria-label") || "";
    tables.push({ header, rows, caption, keyed: rows.length > 0 && rowHeaders.every(Boolean) });
  }

  const pairs = [];
  for (const dl of document.querySelectorAll("dl")) {
    if (!visible(dl)) continue;
    let label = null;
    for (const child of dl.querySelectorAll("dt, dd")) {
      if (child.tagName === "DT") label = text(child);
      else if (label !== null) pairs.push([label, text(child)]);
    }
  }

  // label and value side by side: <div><span class="key">Order</span><span class="value">..</span></div>
  const LABEL_HINT = /label|key|term|caption|\bname\b|title/i;
  const VALUE_HINT = /value|data|amount|\bval\b|detail/i;
  for (const row of document.querySelectorAll("body *")) {
    const kids = [...row.children].filter(visible);
    if (kids.length !== 2 || kids.some((k) => k.children.length) || !visible(row)) continue;
    if (row.closest("table, form, select, dl")) continue;
    const [label, value] = kids.map(text);
    if (!label || !value || label.length > 40) continue;
    if (LABEL_HINT.test(hintOf(kids[0])) || VALUE_HINT.test(hintOf(kids[1])) || label.endsWith(":")) {
      pairs.push([label.replace(/:$/, ""), value]);
    }
  }

  const signature = (el) => el.tagName + "." + [...el.classList].sort().join(".");
  const leaves = (root) => {
    const out = [];
    const walk = (el) => {
      if (!visible(el)) return;
      const kids = [...el.children].filter((k) => text(k));
      if (!kids.length || (el.children.length && !kids.length)) {
        const value = text(el);
        if (value) out.push({ hint: hintOf(el), text: value, href: el.getAttribute("href") });
        return;
      }
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
      if (own.length) {
        out.push({ hint: hintOf(el), text: text(el), href: el.getAttribute("href"), mixed: true });
        return;
      }
      kids.forEach(walk);
    };
    walk(root);
    return out;
  };
  const groups = [];
  const seen = new Set();
  for (const parent of document.querySelectorAll("body *")) {
    if (seen.has(parent) || parent.closest("table, form, nav, header, footer, select") || !visible(parent)) continue;
    const kids = [...parent.children].filter(visible);
    if (kids.length < 2) continue;
    const counts = {};
    kids.forEach((k) => (counts[signature(k)] = (counts[signature(k)] || 0) + 1));
    const [sig, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    if (count < 2 || count < kids.length * 0.6) continue;
    const items = kids.filter((k) => signature(k) === sig).map((k) => ({ hint: hintOf(k), fields: leaves(k), text: text(k) }));
    if (!items.some((i) => i.text)) continue;
    groups.push({ tag: parent.tagName.toLowerCase(), hint: hintOf(parent), sig, items });
    seen.add(parent);
  }

  const messageSelector = [
    "[role=alert]", "[role=status]", "[aria-live]", "[class*=error]", "[class*=success]",
    "[class*=alert]", "[class*=message]", "[class*=notice]", "[class*=flash]",
    "[class*=confirm]", "[class*=invalid]", "[class*=toast]", "[id*=error]", "[id*=success]",
    "[id*=message]", "[id*=confirm]",
  ].join(",");
  const messages = [...document.querySelectorAll(messageSelector)]
    .filter((el) => visible(el) && text(el) && !el.matches("input, select, textarea, label, form"))
    .map((el) => ({ hint: hintOf(el) + " " + (el.id || "") + " " + (el.getAttribute("role") || ""), text: text(el) }));
  const invalid = [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => visible(el) && (/^(checkbox|radio)$/.test(el.type) ? el.checked : el.value) &&
      el.willValidate && !el.checkValidity())
    .map((el) => ({ field: (el.labels && el.labels[0] ? text(el.labels[0]) : el.name || el.id), message: el.validationMessage }));
  const headings = [...document.querySelectorAll("h1, h2, h3")].filter(visible).map(text).filter(Boolean);
  // buttons that open a list of options (custom selects), by their snapshot number
  const listboxButtons = [...document.querySelectorAll("[aria-haspopup=listbox]")]
    .filter((el) => visible(el) && el.dataset.sid).map((el) => "e" + el.dataset.sid);
  return { tables, pairs, groups, messages, invalid, headings, listboxButtons, title: document.title, url: location.href };
}
