// The board in the browser: draws each chart from the definition the server gives for this width
// (the same ECharts option the pushed picture is drawn from), draws the map with Leaflet, and
// refreshes the page's <main> when the server says something changed (server-sent events).
/* global echarts, L */
(() => {
  const base = document.body.dataset.base;
  if (!base) return;
  const main = document.getElementById("main");
  const live = document.getElementById("live");
  const charts = new Map();
  const maps = [];

  async function drawChart(slot) {
    const width = Math.max(300, Math.floor(slot.clientWidth));
    const src = slot.dataset.chart;
    const res = await fetch(`${src}${src.includes("?") ? "&" : "?"}width=${width}`, { cache: "no-store" });
    if (!res.ok) return;
    const { pages } = await res.json();
    for (const c of charts.get(slot) ?? []) c.dispose();
    slot.replaceChildren();
    const drawn = pages.map((page) => {
      const div = document.createElement("div");
      div.className = "chart-page";
      slot.append(div);
      const chart = echarts.init(div, null, { renderer: "svg", width: page.width, height: page.height });
      chart.setOption(page.option);
      return chart;
    });
    charts.set(slot, drawn);
    slot.dataset.width = String(width);
  }

  function drawMap(el) {
    const points = JSON.parse(el.dataset.points || "[]");
    const tiles = el.dataset.tiles ? JSON.parse(el.dataset.tiles) : null;
    const map = L.map(el, { scrollWheelZoom: false, attributionControl: Boolean(tiles) });
    if (tiles) {
      L.tileLayer(tiles.url, {
        subdomains: tiles.subdomains,
        attribution: tiles.attribution,
        maxZoom: 18,
      }).addTo(map);
    } else {
      // No tile source configured (offline, tests): the points on a plain background.
      el.classList.add("plain");
    }
    const markers = points.map((p) => {
      const popup = document.createElement("div");
      const link = document.createElement("a");
      link.href = `${el.dataset.caseBase}${p.caseNo}`;
      link.textContent = p.caseNo;
      popup.append(link, ` ${p.name}`);
      return L.circleMarker([p.lat, p.lng], {
        radius: p.photo ? 5 : 8,
        color: "#1d2733",
        weight: 1,
        fillColor: p.color,
        fillOpacity: 0.95,
      }).bindPopup(popup);
    });
    const group = L.featureGroup(markers).addTo(map);
    map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 15 });
    maps.push(map);
  }

  function init(root) {
    for (const slot of root.querySelectorAll(".chart")) drawChart(slot);
    for (const el of root.querySelectorAll(".map")) drawMap(el);
  }

  async function refresh() {
    const res = await fetch(location.pathname, { headers: { "x-board-fragment": "1" }, cache: "no-store" });
    if (res.status === 403) {
      // The link expired while the page was open: show the server's page for it.
      location.reload();
      return;
    }
    if (!res.ok) return;
    const html = await res.text();
    document.body.dataset.mark = res.headers.get("x-board-mark") ?? document.body.dataset.mark;
    for (const list of charts.values()) for (const c of list) c.dispose();
    charts.clear();
    for (const m of maps.splice(0)) m.remove();
    main.innerHTML = html;
    init(main);
    document.body.dataset.updated = String(Date.now());
  }

  let resizeTimer;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const slot of charts.keys())
        if (String(Math.max(300, Math.floor(slot.clientWidth))) !== slot.dataset.width) drawChart(slot);
    }, 250);
  });

  const events = new EventSource(`${base}/events`);
  events.addEventListener("hello", (e) => {
    live?.classList.add("on");
    // Something changed between this page's rendering and the stream's start.
    if (e.data !== document.body.dataset.mark) refresh();
  });
  events.addEventListener("change", (e) => {
    if (e.data !== document.body.dataset.mark) refresh();
  });
  events.addEventListener("error", () => live?.classList.remove("on"));
  init(main);
})();
