"""The JavaScript the site tests run in the pages (Playwright's evaluate, wait_for_function and init scripts):
what each snippet returns or records."""

LIVE = "() => window.tbCharts ? window.tbCharts.settled().then(() => true) : true"
"""Wait until every chart of the page is live and done redrawing (after a theme switch or a resize)."""


# Everything a page check needs from the DOM, in one round trip once the charts have drawn.
COLLECT = """() => {
  const charts = [...document.querySelectorAll('.tariffbook-chart')];
  const figures = [...document.querySelectorAll('figure.tariffbook-figure')].map(f => ({
    hrefs: [...f.querySelectorAll('figcaption a')].map(a => a.href),
    citation: (f.querySelector('.tariffbook-citation') || {}).textContent || '',
    rows: f.querySelectorAll('details table tbody tr').length,
  }));
  const wide = document.documentElement.clientWidth >= 992;
  return {
    charts: charts.length,
    drawn: charts.filter(d => d.querySelector('.tb-live svg.marks')).length,
    // the box's reserved height (from the exported SVG) against the live chart's, and their widths
    reserved: charts.map(d => {
      const svg = d.querySelector('.tb-live svg.marks'), box = d.getBoundingClientRect();
      const css = parseFloat(getComputedStyle(d).getPropertyValue(box.width < 560 ? '--tb-h-narrow' : '--tb-h'));
      return [d.dataset.chart, css, svg ? svg.getBoundingClientRect().height : 0, box.width,
              svg ? svg.getBoundingClientRect().width : 0];
    }),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    // text of a live chart drawn outside its box (a legend or label cut off at the box's edge)
    clipped: charts.flatMap(d => { const box = d.getBoundingClientRect();
      return [...d.querySelectorAll('.tb-live svg text')].filter(t => {
        const r = t.getBoundingClientRect();
        return t.textContent.trim() && r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1); })
        .map(t => `${d.dataset.chart}: ${t.textContent.slice(0, 40)}`); }),
    shift: window.tbShift || 0,
    figures_before: window.tbFigures || [],
    figures_after: [...document.querySelectorAll('figure.tb-figure')].map(f => f.getBoundingClientRect().height),
    body: document.body.innerText,
    figures: figures,
    results: [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href')),
    search_boxes: [...document.querySelectorAll('.search-button-field, button.search-button, form.bd-search')]
      .filter(e => e.offsetParent !== null && !e.closest('.bd-search-container, dialog')).length,
  };
}"""


SEARCH_DONE = """() => /finished|did not match/i.test(
    (document.querySelector('#search-results .search-summary') || {}).textContent || '')
  && [...document.querySelectorAll('#search-results ul.search li')].every(li => li.querySelector('p.context'))"""
"""The search page is done: its summary says so, and each result has its snippet (Sphinx fetches each result's
page for it after listing the results)."""


CLS = """window.tbShift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) window.tbShift += e.value; })).observe({type: 'layout-shift', buffered: true});
document.addEventListener('DOMContentLoaded', () => { window.tbFigures =
  [...document.querySelectorAll('figure.tb-figure')].map(f => f.getBoundingClientRect().height); });"""
"""From the page's start (an init script): its cumulative layout shift, and each chart figure's height when the
HTML has been read (before any image or script has arrived)."""


AXE_RUN = """async (rules) => (await axe.run(document, rules ? {resultTypes: ['violations'],
    runOnly: {type: 'rule', values: rules}} : {resultTypes: ['violations']})).violations
    .map(v => `${v.id} (${v.nodes.length}): ${v.help} at `
              + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))"""
"""axe-core on the page: every rule, or only the rules given."""


AFTER_SWITCH = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
"""The rules whose outcome a switch to dark mode and a phone's width can change (colours, and what scrolls): the
rules of the light run (WCAG A and AA; the AAA contrast rule is off in both)."""


TAB_STOPS = """() => [...document.querySelectorAll('.pst-scrollable-table-container')]
  .every(e => e.scrollWidth <= e.clientWidth || e.tabIndex === 0)"""
"""Whether every table box that scrolls has its tab stop (pydata-sphinx-theme sets them)."""


CONTRAST = """() => {
  // axe-core does not check the text of SVG charts: every live chart's text against the page (WCAG ratio)
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
      if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const low = [];
  document.querySelectorAll('.tb-live svg text').forEach(t => {
    const st = getComputedStyle(t);
    if (!t.textContent.trim() || parseFloat(t.getAttribute('opacity') || st.opacity) < 1) return;
    const a = lum(st.fill), b = lum(bg(t.closest('.tb-chart')));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${t.textContent.slice(0, 30)}: ${ratio.toFixed(2)}`);
  });
  return low;
}"""


STATIC = """() => [...document.querySelectorAll('.tariffbook-chart')].map(d =>
  [...d.querySelectorAll('img.tb-static')].filter(i => i.offsetWidth > 0 && i.complete && i.naturalWidth > 0).length)"""
"""With JavaScript off: how many static images each chart box shows (one each)."""


DRAWING = """(name) => {
  const svg = document.querySelector(`#tb-${name} .tb-live svg.marks`);
  if (!svg) return null;
  const attrs = ['d', 'transform', 'x', 'y', 'opacity', 'fill-opacity', 'stroke-opacity', 'fill'];
  return [...svg.querySelectorAll('path, text, line, rect')]
    .map(e => e.tagName + attrs.map(a => e.getAttribute(a) || '').join(',') + e.textContent).sort().join('|');
}"""
"""A chart's drawing, as its marks sorted (Vega may draw the same marks in another order)."""


VALUES = """(name) => Object.fromEntries(
  [...document.querySelectorAll(`.tb-controls[data-chart="${name}"] [data-param]`)].map(c => [c.dataset.param,
    c.dataset.kind === 'list' ? [...c.querySelectorAll('input:checked')].map(b => b.value).join(',') : c.value]))"""


DRAWS = """window.tbDraws = 0; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
  if (n.nodeType === 1 && (n.matches('svg.marks') || n.querySelector('svg.marks'))) window.tbDraws++; })))
  .observe(document, {childList: true, subtree: true});"""
"""Count the charts drawn on the page (each draw adds a new SVG)."""
