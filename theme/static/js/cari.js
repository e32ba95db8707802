/* Site search (/cari/): progressive enhancement with Pagefind's UI.
   Without JavaScript, or when the index cannot load, the page keeps its
   plain form and the links to the case listings. Everything is loaded from
   this site's own /pagefind/ folder; no request leaves the site. */
(function () {
  "use strict";
  var box = document.getElementById("cari");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = box.getAttribute("data-css");
  document.head.appendChild(css);
  // Pagefind stores root-relative URLs ("/kasus/x/"); the site may be served from a
  // sub-path, which is the folder above the bundle's.
  var base = new URL("..", css.href).pathname;
  var ui = new PagefindUI({
    element: "#cari",
    baseUrl: base,
    showImages: false,
    showSubResults: true,
  });
  document.querySelectorAll(".search-form, .search-fallback").forEach(function (el) {
    el.hidden = true;
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
