import { createRequire } from "node:module";
import { today } from "../base/clock.js";
import { type CaseStage, caseStage, isOverdue } from "../domain/case-stage.js";
import type { Enterprise } from "../domain/enterprise.js";
import { historyLine } from "../domain/history.js";
import type { PhotoVerdict, ProofPolicy } from "../domain/photo-proof.js";
import { summarizeProgress, type TownProgress } from "../domain/progress-stats.js";
import { STAGE_COLORS } from "../reports/chart/wall-chart.js";
import type { BoardRepo, CaseChange, SitePoint } from "../storage/board-repo.js";
import type { AttachedPhoto } from "../storage/photos-repo.js";
import type { Repos } from "../storage/repos.js";
import type { Town } from "../storage/towns-repo.js";
import type { BoardMapConfig } from "./config.js";
import { photoVerdict } from "./photo-verdict.js";

/** A point on the board's map, in the tiles' coordinate system. */
export interface MapPoint {
  lat: number;
  lng: number;
  caseNo: string;
  name: string;
  stage: string;
  /** The stage's colour on the wall chart, so map and chart speak alike. */
  color: string;
  /** A photo's place rather than a site. */
  photo?: boolean;
}

export interface BoardData {
  repos: Repos;
  board: BoardRepo;
  map: BoardMapConfig;
  proof: ProofPolicy;
}

// gcoord is CommonJS whose types describe its ES build's default export: load it as what it is.
const gcoord = createRequire(import.meta.url)("gcoord") as typeof import("gcoord").default;

/** Phones and EXIF give WGS-84; 高德 tiles want GCJ-02 (a few hundred metres apart in China). */
export function toTiles(map: BoardMapConfig, lat: number, lng: number): { lat: number; lng: number } {
  if (map.crs !== "gcj02") return { lat, lng };
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: y, lng: x };
}

function sitePoints(map: BoardMapConfig, sites: SitePoint[]): MapPoint[] {
  return sites.map((s) => {
    const stage = caseStage({
      state: s.state as Enterprise["state"],
      requirement: s.requirement as Enterprise["requirement"],
      closedAt: s.closedAt,
    });
    return {
      ...toTiles(map, s.lat, s.lng),
      caseNo: s.caseNo,
      name: s.name,
      stage,
      color: STAGE_COLORS[stage],
    };
  });
}

export interface OverviewData {
  day: string;
  towns: Town[];
  progress: TownProgress[];
  overdue: Enterprise[];
  changes: CaseChange[];
  points: MapPoint[];
}

/** The district page's or a town page's numbers: the same counts and summing as 进度. */
export async function loadOverview(d: BoardData, clock: { now(): Date }, town?: Town): Promise<OverviewData> {
  const day = today(clock);
  const towns = town ? [town] : await d.repos.towns.list();
  return {
    day,
    towns,
    progress: summarizeProgress(await d.repos.enterprises.progressCells(day, town?.id), towns),
    overdue: await d.repos.enterprises.overdue(day, town?.id, 50),
    changes: await d.board.recentChanges(15, town?.id),
    points: sitePoints(d.map, await d.board.sites(town?.id)),
  };
}

export interface TownCase {
  enterprise: Enterprise;
  stage: CaseStage;
  overdue: boolean;
}

export async function loadTownCases(d: BoardData, day: string, town: Town): Promise<TownCase[]> {
  return (await d.repos.enterprises.listByTown(town.id)).map((e) => ({
    enterprise: e,
    stage: caseStage(e),
    overdue: isOverdue(e, day),
  }));
}

export interface CasePhoto {
  index: number;
  photo: AttachedPhoto;
  verdict: PhotoVerdict;
  reusedOn: string[];
}

export interface CaseData {
  day: string;
  enterprise: Enterprise;
  stage: CaseStage;
  overdue: boolean;
  history: string[];
  photos: CasePhoto[];
  points: MapPoint[];
}

export async function loadCase(d: BoardData, clock: { now(): Date }, e: Enterprise): Promise<CaseData> {
  const day = today(clock);
  const attached = await d.repos.photos.forEnterprise(e.id);
  const photos: CasePhoto[] = [];
  for (const p of attached) {
    photos.push({ index: p.seq, photo: p, reusedOn: p.reusedOn, verdict: photoVerdict(p, e, d.proof) });
  }
  const points: MapPoint[] = [];
  const stage = caseStage(e);
  if (e.siteLat !== null && e.siteLng !== null)
    points.push({
      ...toTiles(d.map, e.siteLat, e.siteLng),
      caseNo: e.caseNo,
      name: e.name,
      stage,
      color: STAGE_COLORS[stage],
    });
  for (const p of photos)
    if (p.photo.gps)
      points.push({
        ...toTiles(d.map, p.photo.gps.lat, p.photo.gps.lng),
        caseNo: e.caseNo,
        name: `照片${p.index}`,
        stage,
        color: "#6b7480",
        photo: true,
      });
  return {
    day,
    enterprise: e,
    stage,
    overdue: isOverdue(e, day),
    history: (await d.repos.audit.forEntity("enterprise", e.id)).map(historyLine),
    photos,
    points,
  };
}
