/* The search page: start Pagefind's search box and results in
   #app-search-page, run the search in the address (?q=…, which the header's
   search form sends), and hide the message for readers without JavaScript.
   Pagefind's own script (pagefind/pagefind-ui.js) loads before this one.
   No inline script or style: the site's Content-Security-Policy allows none. */
(function () {
  "use strict";

  var container = document.getElementById("app-search-page");
  var script = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  if (!container || !script || typeof window.PagefindUI !== "function") {
    return; // Pagefind did not load: the message stays.
  }

  // Pagefind records each result's address from the site's root; when the
  // site lives under a folder (https://example.org/guide/), start there.
  var siteRoot = new URL("../", script.src).pathname;

  var search = new window.PagefindUI({
    element: "#app-search-page",
    baseUrl: siteRoot,
    showImages: false,
    // The index is small: search on the page itself, not in a Web Worker
    // (one file less to fetch, and nothing for the CSP to allow as a worker).
    noWorker: true,
    translations: { placeholder: "Search the guide" }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    search.triggerSearch(query.trim());
  }

  var message = document.getElementById("app-search-no-script");
  if (message) {
    message.hidden = true;
  }
})();
