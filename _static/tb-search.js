/* tariffbook: search results quote a page's text as a reader reads it.
   Sphinx's snippet is the text of the page's main block, taken as one string: it began with the labels of the
   buttons above the article ("Color mode"), and ran the cells of a table together ("talksHeldThe Japan News").
   Loaded after searchtools.js and before the index (_templates/search.html): the snippets are made from here. */
(function () {
  var toText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".bd-header-article, .tb-controls").forEach(function (el) { el.remove(); });
    doc.querySelectorAll("td, th, li, dt, dd, p, caption, h1, h2, h3, h4").forEach(function (el) { el.append(" "); });
    return toText(doc.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
  };
})();
