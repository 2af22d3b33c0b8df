// Drives the IFrame API exactly as a portal would: create, listen, command, dispose.
const EVENTS = ['videoConferenceJoined', 'videoConferenceLeft', 'participantJoined', 'participantLeft',
  'audioMuteStatusChanged', 'videoMuteStatusChanged', 'screenSharingStatusChanged', 'readyToClose'];

const form = document.getElementById('start');
const params = new URLSearchParams(location.search);
for (const k of ['room', 'jwt', 'name']) if (params.get(k)) form.elements[k].value = params.get(k);

let api = null;

function log(name, data) {
  const li = document.createElement('li');
  li.dataset.event = name;
  li.textContent = `${name} ${JSON.stringify(data)}`;
  document.getElementById('events').append(li);
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (api) api.dispose();
  // eslint-disable-next-line no-undef
  // ?domain= lets the example embed a node under another origin (e.g. http://localhost:8080 from 127.0.0.1).
  api = new JitsiMeetExternalAPI(params.get('domain') || location.host, {
    roomName: form.elements.room.value,
    jwt: form.elements.jwt.value,
    parentNode: document.getElementById('meet'),
    width: '100%',
    height: 480,
    userInfo: { displayName: form.elements.name.value || undefined },
  });
  for (const name of EVENTS) api.addListener(name, (data) => log(name, data));
  window.konsilApi = api;
  document.getElementById('commands').hidden = false;
});

document.getElementById('commands').addEventListener('click', (ev) => {
  const cmd = ev.target.dataset.command;
  if (!api || !cmd) return;
  if (cmd === 'displayName') api.executeCommand('displayName', 'Portal user');
  else api.executeCommand(cmd);
});

document.getElementById('dispose').addEventListener('click', () => {
  if (api) api.dispose();
  api = null;
  log('disposed', {});
});
