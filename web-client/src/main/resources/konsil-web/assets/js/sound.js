// Two soft notes when someone knocks, so that a clinician reading notes hears it; one note when a patient is let in.
let ctx = null;

let idle = 0;

function notes(frequencies) {
  try {
    ctx = ctx || new AudioContext();
    if (ctx.state === 'suspended') ctx.resume();
    // Silence between knocks is not worth an audio thread: sleep once the notes are over.
    clearTimeout(idle);
    idle = setTimeout(() => ctx.suspend().catch(() => {}), 1500);
    const now = ctx.currentTime;
    frequencies.forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.08, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    });
    return true;
  } catch {
    return false; // no audio output: what is shown on screen still tells
  }
}

export function knockTone() {
  return notes([660, 880]);
}

export function admittedTone() {
  return notes([523, 784]);
}
