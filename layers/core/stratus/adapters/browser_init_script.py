"""Init script added to every browser context.

Records elements that get click-like listeners (addEventListener or ``onclick``
properties; a ``drop`` listener marks a drop target) in ``window.__stratusClickables``
(a WeakSet), so the snapshot can list script-only clickable spans as interactive.
"""

CLICK_LISTENER_SCRIPT = r"""
(() => {
  if (window.__stratusClickables) return;
  const marked = new WeakSet();
  Object.defineProperty(window, "__stratusClickables", { value: marked, enumerable: false });
  const CLICKY = new Set([
    "click", "mousedown", "mouseup", "pointerdown", "pointerup", "dblclick", "drop",
  ]);
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (CLICKY.has(type) && this instanceof Element) marked.add(this);
    return add.call(this, type, listener, options);
  };
  for (const proto of [HTMLElement.prototype, SVGElement.prototype]) {
    for (const prop of ["onclick", "onmousedown", "onpointerdown"]) {
      const desc = Object.getOwnPropertyDescriptor(proto, prop);
      if (!desc || !desc.set) continue;
      Object.defineProperty(proto, prop, {
        ...desc,
        set(value) {
          if (typeof value === "function") marked.add(this);
          return desc.set.call(this, value);
        },
      });
    }
  }
})();
"""
