// A fragment of the in-page snapshot function; agent/snapshot.py joins the fragments in
// order inside `(opts) => { ... }`. It is not valid JavaScript on its own.
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
