/* tb-charts.js: the page side of tariffbook's charts. No dependencies; Vega is loaded when it is needed.

   The build writes, for each chart (tariffbook/charts/render.py):
     <figure class="tariffbook-figure tb-figure">
       <form class="tb-controls" data-chart="NAME">...labelled inputs, each with data-param...</form>
       <div class="tariffbook-chart tb-chart" id="tb-NAME" data-chart="NAME" style="--tb-h:430px;--tb-h-narrow:478px">
         <img class="tb-static tb-wide tb-light" ...> (and tb-narrow, tb-dark variants: CSS shows one)
         <script type="application/json" class="tb-spec">{...the Vega-Lite spec...}</script>
       </div>
       <figcaption>...sources, downloads, data table...</figcaption>
     </figure>

   1. Facade: the static image is there at first paint, at the height the box reserves (tb-charts.css). Vega
      (vega-offline.js, next to this script, ~900 KB) is fetched, not run, when the browser is idle after the
      page has loaded, and runs when the reader reaches for a chart or its controls (or when the page's URL
      asks for other values than the image shows): a reader who only reads never pays for it. The live chart is
      drawn over the static one, in the same box, then the static one is hidden: nothing moves.
   2. Fit: a chart takes its box's width ("container"); the `narrow` param and the chart's narrow values
      (usermeta.tariffbook.narrow) apply when the box is narrower than BREAKPOINT: the same rule as
      tariffbook.charts.exports.export_spec, so the live chart has the static image's height.
   3. Controls and the URL: every control's value is in the page's URL (?countries=JPN,KOR&as_of=2025-07-08),
      written as the reader changes it and read back before anything is drawn. Single values are bound by Vega
      itself (bind: {element: "#id"}); lists (checkboxes) are array params set here. Dates show as "8 Jul 2025"
      and are announced so, with the chart's own summary (a text mark named tb_summary), in a live region.
   4. Tables that follow a chart: a table whose caption has data-follows="NAME" shows only the rows the chart's
      controls select (data-as_of: a day, shown from it on; with data-as_of-until, a span, shown on the days it
      covers; data-countries: codes, "*" for all), and
      its caption is rewritten from data-template ({n}, {as_of}, {countries}).
   5. Colours: the dark colours (usermeta.tariffbook.dark) are merged into the spec's config when the page is dark
      (html[data-theme="dark"], set by the theme); live charts are redrawn when the reader switches. */
(function () {
  "use strict";
  var BREAKPOINT = 560; // px of a chart's box: tariffbook.charts.theme.BREAKPOINT, tb-charts.css
  // A redraw waits this long, so that what comes together (a theme switch and a phone turned, a window dragged
  // across the breakpoint) makes one draw, at the width the box has then: each draw of a big chart costs a phone
  // a few hundred ms of main thread.
  var REDRAW_MS = 100;
  var DAY = 864e5;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var me = document.currentScript;
  var VEGA_SRC = new URL("vega-offline.js", me ? me.src : location.href).href;
  var EMBED = {mode: "vega-lite", actions: false, renderer: "svg"};
  var tb = window.tbCharts = {};

  function each(list, f) { Array.prototype.forEach.call(list, f); }
  function meta(spec) { return (spec.usermeta && spec.usermeta.tariffbook) || {}; }
  function words(iso) { // "2025-07-08" -> "8 Jul 2025" (as Python writes it: tariffbook.charts.controls.date_words)
    var d = new Date(Date.parse(iso));
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /* ------------------------------------------------------------------ 2. fit and 5. colours */
  function merge(a, b) {
    var out = {}, k;
    for (k in a) out[k] = a[k];
    for (k in b) {
      var both = b[k] && typeof b[k] === "object" && !Array.isArray(b[k]) && a[k] && typeof a[k] === "object";
      out[k] = both ? merge(a[k], b[k]) : b[k];
    }
    return out;
  }
  function dark() { return document.documentElement.dataset.theme === "dark"; }

  function prepare(spec, width) {
    var narrow = width < BREAKPOINT, info = meta(spec);
    (spec.params || []).forEach(function (p) { if (p.name === "narrow") p.value = narrow; });
    if (narrow && info.narrow) Object.keys(info.narrow).forEach(function (k) { spec[k] = info.narrow[k]; });
    spec.width = "container";
    spec.config = merge(spec.config || {}, dark() && info.dark ? info.dark : {});
    spec.config.background = "transparent"; // chart, card and page share one background
    return spec;
  }

  /* ------------------------------------------------------------------ 3. controls and the URL */
  function formOf(name) { return document.querySelector('.tb-controls[data-chart="' + name + '"]'); }
  function controlsOf(form) { return form ? [].slice.call(form.querySelectorAll("[data-param]")) : []; }
  function boxes(c) { return [].slice.call(c.querySelectorAll("input[type=checkbox]")); }
  function checked(c) { return boxes(c).filter(function (b) { return b.checked; }); }

  function read(c) { // the control's value as the URL writes it
    if (c.dataset.kind === "list") return checked(c).map(function (b) { return b.value; }).join(",");
    if (c.dataset.kind === "date") return new Date(Date.parse(c.dataset.t0) + Number(c.value) * DAY).toISOString().slice(0, 10);
    return c.value;
  }

  function write(c, text) { // set a control from the URL; false (and nothing changed) if the value is not allowed
    if (c.dataset.kind === "list") {
      var want = text.split(",");
      if (!boxes(c).some(function (b) { return want.indexOf(b.value) >= 0; })) return false;
      boxes(c).forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
      return true;
    }
    if (c.dataset.kind === "date") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || isNaN(Date.parse(text))) return false;
      var d = Math.round((Date.parse(text) - Date.parse(c.dataset.t0)) / DAY);
      if (!(d >= Number(c.min) && d <= Number(c.max))) return false;
      c.value = String(d);
      return true;
    }
    if (c.tagName === "SELECT") {
      if (![].some.call(c.options, function (o) { return o.value === text; })) return false;
      c.value = text;
      return true;
    }
    var n = Number(text);
    if (text === "" || isNaN(n) || n < Number(c.min) || n > Number(c.max)) return false;
    c.value = text;
    return true;
  }

  function shown(c) { // the control's value in words
    if (c.dataset.kind === "list") return checked(c).map(function (b) { return b.parentNode.textContent.trim(); }).join(", ");
    if (c.dataset.kind === "date") return words(read(c));
    if (c.tagName === "SELECT") return c.options[c.selectedIndex].text;
    return (c.dataset.format || "{}").replace("{}", c.value);
  }

  function describe(c) { // the visible value and aria-valuetext say words, not raw numbers
    if (c.dataset.kind === "list") {
      var summary = c.querySelector("summary");
      if (summary) summary.textContent = checked(c).length + " of " + boxes(c).length + " chosen: " + (shown(c) || "none");
      return;
    }
    if (c.tagName === "SELECT") return;
    c.setAttribute("aria-valuetext", shown(c));
    var out = document.getElementById(c.id + "-out");
    if (out) out.textContent = shown(c);
  }

  function syncUrl() {
    var q = new URLSearchParams(location.search);
    each(document.querySelectorAll(".tb-controls [data-param]"), function (c) {
      var v = read(c);
      if (v === c.tbDefault) q.delete(c.dataset.param); else q.set(c.dataset.param, v);
    });
    var s = q.toString().replace(/%2C/g, ",");
    history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  function state(name) { // {param: value} of a chart's controls (lists as arrays, dates as ISO)
    var out = {};
    controlsOf(formOf(name)).forEach(function (c) {
      out[c.dataset.param] = c.dataset.kind === "list" ? read(c).split(",").filter(Boolean) : read(c);
    });
    return out;
  }

  function summaryText(view) { // the text of the chart's mark named tb_summary, if it has one
    var found = "";
    (function walk(node) {
      if (!node || found) return;
      if (node.marktype === "text" && node.name && node.name.indexOf("tb_summary") === 0 && node.items && node.items[0]) {
        var t = node.items[0].text;
        found = (Array.isArray(t) ? t.join(" ") : String(t || "")).replace(/\s+/g, " ").trim();
        return;
      }
      (node.items || []).forEach(walk);
    })(view.scenegraph().root);
    return found;
  }

  function announce(form, el) { // once the reader pauses: the controls' values and what the chart now says
    clearTimeout(form.tbAnnounce);
    form.tbAnnounce = setTimeout(function () {
      var parts = controlsOf(form).map(function (c) {
        var name = c.dataset.kind === "list" ? c.querySelector("legend").textContent
          : form.querySelector('label[for="' + c.id + '"]').textContent;
        return name + ": " + (shown(c) || "none");
      });
      var said = el && el.tbView ? summaryText(el.tbView) : "";
      var table = document.querySelector('caption[data-follows="' + form.dataset.chart + '"]');
      form.querySelector(".tb-status").textContent = parts.join("; ") + "." + (said ? " " + said + "." : "")
        + (table ? " " + table.textContent : "");
    }, 500);
  }

  /* ------------------------------------------------------------------ 4. tables that follow a chart */
  function follow(name) {
    var st = state(name);
    each(document.querySelectorAll('caption[data-follows="' + name + '"]'), function (cap) {
      var rows = cap.closest("table").tBodies[0].rows, n = 0;
      each(rows, function (tr) {
        var keep = Object.keys(st).every(function (param) {
          var v = tr.getAttribute("data-" + param);
          if (v === null) return true;
          if (Array.isArray(st[param])) {
            return v.split(" ").some(function (code) { return code === "*" || st[param].indexOf(code) >= 0; });
          }
          var until = tr.getAttribute("data-" + param + "-until"); // a span: shown on the days it covers
          return v <= st[param] && (until === null || st[param] <= until); // ISO days compare as text
        });
        tr.hidden = !keep;
        if (keep) n += 1;
      });
      if (cap.dataset.template) {
        var form = formOf(name), lists = controlsOf(form).filter(function (c) { return c.dataset.kind === "list"; });
        var text = cap.dataset.template.replace("{n}", String(n))
          .replace("{countries}", lists.length ? shown(lists[0]) || "no country" : "");
        Object.keys(st).forEach(function (param) { // a day reads as a day: {as_of}, {on}
          var v = st[param];
          if (!Array.isArray(v)) text = text.replace("{" + param + "}", /^\d{4}-\d{2}-\d{2}$/.test(v) ? words(v) : v);
        });
        cap.textContent = text;
      }
    });
  }

  /* ------------------------------------------------------------------ 1. facade: load Vega, draw live */
  var vegaPromise = null;
  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!vegaPromise) {
      vegaPromise = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = VEGA_SRC;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("could not load " + VEGA_SRC)); };
        document.head.appendChild(s);
      });
    }
    return vegaPromise;
  }

  function withLists(el, spec) { // array params take the checkboxes' current state
    controlsOf(formOf(el.dataset.chart)).forEach(function (c) {
      if (c.dataset.kind !== "list") return;
      (spec.params || []).forEach(function (p) { if (p.name === c.dataset.param) p.value = read(c).split(",").filter(Boolean); });
    });
    return spec;
  }

  function fitBox(el) { // the box takes the live chart's height (equal to the reserved one until the reader acts)
    var svg = el.querySelector(".tb-live svg");
    if (!svg) return;
    var h = Math.round(svg.getBoundingClientRect().height);
    if (h > 0 && Math.abs(h - el.getBoundingClientRect().height) > 1) el.style.height = h + "px";
  }

  function draw(el) {
    var width = el.clientWidth;
    var spec = withLists(el, prepare(JSON.parse(el.tbSpec), width));
    var live = el.querySelector(".tb-live");
    if (!live) {
      live = document.createElement("div");
      live.className = "tb-live";
      el.appendChild(live);
    }
    if (el.tbView) el.tbView.finalize();
    return window.vegaEmbed(live, spec, EMBED).then(function (res) {
      el.tbView = res.view;
      el.tbWidth = width;
      el.classList.add("tb-is-live"); // tb-charts.css hides the static images now
      el.classList.remove("tb-pending");
      var svg = live.querySelector("svg");
      if (svg && window.ResizeObserver) new ResizeObserver(function () { fitBox(el); }).observe(svg);
      var form = formOf(el.dataset.chart);
      if (form) form.dataset.live = "1";
      // once more, with the sizes of what was just drawn: the layout every later change converges to
      return res.view.resize().runAsync().then(function () { fitBox(el); return res.view; });
    });
  }

  function relayout(el) { // a control changed what the axes hold: lay out again, as a page opened with these values
    var view = el.tbView;
    if (!view) return Promise.resolve();
    el.tbDrawn = view.runAsync().then(function () { return view.resize().runAsync(); }).then(function () { fitBox(el); });
    return el.tbDrawn;
  }

  function live(el) {
    if (!el.tbLive) {
      el.tbSpec = el.querySelector("script.tb-spec").textContent;
      el.tbLive = loadVega().then(function () { return draw(el); }).catch(function (e) {
        el.dataset.error = String(e); // the static image stays: the reader still sees the chart
        console.warn("tariffbook chart", el.id, e);
      });
    }
    return el.tbLive;
  }
  tb.live = live;

  function redraw(el) {
    if (!el.tbView || el.tbAsked) return; // not drawn yet, or a redraw is already on its way
    el.tbDrawn = new Promise(function (done) { el.tbAsked = done; }); // what settled() waits for
    setTimeout(function () {
      var done = el.tbAsked;
      el.tbAsked = null;
      draw(el).then(done, done);
    }, REDRAW_MS);
  }

  function initControls(el) { // before anything is drawn: the URL wins over the built defaults
    var name = el.dataset.chart, form = formOf(name);
    if (!form) return false;
    var q = new URLSearchParams(location.search), fromUrl = false;
    controlsOf(form).forEach(function (c) {
      c.tbDefault = read(c);
      if (q.has(c.dataset.param) && write(c, q.get(c.dataset.param)) && read(c) !== c.tbDefault) fromUrl = true;
      describe(c);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", function (e) {
      var c = e.target.closest("[data-param]");
      if (!c || !e.isTrusted) return; // Vega echoes the values it binds as input events of its own
      describe(c);
      syncUrl();
      follow(name);
      live(el).then(function () {
        if (c.dataset.kind === "list" && el.tbView) {
          return el.tbView.signal(c.dataset.param, read(c).split(",").filter(Boolean)).runAsync();
        }
      }).then(function () { return relayout(el); }).then(function () { announce(form, el); });
    });
    ["focusin", "pointerenter"].forEach(function (ev) {
      form.addEventListener(ev, function () { live(el); }, {once: true, passive: true});
    });
    if (fromUrl) {
      el.classList.add("tb-pending"); // the static image shows the defaults: dimmed until the live chart is drawn
      follow(name);
    }
    return fromUrl;
  }

  function start() {
    var charts = [].slice.call(document.querySelectorAll(".tb-chart[data-chart]"));
    var urgent = charts.filter(initControls); // state restored from the URL: drawn at once
    urgent.forEach(live);
    tb.all = function () { return Promise.all(charts.map(live)); };
    // every chart live and done redrawing (after a theme switch or a resize): what tests and benchmarks wait on
    tb.settled = function () {
      var frames = new Promise(function (ok) { requestAnimationFrame(function () { requestAnimationFrame(ok); }); });
      return tb.all().then(function () { return frames; }) // a resize's redraw starts in the next frame
        .then(function () { return Promise.all(charts.map(function (el) { return el.tbDrawn; })); });
    };
    charts.forEach(function (el) {
      ["pointerenter", "focusin", "touchstart"].forEach(function (ev) {
        el.addEventListener(ev, function () { live(el); }, {once: true, passive: true});
      });
    });
    // Idle: fetch Vega into the cache, at the lowest priority, without running it (running it costs a phone
    // about a second of main thread: Lighthouse's total blocking time on every chart page)
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
    var prefetch = function () {
      idle(function () {
        var link = document.createElement("link");
        link.rel = "prefetch";
        link.as = "script";
        link.href = VEGA_SRC;
        document.head.appendChild(link);
      }, {timeout: 3000});
    };
    if (document.readyState === "complete") prefetch(); else window.addEventListener("load", prefetch);
    if (window.ResizeObserver) { // across the breakpoint (a phone turned, a window resized): draw again
      var ro = new ResizeObserver(function (entries) {
        entries.forEach(function (e) {
          var el = e.target, w = el.clientWidth;
          if (el.tbView && el.tbWidth && (w < BREAKPOINT) !== (el.tbWidth < BREAKPOINT)) redraw(el);
        });
      });
      charts.forEach(function (el) { ro.observe(el); });
    }
    new MutationObserver(function () { charts.forEach(redraw); })
      .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
