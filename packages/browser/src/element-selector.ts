// A short, readable CSS selector and text for the element a user clicked, for the
// `click` span. The text is trimmed: it is for recognising the button, not for copying the page.

const MAX_DEPTH = 4;
const MAX_TEXT = 64;

export function elementSelector(element: Element): string {
  const parts: string[] = [];
  for (let current: Element | null = element; current && parts.length < MAX_DEPTH; current = current.parentElement) {
    if (current.id) {
      parts.unshift('#' + CSS.escape(current.id));
      break;
    }
    const classes = [...current.classList].slice(0, 2).map((name) => '.' + CSS.escape(name));
    parts.unshift(current.tagName.toLowerCase() + classes.join(''));
    if (current === document.body) break;
  }
  return parts.join(' > ');
}

export function elementText(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}
