// The active speaker: the loudest remote participant, from the audio level the browser measures on each incoming
// stream (getStats inbound-rtp audioLevel, 0..1), with a hold so that the emphasis does not flicker between two
// people talking over each other.

const THRESHOLD = 0.03;
const HOLD_MS = 1500;

export class Speakers {
  /**
   * @param {() => Promise<Map<string, number>>} levels  audio level per participant id
   * @param {(id: string|null) => void} onChange
   */
  constructor(levels, onChange) {
    this.levels = levels;
    this.onChange = onChange;
    this.current = null;
    this.since = 0;
    this.timer = null;
  }

  start() {
    this.stop();
    this.timer = setInterval(() => this.sample(), 500);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async sample() {
    let levels;
    try {
      levels = await this.levels();
    } catch {
      return;
    }
    let loudest = null;
    let max = THRESHOLD;
    levels.forEach((level, id) => {
      if (level > max) {
        max = level;
        loudest = id;
      }
    });
    const now = Date.now();
    if (this.current && !levels.has(this.current)) this.set(null, now);
    if (!loudest || loudest === this.current) {
      if (loudest) this.since = now;
      return;
    }
    // Someone else is louder: take over once the current speaker has been quiet (or is gone) for the hold.
    if (!this.current || now - this.since >= HOLD_MS || (levels.get(this.current) || 0) < THRESHOLD) this.set(loudest, now);
  }

  set(id, now) {
    this.current = id;
    this.since = now;
    this.onChange(id);
  }
}
