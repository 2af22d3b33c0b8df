// The network's other nodes, for failover (docs/web-client.md#failover): the list comes from GET /network/nodes on
// the node that served the page, refreshed while the call lasts. A client whose node shuts down or stops answering
// reconnects to another node and resumes there; each node's public URL is its origin.

const REFRESH_EVERY_MS = 30000;

export class NodeDirectory {
  constructor(home = location.origin) {
    this.home = home;
    this.current = home;
    this.known = [home];
    this.avoid = new Set();
  }

  /** Fetches the list now and then every 30 s (the page's own node answers; a dead one keeps the last list). */
  watch() {
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_EVERY_MS);
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Reads the list from the node in use (any node answers it, across origins too), else from the page's own. */
  async refresh() {
    for (const origin of [...new Set([this.current, this.home])]) {
      try {
        const res = await fetch(`${origin === location.origin ? '' : origin}/network/nodes`, { cache: 'no-store' });
        if (!res.ok) continue;
        const body = await res.json();
        const urls = (body.nodes || []).map((n) => originOf(n.url)).filter(Boolean);
        // Sorted, so that going round the list reaches every node whichever one we are on.
        if (urls.length) this.known = [...new Set([this.current, ...urls])].sort();
        return;
      } catch {
        // that node is not answering (or, for another origin, allows no cross-origin read): try the next
      }
    }
  }

  /** The node that is going away: not tried again during this call unless it is the only one. */
  leaving(origin = this.current) {
    this.avoid.add(origin);
  }

  /**
   * Where the next connection attempt goes: the first attempt after a plain drop retries the same node (a blip);
   * later ones, and any after a node said it is shutting down, go round the list to the next node not going away,
   * so that every node is tried in turn.
   */
  next(attempt) {
    if (attempt < 1 && !this.avoid.has(this.current)) return this.current;
    const n = this.known.length;
    const at = Math.max(0, this.known.indexOf(this.current));
    for (let k = 1; k <= n; k += 1) {
      const candidate = this.known[(at + k) % n];
      if (!this.avoid.has(candidate)) {
        this.current = candidate;
        return candidate;
      }
    }
    this.current = this.known[(at + 1) % n]; // every node said it is going away: keep trying them anyway
    return this.current;
  }

  /** ws(s)://host of the current node. */
  socketBase() {
    return this.current.replace(/^http/, 'ws');
  }
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
