import { randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The web board's keys of the app's env schema. The board runs in the try-out (`npm start` with no
 * platform configured) at a local address, so a newcomer sees it at once; in a deployment it is off
 * unless BOARD=on, and then it needs its own secret and the address people reach it at.
 */
export const boardEnvShape = {
  BOARD: z.enum(["auto", "on", "off"]).default("auto"),
  BOARD_HOST: z.string().default("127.0.0.1"),
  BOARD_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  /** What a 看板 link starts with: the board as people reach it (behind the reverse proxy). */
  BOARD_PUBLIC_URL: z.url().optional(),
  /** Signs the links; 32+ characters, never logged. */
  BOARD_SECRET: z.string().min(32, "至少 32 个字符").optional(),
  BOARD_LINK_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(24),
  /** A tile URL template ({z}/{x}/{y}, {s}); empty: the points on a plain background. */
  BOARD_TILE_URL: z.string().optional(),
  BOARD_TILE_SUBDOMAINS: z.string().default("abc"),
  BOARD_TILE_ATTRIBUTION: z.string().default(""),
  /** 高德 tiles are GCJ-02; 天地图 and OSM are WGS-84 like the phones' GPS. */
  BOARD_TILE_CRS: z.enum(["wgs84", "gcj02"]).default("wgs84"),
};

type BoardEnv = z.infer<z.ZodObject<typeof boardEnvShape>>;

export function checkBoardEnv(env: BoardEnv, ctx: z.RefinementCtx): void {
  if (env.BOARD !== "on") return;
  if (!env.BOARD_SECRET)
    ctx.addIssue({
      code: "custom",
      path: ["BOARD_SECRET"],
      message: "BOARD=on 时必须设置（至少 32 个字符）",
    });
  if (!env.BOARD_PUBLIC_URL)
    ctx.addIssue({
      code: "custom",
      path: ["BOARD_PUBLIC_URL"],
      message: "BOARD=on 时必须填写看板的访问地址",
    });
}

export interface BoardMapConfig {
  tileUrl?: string;
  subdomains: string;
  attribution: string;
  crs: "wgs84" | "gcj02";
}

export interface BoardConfig {
  host: string;
  port: number;
  /** BOARD_PUBLIC_URL; unset: the address the server listens at. */
  publicUrl?: string;
  secret: string;
  linkTtlMs: number;
  map: BoardMapConfig;
}

/** The board's settings, or undefined when it does not run (a deployment that did not turn it on). */
export function boardConfig(env: BoardEnv, tryOut: boolean): BoardConfig | undefined {
  if (env.BOARD === "off" || (env.BOARD === "auto" && !tryOut)) return undefined;
  return {
    host: env.BOARD_HOST,
    port: env.BOARD_PORT,
    publicUrl: env.BOARD_PUBLIC_URL?.replace(/\/+$/, ""),
    // The try-out's links die with the process: nothing to configure, nothing to leak.
    secret: env.BOARD_SECRET ?? randomBytes(32).toString("base64url"),
    linkTtlMs: env.BOARD_LINK_HOURS * 3_600_000,
    map: {
      tileUrl: env.BOARD_TILE_URL || undefined,
      subdomains: env.BOARD_TILE_SUBDOMAINS,
      attribution: env.BOARD_TILE_ATTRIBUTION,
      crs: env.BOARD_TILE_CRS,
    },
  };
}
