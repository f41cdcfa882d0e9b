/* global AdaptiveCards, window, document */
// Runs in the preview page after adaptivecards.min.js: renders one card the way a Teams-like host would.
(function () {
  'use strict';

  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** Inline markdown of Teams: links, bold, italic; a backslash before punctuation shows that character as is. */
  function inline(text) {
    const escaped = [];
    let s = escapeHtml(text.replace(/\\([!-/:-@[-`{-~])/g, (_m, c) => `\uE000${escaped.push(c) - 1}\uE000`));
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, t, u) => `<a href="${u}" target="_blank" rel="noopener">${t}</a>`);
    s = s.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/__(.+?)__/g, '<strong>$1</strong>');
    s = s.replace(/(^|[\s(])\*(?!\s)(.+?)\*(?=$|[\s.,;:!?)])/g, '$1<em>$2</em>');
    s = s.replace(/(^|[\s(])_(?!\s)(.+?)_(?=$|[\s.,;:!?)])/g, '$1<em>$2</em>');
    return s.replace(/\uE000(\d+)\uE000/g, (_m, i) => escapeHtml(escaped[Number(i)]));
  }

  /**
   * Block markdown as a CommonMark renderer does it (Teams desktop and web behave like this): blank lines separate
   * paragraphs, a single newline is a soft break, "- " or "1. " lines form a list, and a plain line right after a
   * list item continues that item (lazy continuation) instead of starting a new paragraph.
   */
  function markdown(text) {
    const out = [];
    for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
      let para = [];
      let list = null; // { tag, items: string[][] }
      const flushPara = () => { if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`); para = []; };
      const flushList = () => {
        if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i.join(' '))}</li>`).join('')}</${list.tag}>`);
        list = null;
      };
      for (const line of block.split('\n')) {
        const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line);
        const numbered = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/.exec(line);
        const item = bullet ?? numbered;
        if (item) {
          const tag = bullet ? 'ul' : 'ol';
          flushPara();
          if (list && list.tag !== tag) flushList();
          list ??= { tag, items: [] };
          list.items.push([item[1]]);
        } else if (list) {
          list.items[list.items.length - 1].push(line.trim());
        } else if (line.trim()) {
          para.push(line.trim());
        }
      }
      flushPara();
      flushList();
    }
    return out.join('');
  }

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  /** Buttons whose title does not fit (Teams never wraps a button title; it cuts it off with "…"). */
  function truncatedButtons(root) {
    return [...root.querySelectorAll('.ac-pushButton')]
      .filter((b) => {
        const t = b.querySelector('div') || b;
        return t.scrollWidth > t.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1;
      })
      .map((b) => b.textContent);
  }

  /** Text that is clipped rather than wrapped. */
  function clippedText(root) {
    return [...root.querySelectorAll('.ac-textBlock, .ac-factset td')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      .map((el) => el.textContent.slice(0, 60));
  }

  function renderInto(host, payload, hostConfigJson, orientation) {
    const config = JSON.parse(JSON.stringify(hostConfigJson));
    config.actions.actionsOrientation = orientation;
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(config);
    const errors = [];
    const context = new AdaptiveCards.SerializationContext();
    card.parse(payload, context);
    for (const e of context.eventCount ? Array.from({ length: context.eventCount }, (_v, i) => context.getEventAt(i)) : []) {
      errors.push(e.message);
    }
    const el = card.render();
    host.innerHTML = '';
    if (el) host.appendChild(el);
    return errors;
  }

  /**
   * Teams lays the buttons of a card side by side when they fit and stacks them (full width) when they do not;
   * the mobile apps always stack them.
   */
  window.renderTeamsCard = (payload, hostConfigJson) => {
    const host = document.getElementById('card');
    host.classList.remove('stacked');
    let orientation = 'horizontal';
    let errors = renderInto(host, payload, hostConfigJson, orientation);
    if (truncatedButtons(host).length > 0) {
      orientation = 'vertical';
      host.classList.add('stacked');
      errors = renderInto(host, payload, hostConfigJson, orientation);
    }
    return {
      orientation,
      truncated: truncatedButtons(host),
      clipped: clippedText(host),
      errors,
      buttons: host.querySelectorAll('.ac-pushButton').length,
    };
  };
})();
