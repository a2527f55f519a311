// cleaner's HTML report: the file table (filtered, sorted, one page at a time) and each file's diff, drawn when opened.
(() => {
  "use strict";
  const byId = (id) => document.getElementById(id);
  const summary = JSON.parse(byId("report-summary").textContent);
  let detailCache = null; // the diffs are parsed on first need (a file opened, a search), not at load
  const details = () => detailCache || (detailCache = JSON.parse(byId("report-details").textContent));
  const PAGE = 50;
  const STATUS_ORDER = { error: 0, held: 1, stub: 2, changed: 3, unchanged: 4 };
  const rules = summary.rules;
  const files = summary.files.map((row, index) => ({
    index, path: row[0], status: row[1], before: row[2], after: row[3], share: row[4], removed: row[5],
    repairs: row[6], families: row[7] ? row[7].split(" ") : [], error: row[8], documents: row[9], held: row[10],
    warnings: row[11] || [],
  }));
  const state = { families: new Set(), status: "", query: "", sort: "share", dir: -1, page: 0, open: new Set() };
  let shown = files;
  let haystacks = null;

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const number = (n) => n.toLocaleString("en-US");
  const percent = (x) => (x === 0 ? "0%" : x < 0.001 ? "<0.1%" : (x * 100).toFixed(1) + "%");
  const plural = (n, noun) => `${number(n)} ${noun}${n === 1 ? "" : "s"}`;
  const familyOf = (code) => code.slice(0, 2);
  const ruleTitle = (code) => (rules[code] ? `${code} ${rules[code][0]}: ${rules[code][2]}` : code);

  // ------------------------------------------------------------ search

  const sideText = (segments, side) => segments.filter(([kind]) => kind === 0 || kind === side).map(([, t]) => t).join("");
  function changedLines(index) {
    const lines = [];
    for (const doc of details()[index]) {
      for (const [, kind, payload] of doc.rows) {
        if (kind === 1) lines.push(payload);
        else if (kind === 2) lines.push(sideText(payload, 1), sideText(payload, 2));
      }
    }
    return lines;
  }
  function haystack(index) {
    if (!haystacks) haystacks = files.map((f) => [f.path, ...changedLines(f.index)].join("\n").toLowerCase());
    return haystacks[index];
  }
  function firstHit(f) {
    for (const line of changedLines(f.index)) {
      const at = line.toLowerCase().indexOf(state.query);
      if (at >= 0) {
        const start = Math.max(0, at - 50);
        return (start ? "…" : "") + line.slice(start, at + state.query.length + 70) + (at + state.query.length + 70 < line.length ? "…" : "");
      }
    }
    return null;
  }
  function marked(text) {
    const q = state.query;
    const lower = text.toLowerCase();
    if (!q || lower.length !== text.length) return [text];
    const out = [];
    let from = 0;
    for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, from)) {
      if (at > from) out.push(text.slice(from, at));
      out.push(h("mark", { text: text.slice(at, at + q.length) }));
      from = at + q.length;
    }
    if (from < text.length) out.push(text.slice(from));
    return out;
  }

  // ------------------------------------------------------------ the file table

  function visible(f) {
    return (!state.status || f.status === state.status)
      && (!state.families.size || f.families.some((x) => state.families.has(x)))
      && (!state.query || haystack(f.index).includes(state.query));
  }
  const KEYS = {
    path: (f) => f.path, status: (f) => STATUS_ORDER[f.status], lines: (f) => f.before,
    share: (f) => f.share, changes: (f) => f.removed + f.repairs,
  };
  function update(firstPage) {
    const key = KEYS[state.sort];
    const dir = state.dir;
    shown = files.filter(visible).sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return x < y ? -dir : x > y ? dir : a.index - b.index;
    });
    if (firstPage) state.page = 0;
    render();
  }

  function toggle(f) {
    if (state.open.has(f.index)) state.open.delete(f.index);
    else state.open.add(f.index);
    render(f.index);
  }

  function fileRow(f) {
    const open = state.open.has(f.index);
    const path = h("td", { class: "path" }, h("span", { class: "caret", text: open ? "▼" : "▶" }), h("span", { class: "name", text: f.path }));
    if (f.documents > 1) path.append(h("span", { class: "docs", text: plural(f.documents, "document") }));
    if (state.query) {
      const hit = firstHit(f);
      if (hit) path.append(h("div", { class: "hit" }, ...marked(hit)));
    }
    const changes = h("td", { class: "changes" });
    if (f.removed || f.repairs) {
      if (f.removed) changes.append(h("b", { text: number(f.removed) }), " removed");
      if (f.removed && f.repairs) changes.append(" · ");
      if (f.repairs) changes.append(h("b", { text: number(f.repairs) }), f.repairs === 1 ? " repair" : " repairs");
      changes.append(h("span", { class: "dots" }, ...f.families.map((x) => h("span", { class: `dot f-${x}`, title: `${x} ${summary.families[x]}` }))));
    } else if (!f.held) changes.append(f.error ? "—" : "none");
    if (f.held) {
      const held = f.documents > 1 ? `${plural(f.held, "document")} held back` : "held back: nothing applied";
      changes.append(h("div", { class: "held-note", text: held }));
    }
    return h("tr", {
      class: `file${open ? " open" : ""}`, tabindex: 0, "aria-expanded": String(open), "data-index": f.index,
      onclick: () => toggle(f),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(f); } },
    },
    path,
    h("td", {}, h("span", { class: `status st-${f.status}`, text: f.status })),
    h("td", { class: "num", text: f.error ? "—" : `${number(f.before)} → ${number(f.after)}` }),
    h("td", { class: "num-left" }, h("span", { class: "meter" }, h("span", { style: `width:${Math.min(100, f.share * 100)}%` })), percent(f.share)),
    changes);
  }

  function render(focusIndex) {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE;
    const page = shown.slice(start, start + PAGE);
    const rows = [];
    for (const f of page) {
      rows.push(fileRow(f));
      if (state.open.has(f.index)) rows.push(h("tr", { class: "diff-row" }, h("td", { colspan: 5 }, diff(f))));
    }
    const none = files.length ? "No file matches these filters." : "The run read no files.";
    if (!rows.length) rows.push(h("tr", { class: "empty" }, h("td", { colspan: 5, text: none })));
    byId("file-rows").replaceChildren(...rows);
    const filtered = shown.length === files.length ? "" : ` (filtered from ${number(files.length)})`;
    byId("count").textContent = shown.length
      ? `Showing ${number(start + 1)}–${number(start + page.length)} of ${plural(shown.length, "file")}${filtered}. Click a file to see its changes: removed lines are struck through and tinted by family (hover a line for its rule), repairs show before → after, and kept lines the model was unsure about carry its score.`
      : files.length ? `No file of ${number(files.length)} matches.` : "";
    const pager = byId("pager");
    pager.replaceChildren(
      h("button", { type: "button", disabled: state.page === 0, onclick: () => turn(-1), text: "‹ Previous" }),
      h("span", { text: `Page ${number(state.page + 1)} of ${number(pages)}` }),
      h("button", { type: "button", disabled: state.page >= pages - 1, onclick: () => turn(1), text: "Next ›" }),
    );
    pager.hidden = pages === 1;
    for (const th of document.querySelectorAll("table.files th")) {
      const key = th.querySelector("button").dataset.sort;
      if (key === state.sort) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    const active = state.families.size > 0;
    for (const node of document.querySelectorAll("[data-family]")) {
      const on = state.families.has(node.dataset.family);
      if (node.classList.contains("chip")) node.setAttribute("aria-pressed", String(on));
      else if (node.classList.contains("bar")) node.classList.toggle("off", active && !on);
    }
    byId("clear").hidden = !(active || state.status || state.query);
    if (focusIndex !== undefined) document.querySelector(`tr.file[data-index="${focusIndex}"]`)?.focus({ preventScroll: true });
  }

  function turn(delta) {
    state.page += delta;
    render();
    const table = document.querySelector("table.files");
    if (table.getBoundingClientRect().top < 0) table.scrollIntoView({ block: "start" }); // the new page's first rows
  }

  // ------------------------------------------------------------ one file's diff

  const INVISIBLE = { " ": "␣", "\u00a0": "⍽", "\u202f": "⍽", "\t": "⇥", "\n": "↵", "\r": "\\r", "\u200b": "¦", "\u00ad": "-" };
  function shown_(text) {
    // Inside a repair, whitespace is what changed: show it.
    let out = "";
    for (const ch of text) out += INVISIBLE[ch] || ch;
    return out;
  }

  function line(row) {
    const [n, kind, payload, codes, score] = row;
    const family = kind === 0 ? null : familyOf(codes[0]);
    const text = h("td", { class: "text" });
    if (kind === 2) {
      for (let i = 0; i < payload.length; i += 1) {
        const [part, piece] = payload[i];
        if (part === 0) text.append(...marked(piece));
        else if (part === 1) {
          text.append(h("del", { title: "before" }, ...marked(shown_(piece))));
          text.append(h("span", { class: "arrow", text: "→" }));
          if (!(payload[i + 1] && payload[i + 1][0] === 2)) text.append(h("ins", { title: "after", text: "∅" }));
        } else {
          if (!(i > 0 && payload[i - 1][0] === 1)) text.append(h("del", { title: "before", text: "∅" }), h("span", { class: "arrow", text: "→" }));
          text.append(h("ins", { title: "after" }, ...marked(shown_(piece))));
        }
      }
    } else text.append(...marked(payload));
    const kindClass = ["kept", "removed", "repaired", "unsure"][kind];
    const scored = score === undefined ? "" : ` ${score.toFixed(2)}`;
    const said = kind === 3 ? `\nKept: the line-quality model was unsure (score${scored}; content first)`
      : score === undefined ? "" : `\nThe line-quality model's score:${scored}`;
    const tr = h("tr", {
      class: `${kindClass}${family ? ` f-${family}` : ""}`, "data-family-row": family,
      title: (codes.map(ruleTitle).join("\n") + said) || null,
    },
    h("td", { class: "n", text: String(n) }), text,
    h("td", { class: "codes" }, ...codes.map((code) => h("span", { class: `badge f-${familyOf(code)}`, text: code + scored }))));
    if (family && state.families.size && !state.families.has(family)) tr.hidden = true;
    return tr;
  }

  const gap = (count) => h("tr", { class: "gap" }, h("td", { class: "n", text: "⋯" }),
    h("td", { colspan: 2, text: `${plural(count, "kept line")} not shown` }));

  function documentView(doc, titled) {
    const part = h("section", { class: `doc s-${doc.s}` });
    if (titled) {
      const head = h("div", { class: "doc-head" }, doc.r === null ? "Document" : `Record on line ${number(doc.r)}`);
      if (doc.u) head.append(" · ", h("span", { class: "url", text: doc.u }));
      part.append(head);
    }
    if (doc.s === "held") {
      part.append(h("p", { class: "note held", text: `Held back by the drop-ratio guard: cleaning would remove ${percent(doc.g)} of this document's characters, so it was left unchanged. The changes below were not applied.` }));
    } else if (doc.s === "stub") {
      part.append(h("p", { class: "note stub", text: "A stub: the whole document is a 404, soft-404 or paywall page, so it was emptied." }));
    }
    const body = h("tbody");
    let previous = 0;
    for (const row of doc.rows) {
      if (row[0] > previous + 1) body.append(gap(row[0] - previous - 1));
      body.append(line(row));
      previous = row[0];
    }
    if (doc.n > previous) body.append(gap(doc.n - previous));
    const columns = h("colgroup", {}, h("col", { class: "c-n" }), h("col", { class: "c-text" }), h("col", { class: "c-codes" }));
    part.append(h("table", { class: "lines" }, columns, body));
    return part;
  }

  function diff(f) {
    const box = h("div", { class: "diff" });
    if (f.error) box.append(h("p", { class: "note error", text: f.error }));
    for (const warning of f.warnings) box.append(h("p", { class: "note", text: `warning: ${warning}` }));
    const docs = details()[f.index];
    if (!docs.length && !f.error) box.append(h("p", { class: "note plain", text: "Nothing to remove or repair in this file." }));
    docs.forEach((doc) => box.append(documentView(doc, docs.length > 1 || doc.r !== null)));
    if (docs.some((doc) => doc.rows.some((row) => row[1] === 2))) {
      box.append(h("p", { class: "legend", text: "In repairs, red is before and green after; ␣ is a space, ⍽ a no-break space, ↵ a line ending, ⇥ a tab, ¦ a zero-width space, ∅ nothing." }));
    }
    return box;
  }

  // ------------------------------------------------------------ controls

  function toggleFamily(family) {
    if (state.families.has(family)) state.families.delete(family);
    else state.families.add(family);
    update(true);
  }
  for (const node of document.querySelectorAll(".chip[data-family], svg .bar[data-family]")) {
    node.addEventListener("click", () => toggleFamily(node.dataset.family));
    node.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggleFamily(node.dataset.family); } });
  }
  let timer = 0;
  byId("search").addEventListener("input", (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.query = e.target.value.trim().toLowerCase(); update(true); }, 120);
  });
  byId("status").addEventListener("change", (e) => { state.status = e.target.value; update(true); });
  byId("clear").addEventListener("click", () => {
    state.families.clear();
    state.status = "";
    state.query = "";
    byId("status").value = "";
    byId("search").value = "";
    update(true);
  });
  for (const button of document.querySelectorAll("table.files th button")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      if (state.sort === key) state.dir = -state.dir;
      else { state.sort = key; state.dir = key === "path" || key === "status" ? 1 : -1; }
      update(false);
    });
  }
  update(true);
  document.documentElement.dataset.ready = "true";
})();
