// The pipeline page: every few seconds, fetch the page's live part again and swap it in.
// The new part is parsed by DOMParser (its scripts never run) and comes from this server.
"use strict";
(function () {
  const live = document.getElementById("live");
  if (!live) return;
  const seconds = Math.max(1, Number(live.dataset.refreshSeconds) || 5);
  async function refresh() {
    try {
      const response = await fetch("/pipeline?part=live", { cache: "no-store" });
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = doc.getElementById("live");
      const current = document.getElementById("live");
      if (fresh && current) current.replaceWith(document.adoptNode(fresh));
    } catch (error) {
      // the API is restarting: keep what is shown, try again at the next tick
    }
  }
  window.setInterval(refresh, seconds * 1000);
})();
