/* Site search (/cari/): progressive enhancement with Pagefind's UI.
   Without JavaScript, or when the index cannot load, the page keeps its
   plain form and the links to the case listings. Pagefind's UI is loaded
   only when someone searches (a ?q= in the address, or the search box gets
   focus), so the page itself stays within its weight budget. Everything is
   loaded from this site's own /pagefind/ folder; no request leaves the site. */
(function () {
  "use strict";
  var box = document.getElementById("cari");
  var form = document.querySelector(".search-form");
  if (!box || !form) {
    return;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  var started = false;

  function showUI() {
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
    var typed = form.querySelector("input[name=q]").value || query;
    if (typed) {
      ui.triggerSearch(typed);
    }
    var input = box.querySelector("input");
    if (input && !query) {
      input.focus();
    }
  }

  function start() {
    if (started) {
      return;
    }
    started = true;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-js");
    script.onload = function () {
      if (typeof PagefindUI !== "undefined") {
        showUI();
      }
    };
    document.head.appendChild(script);
  }

  if (query) {
    start();
  } else {
    form.addEventListener("focusin", start);
  }
})();
