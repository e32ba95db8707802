/* Site search (/cari/): progressive enhancement with Pagefind's UI.
   Without JavaScript, or when the index cannot load, the page keeps its
   plain form and the links to the case listings. Pagefind's UI is loaded
   only when someone searches (a ?q= in the address, or the search box gets
   focus), so the page itself stays within its weight budget. Everything is
   loaded from this site's own folders; no request leaves the site.
   A large site's index is cut into bundles (lapor_site/search.py):
   pagefind/bundles.json lists each language's, and the search merges those
   of the page's language. */
(function () {
  "use strict";
  var box = document.getElementById("cari");
  var form = document.querySelector(".search-form");
  if (!box || !form) {
    return;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  var started = false;

  // The bundles of this page's language (folders relative to the site root); the
  // main bundle alone when the list is missing or names none for the language.
  function bundlesOf(list) {
    var lang = (document.documentElement.lang || "").toLowerCase();
    var found = list && (list[lang] || list.unknown);
    return Array.isArray(found) && found.length ? found : ["pagefind/"];
  }

  function showUI(list) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = box.getAttribute("data-css");
    document.head.appendChild(css);
    // Pagefind stores root-relative URLs ("/kasus/x/"); the site may be served from a
    // sub-path, which is the folder above the main bundle's.
    var base = new URL("..", css.href).pathname;
    var bundles = bundlesOf(list).map(function (folder) {
      return base + folder;
    });
    var ui = new PagefindUI({
      element: "#cari",
      bundlePath: bundles[0],
      baseUrl: base,
      mergeIndex: bundles.slice(1).map(function (path) {
        return { bundlePath: path, baseUrl: base };
      }),
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
      if (typeof PagefindUI === "undefined") {
        return;
      }
      var request = new XMLHttpRequest();
      request.open("GET", new URL("bundles.json", script.src).href);
      request.responseType = "json";
      request.onloadend = function () {
        showUI(request.status === 200 ? request.response : null);
      };
      request.send();
    };
    document.head.appendChild(script);
  }

  if (query) {
    start();
  } else {
    form.addEventListener("focusin", start);
  }
})();
