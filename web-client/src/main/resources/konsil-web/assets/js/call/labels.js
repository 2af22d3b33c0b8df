// Texts that follow the language switch without re-rendering (a running call must not be interrupted).
import { t } from '../i18n.js';

export class Labels {
  constructor() {
    this.bound = [];
  }

  /** Binds el's text (kind 'text'), accessible name ('label') or placeholder to a key; params may be a function. */
  bind(el, key, kind = 'text', params) {
    const b = { el, key, kind, params };
    this.bound.push(b);
    Labels.apply(b);
    return el;
  }

  applyAll() {
    this.bound = this.bound.filter((b) => b.el.isConnected || b.keep);
    this.bound.forEach(Labels.apply);
  }

  static apply({ el, key, kind, params }) {
    const text = t(key, typeof params === 'function' ? params() : params);
    if (kind === 'text') el.textContent = text;
    else if (kind === 'label') el.setAttribute('aria-label', text);
    else if (kind === 'title') el.title = text;
    else if (kind === 'placeholder') el.placeholder = text;
  }
}
