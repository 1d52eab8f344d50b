// Installed once per document (as an init script, before the page's own scripts, or on the
// spot) and evaluated to read what it saw: DOM mutations, a navigation the page started,
// short timers and animation frames it asked for that have not fired, and which elements got
// key listeners. Placeholders are filled in by page_activity.py.
(() => {
  const KEY = "__KEY__", HORIZON = __HORIZON__, CHAIN = __CHAIN__, FROM_START = __FROM_START__;
  const OWN = new Set(["data-sid", "data-sfr"]);  // what the snapshot marks elements with
  const KEYS = ["keydown", "keypress", "keyup", "beforeinput"];
  let s = window[KEY];
  if (!s) {
    // fromStart: installed before the page's own scripts ran, so every key listener they
    // added went through the wrapper below; otherwise the probe cannot tell
    s = { doc: Math.random().toString(36).slice(2), lastChange: -1e9, changes: 0,
          navAt: null, openAt: null, pending: new Map(), fromStart: FROM_START,
          keyed: new WeakSet() };
    Object.defineProperty(window, KEY, { value: s, enumerable: false });
    const listen = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, listener, options) {
      if (KEYS.includes(type)) s.keyed.add(this);
      return listen.call(this, type, listener, options);
    };
    // whether typing into el can reach a key listener: on it, an ancestor (across shadow
    // roots), its document or window; an on<type> handler counts as well
    s.hearsKeys = (el) => {
      const handled = (t) => s.keyed.has(t) || KEYS.some((k) => t["on" + k]);
      for (let n = el; n; n = n.parentNode || n.host) if (handled(n)) return true;
      return handled(el.ownerDocument) || handled(window);
    };
    // a screenshot hides the caret by setting caret-color on each field, then restores it
    const CARET = /caret-color:[^;]*;?/g;
    const caretOnly = (r) => r.attributeName === "style" &&
      (r.oldValue || "").replace(CARET, "").trim() ===
      (r.target.getAttribute("style") || "").replace(CARET, "").trim();
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "attributes" && (OWN.has(r.attributeName) || caretOnly(r))) continue;
        s.lastChange = performance.now();
        s.changes += 1;
        return;
      }
    }).observe(document, { subtree: true, childList: true, attributes: true,
                          attributeOldValue: true, characterData: true });
    const set = window.setTimeout, clearT = window.clearTimeout, clearI = window.clearInterval;
    // a listener after ours may still cancel it: looked at again once the event is over
    const navigating = (event) => {
      const at = (s.navAt = performance.now());
      if (event) set.call(window, () => { if (event.defaultPrevented && s.navAt === at) s.navAt = null; }, 0);
    };
    if (window.navigation) {
      navigation.addEventListener("navigate", (e) => {
        if (!e.destination.sameDocument) navigating(e);
      });
      const done = () => { s.navAt = null; };  // an intercepted (same-document) navigation
      navigation.addEventListener("navigatesuccess", done);
      navigation.addEventListener("navigateerror", done);
    }
    const navigates = (form, submitter) => {
      const attr = (name) => (submitter && submitter.getAttribute("form" + name)) ||
        form.getAttribute(name) || "";
      const target = attr("target");
      return (target === "" || target === "_self") && attr("method").toLowerCase() !== "dialog";
    };
    // a form submission is planned in a task of its own: seen here when it is decided
    window.addEventListener("submit", (e) => {
      if (!e.defaultPrevented && navigates(e.target, e.submitter)) navigating(e);
    });
    // a new tab or window the page asked for (window.open, a link or form with a target):
    // it appears in the browser shortly after, and the step reads it, not this page
    const opening = () => { s.openAt = performance.now(); };
    const open = window.open;
    window.open = function (...args) { opening(); return open.apply(this, args); };
    const elsewhere = (target) => !!target && !/^_(self|parent|top)$/i.test(target);
    window.addEventListener("click", (e) => {
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!e.defaultPrevented && link && elsewhere(link.getAttribute("target"))) opening();
    });
    window.addEventListener("submit", (e) => {
      const target = (e.submitter && e.submitter.getAttribute("formtarget")) ||
        e.target.getAttribute("target");
      if (!e.defaultPrevented && elsewhere(target)) opening();
    });
    const submit = HTMLFormElement.prototype.submit;
    HTMLFormElement.prototype.submit = function () {
      if (navigates(this, null)) navigating(null);
      return submit.call(this);
    };
    // depth: how many tracked timers or frames led to the code running now. A callback runs
    // at its own depth, so what it sets is counted one level deeper, and past CHAIN never:
    // an animation loop or a self-rescheduling poller stops counting after CHAIN rounds
    let depth = 0;
    const at = (level, fn) => function () {
      const outer = depth;
      depth = level;
      try { return fn.apply(this, arguments); } finally { depth = outer; }
    };
    window.setTimeout = function (handler, delay, ...args) {
      const ms = Number(delay) || 0;
      if (typeof handler !== "function" || ms > HORIZON) {
        return set.call(window, handler, delay, ...args);
      }
      if (depth >= CHAIN) return set.call(window, at(CHAIN, handler), delay, ...args);
      const run = at(depth + 1, handler);
      const id = set.call(window, function () {
        s.pending.delete(id);
        return run.apply(this, arguments);
      }, delay, ...args);
      s.pending.set(id, performance.now() + ms);
      return id;
    };
    window.clearTimeout = function (id) { s.pending.delete(id); return clearT.call(window, id); };
    window.clearInterval = function (id) { s.pending.delete(id); return clearI.call(window, id); };
    // an animation frame is a timer due at the next frame: what it renders is waited for
    const frame = window.requestAnimationFrame, cancelFrame = window.cancelAnimationFrame;
    const frames = new Map();  // frame id -> its key in pending
    window.requestAnimationFrame = function (callback) {
      if (typeof callback !== "function") return frame.call(window, callback);
      if (depth >= CHAIN) return frame.call(window, at(CHAIN, callback));
      const run = at(depth + 1, callback), key = {};
      const id = frame.call(window, function () {
        s.pending.delete(key);
        frames.delete(id);
        return run.apply(this, arguments);
      });
      s.pending.set(key, performance.now());
      frames.set(id, key);
      return id;
    };
    window.cancelAnimationFrame = function (id) {
      s.pending.delete(frames.get(id));
      frames.delete(id);
      return cancelFrame.call(window, id);
    };
  }
  const now = performance.now();
  let timers = 0;  // one long overdue was cleared some way the probe does not see
  for (const due of s.pending.values()) if (due > now - HORIZON) timers += 1;
  // when the load event's handlers were done (null: not yet, or no navigation entry)
  const entry = performance.getEntriesByType("navigation")[0];
  const loadEnd = entry && entry.loadEventEnd > 0 ? entry.loadEventEnd : null;
  return { doc: s.doc, ready: document.readyState, sinceChange: now - s.lastChange,
           loadedFor: loadEnd === null ? null : now - loadEnd,
           loadEnd: loadEnd === null ? null : performance.timeOrigin + loadEnd,
           changes: s.changes, navFor: s.navAt === null ? null : now - s.navAt,
           openFor: s.openAt === null ? null : now - s.openAt, timers, fromStart: s.fromStart };
})()
