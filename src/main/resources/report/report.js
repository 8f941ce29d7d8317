"use strict";
(function () {
  const rows = JSON.parse(document.getElementById("rows").textContent);
  const folder = document.body.dataset.thumbnails;
  const PAGE = 200;
  const STATUSES = ["ok", "rejected", "blocked", "failed"];
  const cards = document.getElementById("cards");
  const more = document.getElementById("more");
  const statusSelect = document.getElementById("status");
  const search = document.getElementById("q");
  const shownCount = document.getElementById("shown");
  let matching = [];
  let shown = 0;

  function filters() {
    const p = new URLSearchParams(location.hash.slice(1));
    return { status: p.get("status") || "", q: (p.get("q") || "").toLowerCase(), reason: p.get("reason") };
  }

  function setFilters(change) {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const [name, value] of Object.entries(change)) {
      if (value) { p.set(name, value); } else { p.delete(name); }
    }
    location.hash = p.toString();
  }

  function text(tag, className, value) {
    const element = document.createElement(tag);
    element.className = className;
    element.textContent = value;
    return element;
  }

  /** A structured answer (a schema's JSON) as one "property: value" line each; a free caption as it is. */
  function shownCaption(caption) {
    if (!caption.startsWith("{")) { return caption; }
    try {
      const answer = JSON.parse(caption);
      return Object.entries(answer).map(([name, value]) => name + ": " + (Array.isArray(value) ? value.join("; ")
          : value !== null && typeof value === "object" ? JSON.stringify(value) : value)).join("\n");
    } catch (notJson) {
      return caption;
    }
  }

  function card(row) {
    const [path, status, caption, error, cost, thumbnail] = row;
    const article = document.createElement("article");
    const known = STATUSES.includes(status) ? status : "failed";
    article.className = "card " + known;
    article.dataset.status = known;
    const thumb = document.createElement("div");
    thumb.className = "thumb";
    if (thumbnail) {
      const img = document.createElement("img");
      img.loading = "lazy";
      img.alt = "";
      img.src = folder + "/" + thumbnail + ".jpg";
      thumb.appendChild(img);
    } else {
      thumb.appendChild(text("span", "placeholder", "no preview"));
    }
    article.appendChild(thumb);
    const body = document.createElement("div");
    body.className = "body";
    body.appendChild(text("span", "badge " + known, known));
    if (cost) { body.appendChild(text("span", "cost", "$" + cost.toFixed(6))); }
    body.appendChild(text("div", "path", path));
    if (caption) { body.appendChild(text("p", "caption", shownCaption(caption))); }
    if (error) { body.appendChild(text("p", "error", error)); }
    article.appendChild(body);
    return article;
  }

  function showMore() {
    const next = matching.slice(shown, shown + PAGE);
    const fragment = document.createDocumentFragment();
    next.forEach(row => fragment.appendChild(card(row)));
    cards.appendChild(fragment);
    shown += next.length;
    more.hidden = shown >= matching.length;
    shownCount.textContent = matching.length + " of " + rows.length + " images";
  }

  function apply() {
    const f = filters();
    statusSelect.value = f.status;
    if (document.activeElement !== search) { search.value = f.q; }
    matching = rows.filter(r => (!f.status || r[1] === f.status) && (!f.reason || r[3] === f.reason)
        && (!f.q || r[0].toLowerCase().includes(f.q) || (r[2] || "").toLowerCase().includes(f.q)));
    cards.replaceChildren();
    shown = 0;
    showMore();
  }

  function listReasons() {
    const counts = new Map();
    rows.filter(r => r[1] !== "ok" && r[3]).forEach(r => counts.set(r[3], (counts.get(r[3]) || 0) + 1));
    const list = document.getElementById("reason-list");
    [...counts.entries()].sort((a, b) => b[1] - a[1]).forEach(([reason, n]) => {
      const item = document.createElement("li");
      const link = text("a", "", n + " \u00d7 " + reason);
      link.href = "#" + new URLSearchParams({ reason: reason }).toString();
      item.appendChild(link);
      list.appendChild(item);
    });
    document.getElementById("reasons").hidden = counts.size === 0;
  }

  statusSelect.addEventListener("change", () => setFilters({ status: statusSelect.value, reason: "" }));
  let typing;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => setFilters({ q: search.value }), 200);
  });
  more.addEventListener("click", showMore);
  new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting) && !more.hidden) { showMore(); }
  }, { rootMargin: "600px" }).observe(more);
  window.addEventListener("hashchange", apply);
  listReasons();
  apply();
})();
