// Chat page: sends questions to the web chat channel and shows cited answers, the answer first.
// Server text is only ever placed with textContent, never parsed as HTML.
(function () {
  'use strict';

  /** Where the conversation id and the transcript are kept (per tab), so a reload shows what the context is. */
  var CONVERSATION_KEY = 'yibao.conversationId';
  var TRANSCRIPT_KEY = 'yibao.transcript';
  /** Shown when the network or the server fails without a message of its own. */
  var NETWORK_ERROR = '网络连接出错了，请检查网络后重试。';
  /** The counter shows from this share of the question limit on. */
  var COUNTER_FROM_SHARE = 0.8;
  /** Where a declined question can be asked of a person. */
  var HOTLINE = '12345';
  /** Reasons a 没用 vote may give (adapters/web/feedback.ts NOT_USEFUL_REASONS). */
  var NOT_USEFUL_REASONS = ['答非所问', '条款过时', '看不懂', '其他'];
  /** The whole-document view, at a clause. */
  var DOC_VIEW = 'console/doc.html';
  var Cite = window.YibaoCite;
  var KIND_LABELS = Cite.KIND_LABELS;

  var messages = document.getElementById('messages');
  var log = document.getElementById('log');
  var hint = document.getElementById('hint');
  var form = document.getElementById('composer');
  var input = document.getElementById('question');
  var sendButton = document.getElementById('send');
  var counter = document.getElementById('counter');
  var newChat = document.getElementById('new-chat');
  var busy = false;
  /** Longest question the server answers (GET web/limits); unknown until it says. */
  var maxChars = null;

  var params = new URLSearchParams(location.search);
  var embedded = params.has('embed');
  if (embedded) document.body.classList.add('embedded');
  if (params.get('welcome')) document.getElementById('hint-title').textContent = params.get('welcome');

  /** Creates an element with a class and (optionally) text content (shared with the console: cite.js). */
  var el = Cite.el;

  function stored(key) {
    try {
      return sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (e) {
      /* private mode: the conversation just lasts as long as the page */
    }
  }

  var conversationId = stored(CONVERSATION_KEY);
  /** What the user asked and the bot replied, in order: `{ user: text }` or `{ reply: Reply }`. */
  var transcript = [];
  try {
    transcript = JSON.parse(stored(TRANSCRIPT_KEY) || '[]');
    if (!Array.isArray(transcript)) transcript = [];
  } catch (e) {
    transcript = [];
  }

  // An id without its transcript (a page from before transcripts were kept) would answer from a context nobody sees.
  if (transcript.length === 0) conversationId = null;

  function remember(entry) {
    transcript.push(entry);
    store(TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  /** The Chinese part of an API error message (`中文 / English`). */
  function chineseMessage(message) {
    return typeof message === 'string' && message ? message.split(' / ')[0] : NETWORK_ERROR;
  }

  function fetchJson(url, options) {
    return fetch(url, options).then(
      function (res) {
        if (res.status === 204) return null;
        return res.json().then(
          function (data) {
            if (!res.ok) throw new Error(chineseMessage(data && data.error && data.error.message));
            return data;
          },
          function () {
            throw new Error(NETWORK_ERROR);
          },
        );
      },
      function () {
        throw new Error(NETWORK_ERROR);
      },
    );
  }

  /** POSTs JSON; resolves with the parsed body, rejects with an Error carrying a message to show. */
  function postJson(url, body) {
    return fetchJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
  }

  function ensureConversation() {
    if (conversationId) return Promise.resolve(conversationId);
    return postJson('web/conversations').then(function (data) {
      conversationId = data.conversationId;
      store(CONVERSATION_KEY, conversationId);
      return conversationId;
    });
  }

  /** Scrolls so that `question` (the user's bubble) and the first line of the answer after it show. */
  function showAnswer(question) {
    if (!question) return;
    var top = question.offsetTop - log.offsetTop - 8;
    var answer = question.nextElementSibling;
    if (answer && answer.offsetTop - log.offsetTop + 48 > top + log.clientHeight) top = answer.offsetTop - log.offsetTop - 8;
    log.scrollTop = Math.max(0, top);
  }

  function addUserMessage(text) {
    var bubble = el('div', 'msg user');
    bubble.appendChild(el('span', 'visually-hidden', '我：'));
    bubble.appendChild(el('p', 'text', text));
    messages.appendChild(bubble);
    return bubble;
  }

  /** The path as a reader says it (`label`, knowing the clause's siblings), else the path. */
  function pathLabel(c) {
    return c.label || c.path || '';
  }

  /** `《title》label`, the short source under a quote. */
  function shortSource(c) {
    return '《' + c.title + '》' + pathLabel(c);
  }

  /** One source: what it is, the whole clause, and a link to the whole document at the clause. */
  function sourceCard(citation, main) {
    var card = el('article', 'source-card');
    card.dataset.clauseId = citation.clauseId;
    var head = el('p', 'source-head');
    head.appendChild(el('span', 'source-role', main ? '依据' : '相关'));
    head.appendChild(el('span', 'source-title', '《' + citation.title + '》'));
    card.appendChild(head);
    var meta = [citation.docNumber, pathLabel(citation), citation.region, KIND_LABELS[citation.kind]].filter(Boolean);
    card.appendChild(el('p', 'source-meta', meta.join(' · ')));
    card.appendChild(el('blockquote', 'source-quote', citation.quote));
    var link = el('a', 'source-link', '查看全文');
    link.href = DOC_VIEW + '?doc=' + encodeURIComponent(citation.docId) + '#' + encodeURIComponent(citation.clauseId);
    link.target = '_blank';
    link.rel = 'noopener';
    card.appendChild(link);
    return card;
  }

  /** The one collapsible sources section: a card for each cited clause. */
  function sourcesSection(citations) {
    var box = el('details', 'sources');
    var summary = el('summary', 'sources-toggle', '出处和相关条款（' + citations.length + '）');
    box.appendChild(summary);
    citations.forEach(function (c, i) {
      box.appendChild(sourceCard(c, i === 0));
    });
    return box;
  }

  /** The answer with its full citation, as the console copies it. */
  function copyTextOf(reply) {
    var main = reply.citations[0];
    return Cite.formatCitation({ quote: reply.quote, title: main.title, docNumber: main.docNumber, path: main.path, issuer: main.issuer, date: main.date });
  }

  function copyButton(reply, status) {
    var button = el('button', 'action copy', '复制');
    button.type = 'button';
    button.setAttribute('aria-label', '复制回答和出处');
    button.addEventListener('click', function () {
      Cite.copyText(copyTextOf(reply)).then(
        function () {
          status.textContent = '已复制回答和出处';
        },
        function () {
          status.textContent = '复制没有成功，请长按文字复制。';
        },
      );
    });
    return button;
  }

  function sendVote(bar, label, clauseId, useful, reason) {
    var buttons = bar.querySelectorAll('button');
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    var body = { conversationId: conversationId, clauseId: clauseId, useful: useful };
    if (reason) body.reason = reason;
    return postJson('web/feedback', body).then(
      function () {
        label.textContent = '谢谢您的反馈！';
      },
      function (error) {
        label.textContent = error.message && error.message !== NETWORK_ERROR ? error.message : '反馈没有发送成功，请稍后再试。';
        buttons.forEach(function (b) {
          b.disabled = false;
          b.setAttribute('aria-pressed', 'false');
        });
      },
    );
  }

  /** 没用: the reasons to pick from (optional), then the vote. */
  function reasonPicker(bar, label, clauseId) {
    var box = el('div', 'reasons');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', '哪里没帮上忙（可不选）');
    box.appendChild(el('span', 'reasons-label', '哪里没帮上忙？'));
    NOT_USEFUL_REASONS.concat(['不说了']).forEach(function (reason) {
      var chip = el('button', 'chip small', reason);
      chip.type = 'button';
      chip.addEventListener('click', function () {
        box.remove();
        sendVote(bar, label, clauseId, false, NOT_USEFUL_REASONS.indexOf(reason) >= 0 ? reason : null);
      });
      box.appendChild(chip);
    });
    return box;
  }

  /** 复制 and 有用 / 没用 under an answer. */
  function actionBar(reply) {
    var clauseId = reply.citations[0].clauseId;
    var bar = el('div', 'actions');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', '这条回答有帮助吗');
    var label = el('span', 'feedback-label', '有帮助吗？');
    label.setAttribute('aria-live', 'polite');
    bar.appendChild(copyButton(reply, label));
    bar.appendChild(label);
    var useful = el('button', 'action feedback-button', '有用');
    useful.type = 'button';
    useful.setAttribute('aria-pressed', 'false');
    useful.addEventListener('click', function () {
      useful.setAttribute('aria-pressed', 'true');
      sendVote(bar, label, clauseId, true, null);
    });
    var notUseful = el('button', 'action feedback-button', '没用');
    notUseful.type = 'button';
    notUseful.setAttribute('aria-pressed', 'false');
    notUseful.addEventListener('click', function () {
      notUseful.setAttribute('aria-pressed', 'true');
      useful.disabled = true;
      notUseful.disabled = true;
      var picker = reasonPicker(bar, label, clauseId);
      bar.after(picker);
      picker.querySelector('button').focus();
    });
    bar.appendChild(useful);
    bar.appendChild(notUseful);
    return bar;
  }

  function chipList(className, ariaLabel, texts) {
    var list = el('ul', 'chips ' + className);
    list.setAttribute('aria-label', ariaLabel);
    texts.forEach(function (text) {
      var item = el('li');
      var chip = el('button', 'chip', text);
      chip.type = 'button';
      chip.addEventListener('click', function () {
        ask(text);
      });
      item.appendChild(chip);
      list.appendChild(item);
    });
    return list;
  }

  /**
   * "您想问的是": the two clauses the answer could rest on. Picking one is recorded for staff
   * review; picking the other one shows that clause.
   */
  function choiceBar(reply) {
    var answeredId = reply.citations && reply.citations[0] ? reply.citations[0].clauseId : null;
    var bar = el('div', 'choices');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', '您想问的是');
    var label = el('p', 'choices-label', '您想问的是：');
    bar.appendChild(label);
    var list = el('ul', 'chips');
    reply.choices.forEach(function (choice) {
      var item = el('li');
      var button = el('button', 'chip choice', choice.label);
      button.type = 'button';
      button.dataset.clauseId = choice.clauseId;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () {
        var buttons = bar.querySelectorAll('button');
        buttons.forEach(function (b) {
          b.disabled = true;
        });
        button.setAttribute('aria-pressed', 'true');
        postJson('web/conversations/' + encodeURIComponent(conversationId) + '/choices', { clauseId: choice.clauseId }).then(
          function (data) {
            label.textContent = '谢谢，已记录您的选择。';
            if (choice.clauseId !== answeredId) {
              (data.replies || []).forEach(function (r) {
                remember({ reply: r });
                addBotReply(r);
              });
            }
          },
          function (error) {
            label.textContent = error.message || NETWORK_ERROR;
            button.setAttribute('aria-pressed', 'false');
            buttons.forEach(function (b) {
              b.disabled = false;
            });
          },
        );
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    bar.appendChild(list);
    return bar;
  }

  /** An answer quoting a clause: notes, 您问的是, the quote and one short source line; the sources folded. */
  function quotedBubble(bubble, reply) {
    (reply.notes || []).forEach(function (note) {
      bubble.appendChild(el('p', 'note', note));
    });
    if (reply.understoodAs) bubble.appendChild(el('p', 'understood', '您问的是：' + reply.understoodAs));
    bubble.appendChild(el('p', 'text quote', reply.quote));
    var main = reply.citations[0];
    bubble.appendChild(el('p', 'source', '——' + (main ? shortSource(main) : reply.source)));
    if (reply.caveat) bubble.appendChild(el('p', 'caveat', reply.caveat));
    if (main) {
      bubble.appendChild(sourcesSection(reply.citations));
      bubble.appendChild(actionBar(reply));
    }
  }

  /** A decline: what the bot says, questions it can answer instead, and the hotline. */
  function declineExtras(bubble, reply) {
    if (Array.isArray(reply.suggestions) && reply.suggestions.length > 0) {
      bubble.appendChild(el('p', 'suggestions-label', '您可以试试这样问：'));
      bubble.appendChild(chipList('suggestions', '可以这样问', reply.suggestions));
    }
    var call = el('a', 'hotline', '拨打 ' + HOTLINE + ' 政务服务便民热线');
    call.href = 'tel:' + HOTLINE;
    bubble.appendChild(call);
  }

  function addBotReply(reply) {
    var bubble = el('div', 'msg bot');
    bubble.dataset.kind = reply.kind || '';
    bubble.appendChild(el('span', 'visually-hidden', '医保问答：'));
    if (typeof reply.quote === 'string' && Array.isArray(reply.citations)) quotedBubble(bubble, reply);
    else bubble.appendChild(el('p', 'text', reply.text));
    if (reply.kind === 'refusal') declineExtras(bubble, reply);
    if (Array.isArray(reply.choices) && reply.choices.length > 1) bubble.appendChild(choiceBar(reply));
    messages.appendChild(bubble);
    if (Array.isArray(reply.followUps) && reply.followUps.length > 0) {
      messages.appendChild(chipList('follow-ups', '您可能还想问', reply.followUps));
    }
  }

  function addError(message, retry) {
    var bubble = el('div', 'msg bot error');
    bubble.setAttribute('role', 'alert');
    bubble.appendChild(el('p', 'text', message));
    var again = el('button', 'retry', '重试');
    again.type = 'button';
    again.addEventListener('click', function () {
      bubble.remove();
      retry();
    });
    bubble.appendChild(again);
    messages.appendChild(bubble);
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    form.setAttribute('aria-busy', String(value));
  }

  function send(text, question) {
    setBusy(true);
    var pending = el('div', 'msg bot pending', '正在查找相关条款…');
    pending.setAttribute('aria-hidden', 'true');
    messages.appendChild(pending);
    showAnswer(question);
    return ensureConversation()
      .then(function (id) {
        return postJson('web/conversations/' + encodeURIComponent(id) + '/messages', { text: text });
      })
      .then(
        function (data) {
          pending.remove();
          (data.replies || []).forEach(function (r) {
            remember({ reply: r });
            addBotReply(r);
          });
        },
        function (error) {
          pending.remove();
          addError(error.message || NETWORK_ERROR, function () {
            send(text, question);
          });
        },
      )
      .then(function () {
        setBusy(false);
        showAnswer(question);
      });
  }

  function ask(text) {
    var question = String(text).trim();
    if (!question || busy) return;
    if (hint) hint.hidden = true;
    remember({ user: question });
    send(question, addUserMessage(question));
  }

  /** Characters as the server counts them (code points). */
  function length(text) {
    return Array.from(text.trim()).length;
  }

  /** Shows `n/limit` near and over the limit; says when the question is too long. */
  function updateCounter() {
    if (!maxChars) return true;
    var n = length(input.value);
    var over = n > maxChars;
    counter.hidden = n < maxChars * COUNTER_FROM_SHARE;
    counter.textContent = over ? '已超出字数限制：' + n + '/' + maxChars + '字，请精简后再发送' : n + '/' + maxChars + '字';
    counter.classList.toggle('over', over);
    input.setAttribute('aria-invalid', String(over));
    return !over;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) {
      input.focus();
      return;
    }
    if (!updateCounter()) {
      counter.hidden = false;
      input.focus();
      return;
    }
    input.value = '';
    resize();
    updateCounter();
    ask(text);
  });

  // Enter sends, Shift+Enter starts a new line; Enter that confirms a pinyin candidate does neither.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  /** Grows the input with its text, up to the height set in CSS. */
  function resize() {
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 'px';
  }
  input.addEventListener('input', function () {
    resize();
    updateCounter();
  });

  // Esc closes the widget's panel when the page is shown in one (embed.js listens).
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && window.parent !== window) window.parent.postMessage({ type: 'yibao:close' }, '*');
  });

  /** 新对话: a fresh conversation (new id, so no context) and an empty transcript. */
  newChat.addEventListener('click', function () {
    if (busy) return;
    conversationId = null;
    transcript = [];
    store(CONVERSATION_KEY, null);
    store(TRANSCRIPT_KEY, null);
    messages.textContent = '';
    if (hint) hint.hidden = false;
    log.scrollTop = 0;
    input.focus();
  });

  document.querySelectorAll('[data-question]').forEach(function (chip) {
    chip.addEventListener('click', function () {
      ask(chip.textContent);
    });
  });

  fetchJson('web/limits').then(
    function (limits) {
      maxChars = limits && limits.maxQuestionChars;
      updateCounter();
    },
    function () {
      /* without the limit the server still answers a too-long question with its own message */
    },
  );

  // A reload shows the conversation as it was, so the context the bot keeps is the one on screen.
  if (transcript.length > 0) {
    if (hint) hint.hidden = true;
    var lastQuestion = null;
    transcript.forEach(function (entry) {
      if (typeof entry.user === 'string') lastQuestion = addUserMessage(entry.user);
      else if (entry.reply) addBotReply(entry.reply);
    });
    showAnswer(lastQuestion);
  }
  // In the widget the panel was opened to ask: the cursor waits in the box.
  if (embedded) input.focus();
})();
