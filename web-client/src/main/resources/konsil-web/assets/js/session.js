// The signed-in user (demo sign-in or a token handed over by a portal). Kept per tab, never in localStorage.

const KEY = 'konsil.session';

export function decodeJwt(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(escape(atob(part + '='.repeat((4 - (part.length % 4)) % 4))));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** The user as the token describes it; for display only, the server decides what the token allows. */
export function userFromJwt(jwt) {
  const claims = decodeJwt(jwt);
  const u = (claims.context && claims.context.user) || {};
  const moderator = u.moderator === true || u.moderator === 'true' || claims.moderator === true || claims.moderator === 'true';
  return { id: u.id || claims.sub, name: u.name || '', role: u.role || (moderator ? 'gp' : 'patient'), hospital: u.hospital, moderator, exp: claims.exp };
}

export function getSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && s.jwt) {
      const exp = userFromJwt(s.jwt).exp;
      if (exp && exp * 1000 < Date.now()) {
        clearSession();
        return null;
      }
    }
    return s;
  } catch {
    return null;
  }
}

export function setSession(jwt, user) {
  const s = { jwt, user: { ...userFromJwt(jwt), ...(user || {}) } };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export function isClinician(role) {
  return role === 'gp' || role === 'specialist' || role === 'nurse';
}

/** Where a role's app starts: the agenda for clinicians, the audit trail for admins, the search for everyone else. */
export function homeRoute(role) {
  if (isClinician(role)) return 'agenda';
  return role === 'admin' ? 'audit' : 'search';
}
