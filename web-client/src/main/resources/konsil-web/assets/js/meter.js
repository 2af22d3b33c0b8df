// A microphone level meter (WebAudio AnalyserNode), shared by the pre-join screen and the device check.

let shared = null;

export function audioContext() {
  if (!shared) shared = new (window.AudioContext || window.webkitAudioContext)();
  if (shared.state === 'suspended') shared.resume();
  return shared;
}

/**
 * Moves {@code bar}'s width with the level of {@code track}; {@code onHeard} is called once the level is clearly above
 * silence. Returns a function that stops the meter.
 */
export function startMeter(track, bar, meter, onHeard) {
  const ac = audioContext();
  const source = ac.createMediaStreamSource(new MediaStream([track]));
  const analyser = ac.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  let heard = false;
  let raf = 0;
  const tick = () => {
    analyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (let i = 0; i < data.length; i += 1) sum += data[i] * data[i];
    const pct = Math.min(100, Math.round(Math.sqrt(sum / data.length) * 400));
    bar.style.width = `${pct}%`;
    meter.setAttribute('aria-valuenow', String(pct));
    if (!heard && pct > 3) {
      heard = true;
      if (onHeard) onHeard();
    }
    raf = requestAnimationFrame(tick);
  };
  tick();
  return () => {
    cancelAnimationFrame(raf);
    source.disconnect();
    // A running audio context costs CPU for the whole call; it wakes up again for the next meter or tone.
    ac.suspend().catch(() => {});
  };
}

/** A one-second test tone, through the chosen speakers where the browser lets a page choose. */
export async function testTone(speakerId) {
  const ac = audioContext();
  if (speakerId && typeof ac.setSinkId === 'function') {
    try {
      await ac.setSinkId(speakerId);
    } catch { /* the default output plays it */ }
  }
  const osc = ac.createOscillator();
  const gain = ac.createGain();
  osc.frequency.value = 440;
  gain.gain.setValueAtTime(0.0001, ac.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.2, ac.currentTime + 0.05);
  gain.gain.exponentialRampToValueAtTime(0.0001, ac.currentTime + 1.0);
  osc.connect(gain).connect(ac.destination);
  osc.start();
  osc.stop(ac.currentTime + 1.05);
  osc.onended = () => ac.suspend().catch(() => {});
}
