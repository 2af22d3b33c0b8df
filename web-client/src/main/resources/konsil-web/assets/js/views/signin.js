// Demo sign-in (--demo nodes) or a token pasted from an identity provider.
import { h, clear, field } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { setSession, homeRoute, userFromJwt } from '../session.js';
import { errorNotice, loading, roleLabel } from './util.js';

const ORDER = ['patient', 'gp', 'specialist', 'nurse', 'interpreter', 'admin'];

export function signInView(root, { navigate }) {
  root.append(h('h1', {}, t('signin.title')), h('p', { class: 'muted' }, t('signin.intro')));
  const demo = h('section', { 'aria-labelledby': 'demo-title' }, loading());
  root.append(demo);

  function done(jwt, user) {
    setSession(jwt, user);
    navigate(homeRoute(userFromJwt(jwt).role || (user && user.role)));
  }

  api('/demo/users').then((res) => {
    clear(demo);
    const users = (res && res.items) || [];
    demo.append(h('h2', { id: 'demo-title' }, t('signin.demoTitle')));
    for (const role of ORDER) {
      const group = users.filter((u) => u.role === role).slice(0, role === 'patient' ? 8 : 6);
      if (!group.length) continue;
      demo.append(h('h3', {}, roleLabel(role)));
      demo.append(h('div', { class: 'users' }, group.map((u) => h('button', {
        type: 'button',
        class: 'demo-user',
        dataset: { userId: u.id, role: u.role },
        onclick: async (ev) => {
          ev.currentTarget.disabled = true;
          try {
            const r = await api('/demo/sign-in', { method: 'POST', body: { userId: u.id }, anonymous: true });
            done(r.jwt, r.user);
          } catch (e) {
            demo.prepend(errorNotice(e));
            ev.currentTarget.disabled = false;
          }
        },
      }, h('span', {}, u.name), h('span', { class: 'sub' }, [u.hospital, (u.specialties || []).join(', ')].filter(Boolean).join(' · '))))));
    }
  }).catch(() => {
    clear(demo);
    demo.append(h('p', { class: 'notice' }, t('signin.noDemo')));
  });

  const tokenInput = h('textarea', { id: 'token-input', autocomplete: 'off', spellcheck: false, rows: 3 });
  root.append(h('section', { class: 'card', 'aria-labelledby': 'token-title' },
    h('h2', { id: 'token-title' }, t('signin.tokenTitle')),
    h('p', { class: 'muted' }, t('signin.tokenIntro')),
    h('form', {
      onsubmit: (ev) => {
        ev.preventDefault();
        const jwt = tokenInput.value.trim();
        if (jwt.split('.').length !== 3) {
          tokenInput.setAttribute('aria-invalid', 'true');
          return;
        }
        done(jwt, null);
      },
    }, field(t('signin.token'), tokenInput), h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signin.useToken'))))));
}
