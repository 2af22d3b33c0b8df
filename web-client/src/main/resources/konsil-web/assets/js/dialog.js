// Confirmations for what cannot be undone, as a native modal <dialog>: focus moves into it, Escape cancels, and the
// focus returns to where it was. The safe choice has the focus first.
import { h } from './dom.js';

let open = null;

/** Resolves true when the user confirms, false on cancel or Escape. */
export function confirmDialog({ title, text, confirmLabel, cancelLabel, danger = true }) {
  if (open) open.close('cancel');
  const before = document.activeElement;
  const titleEl = h('h2', { id: 'confirm-title' }, title);
  const textEl = h('p', { id: 'confirm-text' }, text);
  const yes = h('button', { type: 'button', id: 'confirm-yes', class: danger ? 'danger' : 'ok' }, confirmLabel);
  const no = h('button', { type: 'button', id: 'confirm-no', class: 'secondary' }, cancelLabel);
  const dialog = h('dialog', {
    id: 'confirm-dialog', class: 'dialog', role: 'alertdialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text',
  }, titleEl, textEl, h('div', { class: 'actions' }, no, yes));
  document.body.append(dialog);
  open = dialog;
  return new Promise((resolve) => {
    yes.addEventListener('click', () => dialog.close('yes'));
    no.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('close', () => {
      open = null;
      dialog.remove();
      if (before && before.isConnected && typeof before.focus === 'function') before.focus();
      resolve(dialog.returnValue === 'yes');
    });
    dialog.showModal();
    no.focus();
  });
}
