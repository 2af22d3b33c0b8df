// Pre-join, on one screen: your picture, camera / microphone / speaker pickers, "join with microphone off" and
// "camera off", your name, then Join. A blocked or missing device stops you here with what to do in this browser,
// Try again, and a knowing "continue without"; the thorough device check is behind a link.
import { h, clear, field } from '../dom.js';
import { t, onLanguageChange } from '../i18n.js';
import { LocalMedia, devicePrefs, browserFamily } from './media.js';
import { startMeter, testTone } from '../meter.js';

/** The text that explains a device problem in this browser. */
export function problemText(problems) {
  const kinds = [problems.camera, problems.microphone].filter(Boolean);
  const which = problems.camera && problems.microphone ? 'both' : problems.camera ? 'camera' : 'microphone';
  const kind = kinds.includes('denied') ? 'denied' : kinds.includes('insecure') ? 'insecure'
    : kinds.includes('busy') ? 'busy' : kinds.includes('notFound') ? 'notFound' : 'other';
  const lead = t(`prejoin.problem.${kind}.${which}`);
  const how = kind === 'denied' ? t(`prejoin.allow.${browserFamily()}`) : t(`prejoin.fix.${kind}`);
  return { lead, how, which, kind };
}

/**
 * Shows the pre-join screen in {@code root} and resolves with the choices once the person presses Join. {@code media}
 * is opened here and stays open for the call.
 */
export function prejoin(root, { labels, media, name, lobby, startAudioMuted, startVideoMuted, room, jwt }) {
  return new Promise((resolve) => {
    const L = labels;
    const prefs = devicePrefs.load();
    let accepted = false;
    let stopMeter = () => {};
    /** The device opening under way; Join waits for it. */
    let opening = Promise.resolve();

    const video = h('video', { autoplay: true, muted: true, playsInline: true, id: 'prejoin-preview', class: 'preview' });
    video.setAttribute('playsinline', '');
    L.bind(video, 'check.preview', 'label');
    const camOff = h('div', { class: 'preview-off', hidden: true });
    const bar = h('span', { id: 'prejoin-level' });
    const meter = h('div', { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, bar);
    L.bind(meter, 'check.micLevel', 'label');

    const nameIn = h('input', { id: 'prejoin-name', autocomplete: 'name', maxlength: 64, required: true, value: name || '' });
    const camSel = h('select', { id: 'prejoin-camera' });
    const micSel = h('select', { id: 'prejoin-microphone' });
    const spkSel = h('select', { id: 'prejoin-speaker' });
    const toneBtn = L.bind(h('button', { type: 'button', class: 'secondary', id: 'prejoin-tone', onclick: () => testTone(spkSel.value) }), 'check.playTone');
    const spkField = field(t('prejoin.speaker'), spkSel);
    spkField.append(toneBtn);
    spkField.hidden = true;
    const muted = h('input', { type: 'checkbox', id: 'prejoin-muted', checked: !!startAudioMuted });
    const camoff = h('input', { type: 'checkbox', id: 'prejoin-camoff', checked: !!startVideoMuted });
    const problem = h('div', { id: 'prejoin-problem', class: 'notice error problem', role: 'alert', hidden: true });
    const without = h('p', { id: 'prejoin-without', class: 'notice warn', hidden: true });
    const join = L.bind(h('button', { type: 'submit', id: 'prejoin-join', class: 'ok big' }), 'prejoin.join');
    // The device check leads back here with its own Join button.
    const check = L.bind(h('a', {
      id: 'prejoin-check', href: '/#/check?join=1', onclick: () => sessionStorage.setItem('konsil.pendingJoin', JSON.stringify({ room, jwt })),
    }), 'prejoin.thorough');
    const intro = L.bind(h('p', { class: 'muted' }), lobby ? 'prejoin.introLobby' : 'prejoin.introDirect');
    const title = L.bind(h('h1', { id: 'prejoin-title', tabindex: '-1' }), 'prejoin.title');

    const nameField = field(t('prejoin.name'), nameIn);
    const camField = field(t('prejoin.camera'), camSel);
    const micField = field(t('prejoin.microphone'), micSel);
    L.bind(nameField.querySelector('label'), 'prejoin.name');
    L.bind(camField.querySelector('label'), 'prejoin.camera');
    L.bind(micField.querySelector('label'), 'prejoin.microphone');
    L.bind(spkField.querySelector('label'), 'prejoin.speaker');
    const mutedLabel = h('label', { for: 'prejoin-muted', class: 'check' }, muted, ' ', L.bind(h('span'), 'prejoin.joinMuted'));
    const camoffLabel = h('label', { for: 'prejoin-camoff', class: 'check' }, camoff, ' ', L.bind(h('span'), 'prejoin.joinCameraOff'));

    const choices = h('fieldset', { class: 'choices' }, L.bind(h('legend', { class: 'sr-only' }), 'prejoin.startWith'), mutedLabel, camoffLabel);
    const form = h('form', { class: 'card prejoin-form', id: 'prejoin-form', novalidate: true, onsubmit: submit },
      problem, without, nameField, camField, micField, spkField,
      choices,
      h('div', { class: 'actions' }, join), h('p', { class: 'small' }, check));
    const meterWrap = h('div', { class: 'meter-wrap' }, L.bind(h('div', { class: 'label', id: 'prejoin-level-label' }), 'check.micLevel'), meter);
    const view = h('section', { class: 'prejoin', id: 'prejoin', 'aria-labelledby': 'prejoin-title' },
      title, intro,
      h('div', { class: 'prejoin-grid' },
        h('div', { class: 'prejoin-media' }, h('div', { class: 'preview-wrap' }, video, camOff), meterWrap),
        form));
    clear(root).append(view);
    title.focus();

    function fill(select, list, chosen, key) {
      clear(select);
      list.forEach((d, i) => select.append(h('option', { value: d.deviceId, selected: d.deviceId === chosen }, d.label || t(key, { n: i + 1 }))));
      // Nothing to choose from (blocked, or none connected): the problem above says so, an empty list would not.
      select.closest('.field').hidden = list.length === 0;
    }

    async function listDevices() {
      const all = await LocalMedia.list().catch(() => ({ cameras: [], microphones: [], speakers: [] }));
      fill(camSel, all.cameras, media.chosen.camera, 'prejoin.cameraN');
      fill(micSel, all.microphones, media.chosen.microphone, 'prejoin.microphoneN');
      fill(spkSel, all.speakers, prefs.speakerId, 'prejoin.speakerN');
      spkField.hidden = !all.speakers.length || typeof HTMLMediaElement.prototype.setSinkId !== 'function';
    }

    async function openDevices(choice) {
      stopMeter();
      await media.open(choice);
      video.srcObject = media.stream;
      const mic = media.micTrack;
      if (mic) {
        try {
          stopMeter = startMeter(mic, bar, meter);
        } catch { /* no Web Audio: the meter stays still */ }
      }
      showCamOff();
      // Switches and the meter only for devices that are there.
      mutedLabel.hidden = !mic;
      meterWrap.hidden = !mic;
      camoffLabel.hidden = !media.cameraTrack;
      choices.hidden = !mic && !media.cameraTrack;
      showProblem();
      await listDevices();
    }

    function showProblem() {
      const p = media.problems;
      const failing = !!(p.camera || p.microphone);
      if (!failing) {
        problem.hidden = true;
        without.hidden = true;
        join.hidden = false;
        return;
      }
      const { lead, how, which } = problemText(p);
      clear(problem).append(
        h('h2', { id: 'prejoin-problem-title' }, lead),
        h('p', {}, how),
        h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'prejoin-retry', onclick: retry }, t('prejoin.retry')),
          h('button', { type: 'button', class: 'secondary', id: 'prejoin-continue-without', onclick: continueWithout }, t(`prejoin.continueWithout.${which}`))));
      // The person is stopped here until they act: fix it and try again, or knowingly continue without.
      problem.hidden = accepted;
      without.hidden = !accepted;
      without.textContent = t(`prejoin.withoutNote.${which}`);
      join.hidden = !accepted;
    }

    async function retry() {
      accepted = false;
      opening = openDevices({ cameraId: camSel.value || prefs.cameraId, microphoneId: micSel.value || prefs.microphoneId });
      await opening;
      (problem.hidden ? join : problem.querySelector('button')).focus();
    }

    function continueWithout() {
      accepted = true;
      showProblem();
      join.focus();
    }

    camSel.addEventListener('change', () => {
      devicePrefs.save({ cameraId: camSel.value });
      opening = openDevices({ cameraId: camSel.value, microphoneId: micSel.value });
    });
    micSel.addEventListener('change', () => {
      devicePrefs.save({ microphoneId: micSel.value });
      opening = openDevices({ cameraId: camSel.value, microphoneId: micSel.value });
    });
    spkSel.addEventListener('change', () => devicePrefs.save({ speakerId: spkSel.value }));
    function showCamOff() {
      camOff.textContent = t(media.cameraTrack ? 'call.cameraIsOff' : 'call.noCamera');
      camOff.hidden = !!media.cameraTrack && !camoff.checked;
    }
    camoff.addEventListener('change', showCamOff);

    async function submit(ev) {
      ev.preventDefault();
      const chosenName = nameIn.value.trim();
      if (!chosenName) {
        nameIn.setAttribute('aria-invalid', 'true');
        nameIn.focus();
        return;
      }
      // Join pressed while the camera is still starting: decide once it has (a blocked device still stops here).
      join.disabled = true;
      await opening;
      join.disabled = false;
      if (join.hidden) {
        problem.querySelector('button').focus();
        return;
      }
      stopMeter();
      offLang();
      resolve({
        name: chosenName,
        audioMuted: muted.checked,
        videoMuted: camoff.checked,
        speakerId: spkField.hidden ? null : spkSel.value || null,
      });
    }

    // What is built from the state (the problem, the picture's placeholder) follows a language switch too.
    const offLang = onLanguageChange(() => {
      showProblem();
      showCamOff();
    });
    opening = openDevices({ cameraId: prefs.cameraId, microphoneId: prefs.microphoneId });
  });
}
