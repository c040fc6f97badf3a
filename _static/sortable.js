/* tariffbook: make tables with class "sortable" sortable by any column, with buttons (keyboard-usable) and
   aria-sort. Without JavaScript the table is simply unsorted. */
(function () {
  function value(cell) {
    var t = cell.textContent.trim().replace(/,/g, "");
    var n = parseFloat(t);
    return t !== "" && !isNaN(n) && /^-?[\d.]+$/.test(t) ? n : t.toLowerCase();
  }
  function sort(table, col, th) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = value(a.cells[col]), y = value(b.cells[col]);
      if (x === "" || y === "") { return x === "" ? 1 : -1; }   /* blanks last either way */
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
      return asc ? c : -c;
    }).forEach(function (row) { body.appendChild(row); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (th, col) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "tariffbook-sort";
        b.innerHTML = th.innerHTML;
        b.title = "Sort by this column";
        b.addEventListener("click", function () { sort(table, col, th); });
        th.innerHTML = "";
        th.appendChild(b);
      });
    });
  });
})();
