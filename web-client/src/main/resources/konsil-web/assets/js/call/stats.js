// Connection quality from getStats() every 2 s: the nominated pair's round trip and the inbound loss since the last
// sample, of the worst peer.
import { qualityLevel } from './peer.js';

export class Quality {
  constructor(onUpdate) {
    this.onUpdate = onUpdate;
    this.last = { level: 'unknown', rtt: null, loss: 0 };
    this.timer = null;
  }

  start(mesh) {
    this.stop();
    this.timer = setInterval(async () => {
      const samples = await mesh.samples();
      const rtts = samples.map((s) => s.rtt).filter((x) => x != null);
      this.last = {
        level: qualityLevel(samples),
        rtt: rtts.length ? Math.max(...rtts) : null,
        loss: samples.length ? Math.max(...samples.map((s) => s.loss)) : 0,
      };
      this.onUpdate(this.last);
    }, 2000);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  params() {
    return {
      rtt: this.last.rtt == null ? '–' : Math.round(this.last.rtt * 1000),
      loss: (this.last.loss * 100).toFixed(1),
    };
  }
}
