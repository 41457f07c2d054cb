/** A few DOM helpers: elements built once, then only their text changes (no re-render, no layout shift, focus kept). */

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Sets text only when it differs, so an unchanged figure costs nothing. */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Toggles a class only when needed. */
export function setClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}

/** Replaces a container's children only when `signature` changed since the last call. */
export function renderIfChanged(container: HTMLElement, signature: string, build: () => Node[]): boolean {
  if (container.dataset.signature === signature) return false;
  container.dataset.signature = signature;
  container.replaceChildren(...build());
  return true;
}
