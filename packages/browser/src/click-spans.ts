// Clicks as `click` spans. The span is the active one while the page's click handlers
// (and the promise jobs they queue) run, so the requests they start are its children and
// one trace goes from the click to the backend.
import { elementSelector, elementText } from './element-selector.ts';
import type { Tracer } from './tracer.ts';

const CONTROLS = 'a, button, input, select, textarea, summary, label, [role="button"], [role="link"], [onclick]';

export function instrumentClicks(tracer: Tracer): () => void {
  const onClick = (event: MouseEvent) => {
    if (!(event.target instanceof Element)) return;
    // The icon inside a button is not what the user meant to press: name the control.
    const target = event.target.closest(CONTROLS) ?? event.target;
    const span = tracer.startSpan('click', {
      parent: null,
      attributes: {
        'target.selector': elementSelector(target),
        'target.tag': target.tagName.toLowerCase(),
        'target.text': elementText(target),
      },
    });
    tracer.active = span.context;
    // A task queued now runs after the event's dispatch to every handler has finished.
    setTimeout(() => {
      if (tracer.active === span.context) tracer.active = undefined;
      span.end();
    });
  };
  // Capture on window: runs before any handler of the page.
  addEventListener('click', onClick, true);
  return () => removeEventListener('click', onClick, true);
}
