import { Hono } from "hono";
import { html } from "hono/html";
import { streamSSE } from "hono/streaming";
import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { today } from "../base/clock.js";
import { findCaseNo } from "../domain/case-number.js";
import { DEFAULT_PROOF_POLICY, type ProofPolicy } from "../domain/photo-proof.js";
import { rankTowns } from "../reports/bulletin/bulletin-format.js";
import { rankingChart } from "../reports/chart/ranking-chart.js";
import { wallChartPages } from "../reports/chart/wall-chart.js";
import { loadWallChart } from "../reports/chart/wall-chart-data.js";
import { createLedgerService } from "../reports/ledger/ledger-service.js";
import { createBoardRepo } from "../storage/board-repo.js";
import type { Db } from "../storage/db.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import { type BoardData, loadCase, loadOverview, loadTownCases } from "./board-data.js";
import type { ChangeFeed } from "./change-feed.js";
import type { BoardConfig } from "./config.js";
import { casePage } from "./pages/case-page.js";
import { type BoardPage, layout, notFoundPage, refusedPage } from "./pages/layout.js";
import { districtPage, townPage } from "./pages/overview-page.js";
import { asset } from "./static-assets.js";
import { mayLedger2, mayOpenTown, mayTownDossiers, type Viewer, viewerOf } from "./viewer.js";

export interface BoardAppDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  log: Logger;
  config: BoardConfig;
  /** Asked at each use (the campaign year may follow the clock). */
  campaignYear: () => number;
  proof?: ProofPolicy;
  feed: ChangeFeed;
}

type Env = { Variables: { viewer: Viewer } };

const KEEP_ALIVE_MS = 25_000;

/**
 * The read-only web board: pages for the district, a town and a case, the charts' definitions for the
 * browser's width, downloads, and a stream of change events. Every path under /b/<token>/ needs a
 * valid, unexpired personal link (看板); anything else about the link gets a plain Chinese page.
 */
export function createBoardApp(deps: BoardAppDeps) {
  const app = new Hono<Env>();
  const board = createBoardRepo(deps.db);
  const data = (): BoardData => ({
    repos: createRepos(deps.db),
    board,
    map: deps.config.map,
    proof: deps.proof ?? DEFAULT_PROOF_POLICY,
  });
  const ledgers = () =>
    createLedgerService({
      db: deps.db,
      photos: deps.photos,
      clock: deps.clock,
      campaignYear: deps.campaignYear(),
      proof: deps.proof,
    });

  app.use("*", async (c, next) => {
    await next();
    // The link's token is in the path: it must never travel to a tile server or another site.
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
    if (!c.res.headers.get("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  /**
   * The whole page, or <main> alone for a live refresh. The change mark is read before the page's
   * data, so a change made while the page loads is seen as newer by the page's event stream.
   */
  async function page(
    c: { req: { header(n: string): string | undefined }; header(n: string, v: string): void },
    load: () => Promise<BoardPage>,
    v: Viewer,
  ) {
    const mark = await board.changeMark();
    const p = await load();
    c.header("x-board-mark", String(mark));
    if (c.req.header("x-board-fragment")) return p.main;
    return layout(p, { base: v.base, who: `${v.name} · ${v.town?.name ?? "全区"}`, mark });
  }

  app.get("/", (c) =>
    c.html(
      layout({
        title: "挂图作战看板",
        main: html`<section class="refused"><h1>挂图作战看板</h1><p>请在聊天中向机器人发送「看板」，获取您的专用链接。</p></section>`,
      }),
    ),
  );

  app.get("/assets/*", (c) => {
    const found = asset(c.req.path.slice("/assets/".length));
    if (!found) return c.notFound();
    return c.body(new Uint8Array(found.body), 200, {
      "Content-Type": found.type,
      "Cache-Control": "public, max-age=3600",
    });
  });

  app.use("/b/:token/*", async (c, next) => {
    const check = await viewerOf(c.req.param("token"), {
      secret: deps.config.secret,
      clock: deps.clock,
      board,
      townById: (id) => createRepos(deps.db).towns.byId(id),
    });
    if (!check.ok) {
      deps.log.info(
        { reason: check.reason, path: c.req.path.replace(/^\/b\/[^/]+/, "/b/…") },
        "board link refused",
      );
      return c.html(layout(refusedPage(check.reason)), 403);
    }
    c.set("viewer", check.viewer);
    await next();
    return undefined;
  });

  app.get("/b/:token/", async (c) => {
    const v = c.get("viewer");
    if (v.town) return c.redirect(`${v.base}/town/${v.town.id}`);
    return c.html(
      await page(c, async () => districtPage(v, await loadOverview(data(), deps.clock), deps.config.map), v),
    );
  });

  app.get("/b/:token/town/:id", async (c) => {
    const v = c.get("viewer");
    const town = await createRepos(deps.db).towns.byId(Number(c.req.param("id")));
    if (!town) return c.html(layout(notFoundPage("没有这个镇（办）。")), 404);
    if (!mayOpenTown(v, town.id)) return c.html(layout(notFoundPage("您只能查看本镇（办）。")), 403);
    const d = data();
    return c.html(
      await page(
        c,
        async () => {
          const overview = await loadOverview(d, deps.clock, town);
          return townPage(v, overview, await loadTownCases(d, overview.day, town), deps.config.map);
        },
        v,
      ),
    );
  });

  async function caseFor(c: { get(k: "viewer"): Viewer; req: { param(k: "caseNo"): string } }) {
    const caseNo = findCaseNo(c.req.param("caseNo"));
    const e = caseNo ? await createRepos(deps.db).enterprises.byCaseNo(caseNo) : undefined;
    return e && mayOpenTown(c.get("viewer"), e.townId) ? e : undefined;
  }

  app.get("/b/:token/case/:caseNo", async (c) => {
    const v = c.get("viewer");
    const e = await caseFor(c);
    if (!e) return c.html(layout(notFoundPage("没有这个案件，或不在您可查看的范围。")), 404);
    return c.html(
      await page(c, async () => casePage(v, await loadCase(data(), deps.clock, e), deps.config.map), v),
    );
  });

  app.get("/b/:token/case/:caseNo/photo/:n", async (c) => {
    const e = await caseFor(c);
    const photo = e && (await createRepos(deps.db).photos.forEnterprise(e.id))[Number(c.req.param("n")) - 1];
    if (!photo) return c.notFound();
    const bytes = await deps.photos.read(photo.path);
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": photo.mime ?? "application/octet-stream",
      "Cache-Control": "private, max-age=3600",
    });
  });

  const widthOf = (w: string | undefined) => Math.min(1600, Math.max(300, Number(w) || 540));

  app.get("/b/:token/chart/wall", async (c) => {
    const v = c.get("viewer");
    const townId = Number(c.req.query("town")) || v.town?.id;
    const repos = createRepos(deps.db);
    const town = townId ? await repos.towns.byId(townId) : undefined;
    if ((townId && !town) || (town && !mayOpenTown(v, town.id))) return c.json({ pages: [] }, 404);
    const wall = await loadWallChart(repos, { today: today(deps.clock), town });
    const pages = wallChartPages(wall, {
      width: widthOf(c.req.query("width")),
      maxHeight: Number.POSITIVE_INFINITY,
    });
    return c.json({ pages });
  });

  app.get("/b/:token/chart/ranking", async (c) => {
    const d = await loadOverview(data(), deps.clock, c.get("viewer").town);
    const rows = rankTowns(
      d.progress.map((p) => ({
        town: p.townName,
        total: p.total,
        overdue: p.overdue,
        completionRate: p.total ? p.finished / p.total : 0,
      })),
    ).map((t) => ({
      label: t.town,
      value: t.completionRate,
      valueLabel: t.total ? undefined : "暂无案件",
      note: `逾期 ${t.overdue}`,
      alert: t.overdue > 0,
    }));
    return c.json({
      pages: [rankingChart({ title: "完成率排名", rows, width: widthOf(c.req.query("width")) })],
    });
  });

  app.get("/b/:token/events", (c) => {
    const v = c.get("viewer");
    return streamSSE(c, async (stream) => {
      let unsubscribe = () => {};
      await new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        // The link's time is up: the stream ends, and a reload meets the refusal page.
        const expiry = setTimeout(resolve, Math.max(0, v.expiresAt - deps.clock.now().getTime()));
        const alive = setInterval(() => void stream.writeSSE({ event: "ping", data: "" }), KEEP_ALIVE_MS);
        unsubscribe = deps.feed.subscribe(
          (mark) => void stream.writeSSE({ event: "change", data: String(mark) }),
        );
        void deps.feed.current().then((mark) => stream.writeSSE({ event: "hello", data: String(mark) }));
        stream.onAbort(() => {
          clearTimeout(expiry);
          clearInterval(alive);
        });
      });
      unsubscribe();
    });
  });

  const download = (bytes: Buffer, fileName: string, type: string) =>
    new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": type,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      },
    });
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  app.get("/b/:token/files/ledger1/:townId", async (c) => {
    const town = await createRepos(deps.db).towns.byId(Number(c.req.param("townId")));
    if (!town || !mayOpenTown(c.get("viewer"), town.id)) return c.notFound();
    const ledger = await ledgers().townLedger(town.name);
    return download(ledger.xlsx, ledger.fileName, XLSX);
  });

  app.get("/b/:token/files/ledger2", async (c) => {
    if (!mayLedger2(c.get("viewer")))
      return c.html(layout(notFoundPage("附件2 仅限区督查、领导和管理员下载。")), 403);
    const ledger = await ledgers().districtLedger();
    return download(ledger.xlsx, ledger.fileName, XLSX);
  });

  app.get("/b/:token/files/dossier/:caseNo", async (c) => {
    const e = await caseFor(c);
    if (!e) return c.notFound();
    const file = await ledgers().dossier(e.caseNo);
    return download(file.pdf, file.fileName, "application/pdf");
  });

  app.get("/b/:token/files/dossiers/:townId", async (c) => {
    const v = c.get("viewer");
    const town = await createRepos(deps.db).towns.byId(Number(c.req.param("townId")));
    if (!town || !mayOpenTown(v, town.id)) return c.notFound();
    if (!mayTownDossiers(v))
      return c.html(layout(notFoundPage("全镇（办）档案由镇（办）管理员或区级人员导出。")), 403);
    const archive = await ledgers().townDossiers(town.name);
    return download(archive.zip, archive.fileName, "application/zip");
  });

  app.notFound((c) => c.html(layout(notFoundPage("页面不存在。")), 404));
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path.replace(/^\/b\/[^/]+/, "/b/…") }, "board page failed");
    return c.html(layout(notFoundPage("页面出错，请稍后再试。")), 500);
  });
  return app;
}
