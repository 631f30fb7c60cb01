/* SPDX-License-Identifier: MIT */
/*
 * The citysnap page: sends the chosen file to /api/check and /api/render
 * and shows what comes back. Nothing is computed here: bands, scores and
 * the wedges' texts come from the server, the tooltips from the SVG's own
 * <title> and <desc> of each KPI wedge. Every text from a file or a
 * server answer goes into the page with textContent, never as markup.
 */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const words = window.CS_I18N;
  let ui = "en";
  let cityFile = null;
  let targetsFile = null;
  let previewUrl = null;
  let lastCheck = null;
  let lastError = null;
  let timer = 0;
  let generation = 0;

  function t(key, vals) {
    let s = (words[ui] && words[ui][key]) || words.en[key] || key;
    if (vals)
      s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vals ? String(vals[k]) : m));
    return s;
  }

  function setUi(lang) {
    ui = words[lang] ? lang : "en";
    document.documentElement.lang = ui;
    $("ui-lang").value = ui;
    for (const el of document.querySelectorAll("[data-i18n]"))
      el.textContent = t(el.dataset.i18n);
    $("overlay").setAttribute("aria-label", t("wedges_label"));
    $("template-csv").href = "api/template?format=csv&lang=" + ui;
    $("template-xlsx").href = "api/template?format=xlsx&lang=" + ui;
    try { localStorage.setItem("citysnap-ui", ui); } catch (e) { /* private mode */ }
    if (lastCheck || lastError) showCheck(lastCheck, lastError);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function item(list, text) {
    const li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
    return li;
  }

  function fmtNum(v) {
    if (v === null || v === undefined) return "–";
    return new Intl.NumberFormat(ui === "nb" ? "nb-NO" : "en-GB",
      { maximumFractionDigits: 2 }).format(v);
  }

  function fmtSize(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB"
         : Math.max(1, Math.round(n / 1024)) + " KB";
  }

  /* The options as query parameters, the same names as `citysnap render`. */
  function params(format) {
    const p = new URLSearchParams();
    if (format) p.set("format", format);
    const name = $("opt-name").value.trim();
    const title = $("opt-title").value.trim();
    if (name) p.set("name", name);
    if (title) p.set("title", title);
    const year = $("opt-year").value.trim();
    if (year) p.set("year", year);
    p.set("lang", $("opt-lang").value);
    p.set("style", $("opt-style").value);
    p.set("legend", $("opt-legend").value);
    const page = $("opt-page").value;
    if (page) {
      p.set("page", page);
      p.set("margin", $("opt-margin").value || "0");
      p.set("bleed", $("opt-bleed").value || "0");
    }
    return p;
  }

  function body() {
    const fd = new FormData();
    fd.append("file", cityFile, cityFile.name);
    if (targetsFile) fd.append("targets", targetsFile, targetsFile.name);
    return fd;
  }

  /* POST to the API; retries a few times when the server says it is busy. */
  async function post(path, p, tries) {
    const res = await fetch(path + "?" + p.toString(),
      { method: "POST", body: body(), cache: "no-store" });
    if (res.status === 503 && (tries || 0) < 5) {
      const wait = Number(res.headers.get("Retry-After") || "1");
      $("status").textContent = t("busy");
      await new Promise((r) => setTimeout(r, wait * 1000));
      return post(path, p, (tries || 0) + 1);
    }
    return res;
  }

  async function errorOf(res) {
    try {
      const j = await res.json();
      return j;
    } catch (e) {
      return { error: { status: res.status, message: res.statusText } };
    }
  }

  function where(p) {
    /* a spreadsheet's position: FILE:Sheet!C12 */
    const cell = /:([^:]+)!([A-Z]+[0-9]+)$/.exec(p.file || "");
    if (!p.line && cell) return t("at_cell", { sheet: cell[1], cell: cell[2] }) + ": ";
    if (p.line && p.column) return t("at_row_col", p) + ": ";
    if (p.line) return t("at_row", p) + ": ";
    return "";
  }

  function showCheck(check, error) {
    lastCheck = check;
    lastError = error;
    const problems = $("problems"), warnings = $("warnings");
    clear(problems);
    clear(warnings);
    const name = cityFile ? cityFile.name : "";
    $("problems-box").hidden = !error;
    if (error) {
      const list = error.problems && error.problems.length
        ? error.problems : [error.error];
      for (const p of list) {
        const li = item(problems, where(p) + p.message);
        if (p.file) li.title = p.file;
      }
      if (error.more_problems)
        item(problems, t("more_problems", { count: error.more_problems }));
      $("status").textContent = t("checked_bad", { name: name });
      $("coverage").textContent = "";
      $("kpi-details").hidden = true;
    }
    const ws = [];
    const mapping = $("mapping");
    clear(mapping);
    if (check) {
      $("status").textContent = t("checked_ok", { name: name, rows: check.rows });
      for (const w of check.warnings)
        ws.push(where(w) + w.message.replace(/^warning: /, ""));
      $("coverage").textContent = t("coverage", check.coverage);
      const m = check.mapping;
      if (m && !m.canonical) {
        mapping.textContent = t("mapping", m);
        const list = document.createElement("ul");
        for (const r of m.rows)
          if (r.match !== "code")
            item(list, t("mapping_row", { position: r.position, text: r.text,
              codes: r.kpis.join(", ") || "–", match: t("match_" + r.match) })
              + (r.note ? " (" + r.note + ")" : ""));
        mapping.appendChild(list);
      }
      fillTable(check);
    }
    for (const w of ws) item(warnings, w);
    $("warnings-box").hidden = ws.length === 0;
  }

  function fillTable(check) {
    const tb = $("kpi-table").tBodies[0];
    clear(tb);
    for (const k of check.kpis) {
      const tr = document.createElement("tr");
      const cells = [k.code, k.label,
        k.value === null ? "–" : fmtNum(k.value) + (k.unit ? " " + k.unit : ""),
        fmtNum(k.target), k.percent === null ? "–" : fmtNum(k.percent) + " %",
        k.band_label];
      cells.forEach((v, i) => {
        const td = document.createElement(i === 1 ? "th" : "td");
        if (i === 1) td.scope = "row";
        td.textContent = v;
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    }
    $("kpi-details").hidden = false;
  }

  /* The preview says when it is being redrawn (for assistive technology,
   * and for the browser test, which waits for it). */
  function busy(on) {
    $("preview").setAttribute("aria-busy", on ? "true" : "false");
  }

  async function refresh() {
    if (!cityFile) return;
    const gen = ++generation;
    busy(true);
    try {
      await refreshNow(gen);
    } finally {
      if (gen === generation) busy(false);
    }
  }

  async function refreshNow(gen) {
    $("status").textContent = t("checking", { name: cityFile.name });
    let res;
    try {
      res = await post("api/check", params(null));
    } catch (e) {
      $("status").textContent = t("offline");
      return;
    }
    if (gen !== generation) return;
    if (!res.ok) {
      showCheck(null, await errorOf(res));
      hidePreview();
      return;
    }
    showCheck(await res.json(), null);
    await preview(gen);
  }

  function hidePreview() {
    $("preview-img").hidden = true;
    $("overlay").hidden = true;
    $("tip").hidden = true;
    $("preview-empty").hidden = false;
    $("preview-caption").textContent = "";
  }

  /* The wheel as the SVG export draws it, shown as an image; over it an
   * invisible copy of the SVG's KPI wedge shapes, each with its own title
   * and description, for pointer and keyboard. */
  async function preview(gen) {
    const prev = $("status").textContent;
    $("export-status").textContent = "";
    let res;
    try {
      res = await post("api/render", params("svg"));
    } catch (e) {
      $("status").textContent = t("offline");
      return;
    }
    if (gen !== generation) return;
    if (!res.ok) {
      const err = await errorOf(res);
      $("status").textContent = t("failed", { message: err.error.message });
      return;
    }
    const text = await res.text();
    if (gen !== generation) return;
    /* only the wedges' shapes and texts are read from this copy: its
     * style attributes are dropped, as the page's CSP refuses them */
    const doc = new DOMParser().parseFromString(
      text.replace(/ style="[^"]*"/g, ""), "image/svg+xml");
    const root = doc.documentElement;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    const img = $("preview-img");
    const title = root.querySelector(":scope > title");
    const desc = root.querySelector(":scope > desc");
    img.alt = (title ? title.textContent : "") +
              (desc ? ". " + desc.textContent : "");
    img.src = previewUrl;
    img.hidden = false;
    $("preview-empty").hidden = true;
    const name = $("opt-name").value.trim();
    $("preview-caption").textContent = name ? t("preview_of", { name: name })
                                            : t("preview_unnamed");
    buildOverlay(root);
    $("status").textContent = prev;
  }

  function buildOverlay(root) {
    const ov = $("overlay");
    clear(ov);
    ov.setAttribute("viewBox", root.getAttribute("viewBox") || "0 0 720 786");
    ov.setAttribute("aria-label", t("wedges_label"));
    const ns = "http://www.w3.org/2000/svg";
    const wedges = root.querySelectorAll("[id='kpi-wedges'] > path");
    const group = root.querySelector("[id='kpi-wedges']");
    if (group && group.getAttribute("transform"))
      ov.setAttribute("data-transform", group.getAttribute("transform"));
    const g = document.createElementNS(ns, "g");
    if (group && group.getAttribute("transform"))
      g.setAttribute("transform", group.getAttribute("transform"));
    let i = 0;
    for (const w of wedges) {
      const p = document.createElementNS(ns, "path");
      p.setAttribute("d", w.getAttribute("d"));
      p.setAttribute("class", "wedge");
      p.setAttribute("tabindex", i === 0 ? "0" : "-1");
      p.setAttribute("role", "img");
      const tt = w.querySelector("title"), dd = w.querySelector("desc");
      p.dataset.title = tt ? tt.textContent : "";
      p.dataset.desc = dd ? dd.textContent : "";
      p.setAttribute("aria-label", p.dataset.title + ". " + p.dataset.desc);
      p.dataset.index = String(i++);
      g.appendChild(p);
    }
    ov.appendChild(g);
    ov.hidden = wedges.length === 0;
  }

  function showTip(p) {
    const tip = $("tip");
    clear(tip);
    const strong = document.createElement("strong");
    strong.textContent = p.dataset.title;
    const span = document.createElement("span");
    span.textContent = p.dataset.desc;
    tip.appendChild(strong);
    tip.appendChild(span);
    tip.hidden = false;
    const box = $("preview").getBoundingClientRect();
    const r = p.getBoundingClientRect();
    let x = r.left + r.width / 2 - box.left + 12;
    let y = r.top + r.height / 2 - box.top + 12;
    x = Math.min(x, box.width - tip.offsetWidth - 4);
    y = Math.min(y, box.height - tip.offsetHeight - 4);
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
    for (const q of $("overlay").querySelectorAll(".wedge.current"))
      q.classList.remove("current");
    p.classList.add("current");
  }

  function hideTip() {
    $("tip").hidden = true;
  }

  function moveFocus(from, step) {
    const all = $("overlay").querySelectorAll(".wedge");
    if (!all.length) return;
    let i = Number(from.dataset.index) + step;
    if (step === -Infinity) i = 0;
    if (step === Infinity) i = all.length - 1;
    i = (i + all.length) % all.length;
    from.setAttribute("tabindex", "-1");
    all[i].setAttribute("tabindex", "0");
    all[i].focus();
  }

  /* A change of option makes any answer still on its way stale at once:
   * otherwise that answer would clear the busy mark and show the old
   * options while the new request waits for its timer. */
  function later() {
    clearTimeout(timer);
    if (cityFile) {
      ++generation;
      busy(true);
    }
    timer = setTimeout(refresh, 300);
  }

  function chooseCity(file) {
    if (!file) return;
    cityFile = file;
    refresh();
  }

  async function download(format) {
    if (!cityFile) {
      $("export-status").textContent = t("no_file");
      return;
    }
    const p = params(format);
    if (format === "png") {
      if (p.get("page")) p.set("dpi", $("png-dpi").value || "300");
      else p.set("width", $("png-width").value || "2000");
    }
    if (format === "svg") p.set("text", $("svg-text").value);
    $("export-status").textContent = t("exporting", { format: format.toUpperCase() });
    let res;
    try {
      res = await post("api/render", p);
    } catch (e) {
      $("export-status").textContent = t("offline");
      return;
    }
    if (!res.ok) {
      const err = await errorOf(res);
      $("export-status").textContent = t("failed", { message: err.error.message });
      return;
    }
    const blob = await res.blob();
    const cd = res.headers.get("Content-Disposition") || "";
    const m = /filename="([^"]+)"/.exec(cd);
    const file = m ? m[1] : "snapshot." + format;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = file;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    $("export-status").textContent = t("exported", { file: file, size: fmtSize(blob.size) });
  }

  function init() {
    let saved = null;
    try { saved = localStorage.getItem("citysnap-ui"); } catch (e) { /* none */ }
    const start = saved || document.documentElement.lang || "en";
    $("opt-lang").value = words[start] ? start : "en";
    setUi(start);

    $("ui-lang").addEventListener("change", (e) => {
      const was = ui;
      setUi(e.target.value);
      /* the wheel follows the page's language unless it was set apart */
      if ($("opt-lang").value === was && words[ui]) {
        $("opt-lang").value = ui;
        later();
      }
    });
    $("file").addEventListener("change", (e) => chooseCity(e.target.files[0]));
    $("targets").addEventListener("change", (e) => {
      targetsFile = e.target.files[0] || null;
      later();
    });
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer.files.length) chooseCity(e.dataTransfer.files[0]);
    });
    const page = $("opt-page");
    page.addEventListener("change", () => {
      $("opt-margin").disabled = !page.value;
      $("opt-bleed").disabled = !page.value;
    });
    $("options").addEventListener("input", later);
    $("options").addEventListener("change", later);
    $("options").addEventListener("submit", (e) => e.preventDefault());

    const ov = $("overlay");
    ov.addEventListener("mouseover", (e) => {
      if (e.target.classList.contains("wedge")) showTip(e.target);
    });
    ov.addEventListener("mouseleave", hideTip);
    ov.addEventListener("focusin", (e) => {
      if (e.target.classList.contains("wedge")) showTip(e.target);
    });
    ov.addEventListener("focusout", hideTip);
    ov.addEventListener("keydown", (e) => {
      const p = e.target;
      if (!p.classList.contains("wedge")) return;
      const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1,
                      Home: -Infinity, End: Infinity };
      if (e.key in steps) {
        e.preventDefault();
        moveFocus(p, steps[e.key]);
      } else if (e.key === "Escape") {
        hideTip();
      }
    });

    $("dl-png").addEventListener("click", () => download("png"));
    $("dl-svg").addEventListener("click", () => download("svg"));
    $("dl-pdf").addEventListener("click", () => download("pdf"));

    fetch("api/health", { cache: "no-store" }).then((r) => r.json()).then((h) => {
      const formats = h.template || [];
      $("template-row").hidden = formats.length === 0;
      $("template-xlsx").hidden = formats.indexOf("xlsx") < 0;
    }).catch(() => { $("status").textContent = t("offline"); });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
