/*
 * Konsil IFrame API, shaped like Jitsi Meet's JitsiMeetExternalAPI so that a portal embedding Jitsi can switch by
 * changing the script URL. See docs/embedding.md.
 *
 *   const api = new JitsiMeetExternalAPI('konsil.example.no', { roomName, jwt, parentNode, width, height, userInfo });
 *   api.addListener('videoConferenceJoined', e => ...);
 *   api.executeCommand('toggleAudio');
 *   api.dispose();
 */
(function (global) {
  'use strict';

  var PROTOCOL = 'konsil-iframe-api';
  var scriptSrc = (document.currentScript && document.currentScript.src) || '';

  function baseUrl(domain, options) {
    if (/^https?:\/\//i.test(domain)) return domain.replace(/\/+$/, '');
    var scheme = 'https:';
    if (options.noSSL) {
      scheme = 'http:';
    } else if (scriptSrc) {
      // Served by the Konsil node itself: reuse its scheme (http on a developer's machine).
      var s = new URL(scriptSrc);
      if (s.host === domain) scheme = s.protocol;
    }
    return scheme + '//' + domain;
  }

  function size(v, fallback) {
    if (v === undefined || v === null || v === '') return fallback;
    return typeof v === 'number' ? v + 'px' : String(v);
  }

  function JitsiMeetExternalAPI(domain, options) {
    if (!(this instanceof JitsiMeetExternalAPI)) return new JitsiMeetExternalAPI(domain, options);
    if (typeof options !== 'object' || options === null) {
      // Jitsi's legacy positional signature: (domain, roomName, width, height, parentNode, configOverwrite, ...).
      options = { roomName: arguments[1], width: arguments[2], height: arguments[3], parentNode: arguments[4],
        configOverwrite: arguments[5], interfaceConfigOverwrite: arguments[6], jwt: arguments[8] };
    }
    this._options = options;
    this._origin = new URL(baseUrl(domain, options)).origin;
    this._listeners = {};
    this._pending = {};
    this._requestSeq = 0;
    this._audioMuted = false;
    this._videoMuted = false;
    this._participants = {};
    this._disposed = false;

    var params = [];
    params.push('konsil.parent=' + encodeURIComponent(window.location.origin));
    var info = options.userInfo || {};
    if (info.displayName) params.push('userInfo.displayName=' + encodeURIComponent(info.displayName));
    if (info.email) params.push('userInfo.email=' + encodeURIComponent(info.email));
    var cfg = options.configOverwrite || {};
    if (cfg.startWithAudioMuted) params.push('config.startWithAudioMuted=true');
    if (cfg.startWithVideoMuted) params.push('config.startWithVideoMuted=true');
    if (options.lang) params.push('lang=' + encodeURIComponent(options.lang));

    var src = this._origin + '/' + encodeURIComponent(options.roomName || '') +
      (options.jwt ? '?jwt=' + encodeURIComponent(options.jwt) : '') + '#' + params.join('&');

    var frame = document.createElement('iframe');
    frame.src = src;
    frame.name = 'konsilIframe' + Math.floor(Math.random() * 1e9);
    frame.id = frame.name;
    frame.allow = 'camera; microphone; display-capture; autoplay; clipboard-write; fullscreen';
    frame.setAttribute('allowfullscreen', 'true');
    frame.title = options.title || 'Konsil video consultation';
    frame.style.border = '0';
    frame.style.width = size(options.width, '100%');
    frame.style.height = size(options.height, '100%');
    if (options.iframeReferrerPolicy) frame.referrerPolicy = options.iframeReferrerPolicy;
    this._frame = frame;
    (options.parentNode || document.body).appendChild(frame);

    var self = this;
    this._onMessage = function (ev) {
      // Only the frame we created, speaking from Konsil's origin, is listened to.
      if (ev.source !== frame.contentWindow || ev.origin !== self._origin) return;
      var msg = ev.data;
      if (!msg || msg.protocol !== PROTOCOL) return;
      if (msg.kind === 'response') {
        var resolve = self._pending[msg.requestId];
        delete self._pending[msg.requestId];
        if (resolve) resolve(msg.result);
        return;
      }
      if (msg.kind !== 'event') return;
      var data = msg.data || {};
      switch (msg.name) {
        case 'audioMuteStatusChanged': self._audioMuted = !!data.muted; break;
        case 'videoMuteStatusChanged': self._videoMuted = !!data.muted; break;
        case 'participantJoined': self._participants[data.id] = data; break;
        case 'participantLeft': delete self._participants[data.id]; break;
        default: break;
      }
      self._emit(msg.name, data);
    };
    window.addEventListener('message', this._onMessage);
  }

  JitsiMeetExternalAPI.prototype._emit = function (name, data) {
    var list = (this._listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try { list[i](data); } catch (e) { setTimeout(function () { throw e; }); }
    }
  };

  JitsiMeetExternalAPI.prototype._post = function (msg) {
    if (this._disposed || !this._frame.contentWindow) return;
    msg.protocol = PROTOCOL;
    this._frame.contentWindow.postMessage(msg, this._origin);
  };

  JitsiMeetExternalAPI.prototype.addListener = function (name, fn) {
    (this._listeners[name] = this._listeners[name] || []).push(fn);
    return this;
  };
  JitsiMeetExternalAPI.prototype.addEventListener = JitsiMeetExternalAPI.prototype.addListener;
  JitsiMeetExternalAPI.prototype.on = JitsiMeetExternalAPI.prototype.addListener;

  JitsiMeetExternalAPI.prototype.addEventListeners = function (map) {
    for (var k in map) if (Object.prototype.hasOwnProperty.call(map, k)) this.addListener(k, map[k]);
  };

  JitsiMeetExternalAPI.prototype.removeListener = function (name, fn) {
    var list = this._listeners[name] || [];
    var i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  };
  JitsiMeetExternalAPI.prototype.removeEventListener = JitsiMeetExternalAPI.prototype.removeListener;
  JitsiMeetExternalAPI.prototype.off = JitsiMeetExternalAPI.prototype.removeListener;
  JitsiMeetExternalAPI.prototype.removeAllListeners = function (name) {
    if (name) delete this._listeners[name]; else this._listeners = {};
    return this;
  };

  JitsiMeetExternalAPI.prototype.executeCommand = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    this._post({ kind: 'command', name: name, args: args });
  };

  JitsiMeetExternalAPI.prototype.executeCommands = function (map) {
    for (var k in map) if (Object.prototype.hasOwnProperty.call(map, k)) this.executeCommand.apply(this, [k].concat(map[k]));
  };

  JitsiMeetExternalAPI.prototype._request = function (name) {
    var self = this;
    return new Promise(function (resolve) {
      self._requestSeq += 1;
      var id = String(self._requestSeq);
      self._pending[id] = resolve;
      self._post({ kind: 'request', name: name, requestId: id });
    });
  };

  JitsiMeetExternalAPI.prototype.isAudioMuted = function () { return this._request('isAudioMuted'); };
  JitsiMeetExternalAPI.prototype.isVideoMuted = function () { return this._request('isVideoMuted'); };
  JitsiMeetExternalAPI.prototype.getParticipantsInfo = function () {
    var out = [];
    for (var k in this._participants) out.push({ participantId: k, displayName: this._participants[k].displayName });
    return out;
  };
  JitsiMeetExternalAPI.prototype.getNumberOfParticipants = function () {
    return Object.keys(this._participants).length + 1;
  };
  JitsiMeetExternalAPI.prototype.getIFrame = function () { return this._frame; };

  JitsiMeetExternalAPI.prototype.dispose = function () {
    if (this._disposed) return;
    this._disposed = true;
    window.removeEventListener('message', this._onMessage);
    this._listeners = {};
    // Removed at once, as Jitsi does: the call page says goodbye to the server itself when its frame goes away
    // (pagehide), so the others see the user leave rather than "reconnecting".
    var frame = this._frame;
    if (frame.parentNode) frame.parentNode.removeChild(frame);
  };

  global.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
})(window);
