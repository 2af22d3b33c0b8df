// Line icons for the call controls, drawn here (no icon font, no CDN). Decorative: the button's text names it.
const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  mic: ['M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3z', 'M19 11a7 7 0 0 1-14 0', 'M12 18v3', 'M8 21h8'],
  micOff: ['M9 9v2a3 3 0 0 0 5.1 2.1', 'M15 9.3V5a3 3 0 0 0-5.7-1.3', 'M19 11a7 7 0 0 1-1.2 3.9', 'M5 11a7 7 0 0 0 10.6 6',
    'M12 18v3', 'M8 21h8', 'M3 3l18 18'],
  camera: ['M3 7h12v10H3z', 'M15 10.5l6-3.5v10l-6-3.5'],
  cameraOff: ['M3 7h2', 'M9 7h6v6', 'M15 17H3V7', 'M15 10.5l6-3.5v10l-6-3.5', 'M3 3l18 18'],
  share: ['M3 4h18v12H3z', 'M8 20h8', 'M12 16v4', 'M12 13V7', 'M9 10l3-3 3 3'],
  chat: ['M4 5h16v11H9l-5 4z'],
  invite: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2.5 20a6.5 6.5 0 0 1 13 0', 'M19 8v6', 'M16 11h6'],
  leave: ['M10 17H5V5h5', 'M14 8l4 4-4 4', 'M18 12H9'],
  end: ['M12 3v8', 'M6.3 6.3a8 8 0 1 0 11.4 0'],
  record: ['M12 20a8 8 0 1 0 0-16 8 8 0 0 0 0 16z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  consent: ['M12 21s-7-3.5-7-10V5l7-2.5L19 5v6c0 6.5-7 10-7 10z', 'M8.5 12l2.5 2.5 4.5-5'],
};

export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}`);
  for (const d of PATHS[name] || []) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
