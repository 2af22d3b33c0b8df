// The call page's half of the IFrame API (external_api.js is the other half). Messages are accepted only from the
// parent window, and only when the parent's origin is Konsil's own or one of the node's --embed-origins.

const PROTOCOL = 'konsil-iframe-api';

export function allowedParentOrigins() {
  const meta = document.querySelector('meta[name="konsil-embed-origins"]');
  const list = ((meta && meta.content) || '').split(/[\s,]+/).filter((o) => o && !o.includes('{{'));
  return new Set([location.origin, ...list]);
}

/** Returns a bridge when this page is framed by an allowed parent that announced itself, else null. */
export function createBridge(parentOrigin) {
  if (window.parent === window || !parentOrigin) return null;
  if (!allowedParentOrigins().has(parentOrigin)) {
    console.warn('konsil: parent origin not allowed for the IFrame API', parentOrigin);
    return null;
  }
  const commandHandlers = [];
  let requestHandler = () => null;
  window.addEventListener('message', (ev) => {
    if (ev.source !== window.parent || ev.origin !== parentOrigin) return;
    const msg = ev.data;
    if (!msg || msg.protocol !== PROTOCOL) return;
    if (msg.kind === 'command') {
      for (const fn of commandHandlers) fn(String(msg.name), Array.isArray(msg.args) ? msg.args : []);
    } else if (msg.kind === 'request') {
      let result = null;
      try {
        result = requestHandler(String(msg.name), msg.args || []);
      } catch { /* answered with null */ }
      window.parent.postMessage({ protocol: PROTOCOL, kind: 'response', requestId: msg.requestId, result }, parentOrigin);
    }
  });
  const bridge = {
    emit(name, data) {
      window.parent.postMessage({ protocol: PROTOCOL, kind: 'event', name, data: data || {} }, parentOrigin);
    },
    onCommand(fn) {
      commandHandlers.push(fn);
    },
    onRequest(fn) {
      requestHandler = fn;
    },
  };
  bridge.emit('iframeReady', {});
  return bridge;
}
