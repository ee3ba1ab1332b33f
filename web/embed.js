// Embeddable widget: <script src="https://host/embed.js" defer></script> adds a floating
// 医保问答 button that opens the chat page in a panel (full screen on phones). Everything lives in
// a shadow root, so the host page's styles neither leak in nor get changed.
//   data-title="…"    the panel's title (default 医保政策问答)
//   data-welcome="…"  the greeting the chat shows before the first question
// Esc closes the panel, also from inside the chat (which posts `yibao:close` to this page).
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__yibaoEmbedLoaded) return;
  window.__yibaoEmbedLoaded = true;

  /** What the host page set with data- attributes. */
  var TITLE = script.getAttribute('data-title') || '医保政策问答';
  var WELCOME = script.getAttribute('data-welcome');
  /** The message the chat page posts when Esc is pressed inside it. */
  var CLOSE_MESSAGE = 'yibao:close';

  /** The chat page, next to this script. */
  var chatPage = new URL('./', script.src);
  chatPage.searchParams.set('embed', '1');
  if (WELCOME) chatPage.searchParams.set('welcome', WELCOME);
  var chatUrl = chatPage.href;

  var STYLE = [
    ':host { all: initial; }',
    '.open-button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;',
    '  display: flex; align-items: center; gap: 6px; min-height: 48px; padding: 0 20px;',
    '  border: 0; border-radius: 24px; background: #0a5bb5; color: #fff; cursor: pointer;',
    '  font: 600 16px/1 -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", sans-serif;',
    '  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); }',
    '.open-button:hover { background: #07468c; }',
    '.open-button:focus-visible, .close:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }',
    '.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483001; width: 380px;',
    '  height: min(640px, calc(100vh - 110px)); display: flex; flex-direction: column; overflow: hidden;',
    '  border-radius: 14px; background: #fff; box-shadow: 0 8px 30px rgba(0, 0, 0, 0.3); }',
    '.panel[hidden] { display: none; }',
    '.panel-bar { display: flex; align-items: center; justify-content: space-between; padding-left: 16px;',
    '  background: #0a5bb5; color: #fff; font: 600 16px/1.4 -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", sans-serif; }',
    '.close { min-width: 48px; min-height: 48px; border: 0; background: transparent; color: #fff;',
    '  font: 24px/1 sans-serif; cursor: pointer; }',
    'iframe { flex: 1; width: 100%; border: 0; }',
    '@media (max-width: 480px) {',
    '  .panel { inset: 0; width: auto; height: auto; border-radius: 0; }',
    '}',
  ].join('\n');

  var host = document.createElement('div');
  host.setAttribute('data-yibao-embed', '');
  var root = host.attachShadow({ mode: 'open' });

  var style = document.createElement('style');
  style.textContent = STYLE;

  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'open-button';
  button.textContent = '医保问答';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'yibao-panel');

  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'yibao-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', TITLE);

  var bar = document.createElement('div');
  bar.className = 'panel-bar';
  var title = document.createElement('span');
  title.textContent = TITLE;
  bar.appendChild(title);
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = '×';
  close.setAttribute('aria-label', '关闭医保问答');
  close.title = '关闭（Esc）';
  bar.appendChild(close);
  panel.appendChild(bar);

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = TITLE;
      frame.src = chatUrl;
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (panel.hidden) open();
    else hide();
  });
  close.addEventListener('click', hide);
  root.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) hide();
  });
  window.addEventListener('message', function (event) {
    if (!frame || event.source !== frame.contentWindow || !event.data || event.data.type !== CLOSE_MESSAGE) return;
    if (!panel.hidden) hide();
  });

  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(button);

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
