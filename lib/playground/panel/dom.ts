// Small DOM helpers of the panel: every control is a native element (keyboard-operable by default) with a <label>.

let uid = 0;
/** A page-unique id for a control (several panels share a page). */
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/** An element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) e.append(c);
  return e;
}

/** A <label> + control pair in one row. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || nextId("pg");
  control.id = id;
  return el("div", { class: "pg-field" }, [el("label", { for: id, text: label, title: hint }), control]);
}

/** A <select> of (value, label) pairs. */
export function select(options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const s = el("select");
  for (const [v, label] of options) s.append(el("option", { value: v, text: label, selected: v === value }));
  s.value = value;
  return s;
}

/** A number input. */
export function numberInput(value: number, min: number, max: number, step: number | "any"): HTMLInputElement {
  return el("input", { type: "number", value, min, max, step, inputmode: "decimal" });
}

/** A button with visible text and an optional longer accessible name. */
export function button(text: string, label?: string, cls = "pg-button"): HTMLButtonElement {
  return el("button", { type: "button", class: cls, text, "aria-label": label, title: label });
}

/** A canvas with an accessible description. */
export function canvas(width: number, height: number, label: string, cls: string): HTMLCanvasElement {
  return el("canvas", { width, height, role: "img", "aria-label": label, class: cls });
}
